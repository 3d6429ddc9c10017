package dev.fathom.data.preprocessing;

import dev.fathom.data.Names;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the preprocessing steps share: a column's values as numbers or categories, and name suggestions. */
final class Columns {
    private Columns() {}

    /**
     * The column's values as numbers ({@code NaN} when missing): numbers as they are, booleans as
     * 0/1, dates as days since 1970-01-01.
     *
     * @throws IllegalArgumentException naming {@code step} and the column when it is categorical
     */
    static double[] numbers(Column column, String step) {
        return switch (column) {
            case NumericColumn n -> n.values();
            case BooleanColumn b -> each(b.size(), b::asDouble);
            case DateColumn d -> each(d.size(), d::asDouble);
            case CategoricalColumn c -> throw new IllegalArgumentException(step + ": column '" + c.name()
                    + "' is categorical (categories " + preview(c.levels()) + "), but " + step + " works on numbers;"
                    + " encode it first with OneHotEncoder or OrdinalEncoder (in a Preprocessor, list it under"
                    + " categorical(...) instead of numeric(...))");
        };
    }

    private static double[] each(int n, java.util.function.IntToDoubleFunction f) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = f.applyAsDouble(i);
        return out;
    }

    /**
     * The distinct categories present in the column (missing values skipped), sorted as
     * scikit-learn sorts them: by number for numeric columns, by text otherwise. A category is the
     * value's text, so the number 1 is the category "1".
     */
    static List<String> sortedCategories(Column column) {
        Map<String, Double> seen = new HashMap<>();
        for (int r = 0; r < column.size(); r++) {
            if (column.isMissing(r)) continue;
            String text = column.text(r);
            if (!seen.containsKey(text)) seen.put(text, column instanceof NumericColumn n ? n.get(r) : 0.0);
        }
        List<String> out = new ArrayList<>(seen.keySet());
        if (column.type() == ColumnType.NUMERIC) out.sort((a, b) -> Double.compare(seen.get(a), seen.get(b)));
        else out.sort(null);
        return out;
    }

    /** The first few of {@code values}, for messages. */
    static String preview(List<?> values) {
        if (values.size() <= 8) return values.toString();
        return values.subList(0, 8).toString().replace("]", ", ... (" + values.size() + " in all)]");
    }

    /** " (did you mean 'x'?)" for the closest candidate, or "" when none is close. */
    static String didYouMean(String wanted, Collection<String> candidates) {
        String near = Names.closest(wanted, candidates);
        return near == null ? "" : " (did you mean '" + near + "'?)";
    }
}
