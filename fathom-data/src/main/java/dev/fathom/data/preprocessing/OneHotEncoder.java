package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces each column by one 0/1 column per category seen in fit, named
 * {@code "<column>=<category>"}, as scikit-learn's {@code OneHotEncoder}. Categories are sorted as
 * scikit-learn sorts them (text in code point order, numbers by value), so the feature order does
 * not depend on the order of the rows. Any column type can be encoded: a category is the value's
 * text, so the number 3 becomes {@code "pclass=3"}.
 *
 * <p>A category not seen in fit is an error naming the column, row and value ({@link
 * HandleUnknown#ERROR}, the default) or encodes as all zeros ({@link HandleUnknown#IGNORE}). A
 * missing value is not a category: impute it first (a {@link SimpleImputer} before the encoder);
 * under {@code IGNORE} it encodes as all zeros like an unseen category.
 *
 * <pre>{@code
 * Table train = Table.of(CategoricalColumn.of("sex", "male", "female", "male"));
 * OneHotEncoder enc = new OneHotEncoder().fit(train);
 * enc.categories();                         // [[female, male]]
 * enc.transform(train).columnNames();       // [sex=female, sex=male]
 * new OneHotEncoder(HandleUnknown.IGNORE);  // unseen categories -> all zeros
 * }</pre>
 */
public final class OneHotEncoder extends Transformer {
    private final HandleUnknown handleUnknown;
    private final Categories categories = new Categories("OneHotEncoder");

    /** Encodes with {@link HandleUnknown#ERROR}: an unseen category at transform time is an error. */
    public OneHotEncoder() {
        this(HandleUnknown.ERROR);
    }

    /**
     * @param handleUnknown {@link HandleUnknown#ERROR} or {@link HandleUnknown#IGNORE}
     * @throws IllegalArgumentException for {@link HandleUnknown#USE_ENCODED_VALUE}, which is {@link OrdinalEncoder}'s
     */
    public OneHotEncoder(HandleUnknown handleUnknown) {
        if (handleUnknown == null || handleUnknown == HandleUnknown.USE_ENCODED_VALUE) {
            throw new IllegalArgumentException("OneHotEncoder: handleUnknown must be ERROR or IGNORE (all zeros), got "
                    + handleUnknown + (handleUnknown == null ? "" : "; USE_ENCODED_VALUE is for OrdinalEncoder"));
        }
        this.handleUnknown = handleUnknown;
    }

    static OneHotEncoder create(ConfigMap c) {
        return new OneHotEncoder(c.keyword("handleUnknown", HandleUnknown.ERROR));
    }

    /** The encoder {@code config} describes (see {@link Transformer#fromConfig}). */
    public static OneHotEncoder fromConfig(Map<String, ?> config) {
        return (OneHotEncoder) Transformer.fromConfig("OneHotEncoder", config);
    }

    @Override
    public OneHotEncoder fit(Table table) {
        super.fit(table);
        return this;
    }

    /** What an unseen category becomes. */
    public HandleUnknown handleUnknown() {
        return handleUnknown;
    }

    /** Each fitted column's categories, sorted, in {@link #columns()} order (scikit-learn's {@code categories_}). */
    public List<List<String>> categories() {
        requireFitted("categories()");
        return categories.all();
    }

    @Override
    protected Map<String, Object> parameters() {
        return new LinkedHashMap<>(Map.of("handleUnknown", handleUnknown.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    protected void reset() {
        categories.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        if (handleUnknown == HandleUnknown.ERROR && column.missingCount() > 0) {
            int row = 0;
            while (!column.isMissing(row)) row++;
            throw new IllegalArgumentException(at("fit", column, row) + " is missing (" + column.missingCount()
                    + " values are); a missing value is no category: impute it first (put new SimpleImputer("
                    + "Strategy.MOST_FREQUENT) or SimpleImputer.constant(\"missing\") before the encoder), or use"
                    + " new OneHotEncoder(HandleUnknown.IGNORE) to encode it as all zeros");
        }
        categories.fit(column);
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        List<String> cats = categories.of(column.name());
        int n = column.size();
        double[][] hot = new double[cats.size()][n];
        for (int r = 0; r < n; r++) {
            Integer k = column.isMissing(r) ? null : categories.code(column, r);
            if (k != null) {
                hot[k][r] = 1;
            } else if (handleUnknown == HandleUnknown.ERROR) {
                throw unknown(column, r);
            }
        }
        List<Column> out = new ArrayList<>(cats.size());
        for (int k = 0; k < cats.size(); k++) out.add(NumericColumn.of(column.name() + "=" + cats.get(k), hot[k]));
        return out;
    }

    private IllegalArgumentException unknown(Column column, int row) {
        if (column.isMissing(row)) {
            return new IllegalArgumentException(at("transform", column, row) + " is missing; impute it first (put a"
                    + " SimpleImputer before the encoder), or use new OneHotEncoder(HandleUnknown.IGNORE) to encode it as all zeros");
        }
        return new IllegalArgumentException(categories.unseen(at("transform", column, row), column, row)
                + "; use new OneHotEncoder(HandleUnknown.IGNORE) to encode unseen categories as all zeros, or fit on data that has it");
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        return categories.fitted(name);
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        categories.put(name, categories.restore(name, c));
    }
}
