package dev.fathom.pipeline;

import dev.fathom.data.Column;
import dev.fathom.data.ColumnType;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.Transformer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the values of new data a model cannot compute with (infinities, numbers beyond float32's
 * range) and, on request, makes them missing where the pipeline imputes missing values: a model
 * fed an infinity predicts the same class for every such row without a word.
 */
final class FiniteInputs {
    private FiniteInputs() {}

    /** The columns a {@link SimpleImputer} step of {@code p} fills in. */
    static Set<String> imputed(Preprocessor p) {
        Set<String> out = new HashSet<>();
        if (p == null) return out;
        for (String g : p.groupNames()) {
            for (Transformer t : p.steps(g)) if (t instanceof SimpleImputer && t.isFitted()) out.addAll(t.columns());
        }
        return out;
    }

    /** The first such value of the numeric input columns of {@code checked}, row by row, or null. */
    static NonFiniteValue first(Table checked, List<InputColumn> inputs, Set<String> imputed) {
        NonFiniteValue found = null;
        for (InputColumn in : inputs) {
            if (in.type() != ColumnType.NUMERIC || !(checked.column(in.name()) instanceof NumericColumn c)) continue;
            int limit = found == null ? c.size() : found.row();
            for (int r = 0; r < limit; r++) {
                double v = c.get(r);
                if (NonFiniteValue.isNonFinite(v)) {
                    found = new NonFiniteValue(r, in.name(), v, imputed.contains(in.name()));
                    break;
                }
            }
        }
        return found;
    }

    /** {@code table} with such values of imputed numeric input columns made missing (NaN); other columns as they are. */
    static Table asMissing(Table table, List<InputColumn> inputs, Set<String> imputed) {
        List<Column> out = new ArrayList<>();
        for (Column col : table.columns()) {
            boolean numericInput = inputs.stream().anyMatch(in -> in.name().equals(col.name()) && in.type() == ColumnType.NUMERIC);
            if (numericInput && imputed.contains(col.name()) && col instanceof NumericColumn c) {
                double[] v = c.values().clone();
                boolean changed = false;
                for (int r = 0; r < v.length; r++) {
                    if (NonFiniteValue.isNonFinite(v[r])) {
                        v[r] = Double.NaN;
                        changed = true;
                    }
                }
                out.add(changed ? NumericColumn.of(col.name(), v) : col);
            } else {
                out.add(col);
            }
        }
        return Table.of(out);
    }
}
