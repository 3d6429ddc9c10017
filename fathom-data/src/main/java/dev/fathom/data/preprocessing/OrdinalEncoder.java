package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.ConfigMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replaces each column's categories by their codes 0, 1, ..., k-1 in one numeric column of the
 * same name, as scikit-learn's {@code OrdinalEncoder}. Categories are sorted as scikit-learn sorts
 * them (text in code point order, numbers by value); any column type can be encoded, a category
 * being the value's text. Missing values stay missing ({@code NaN}, scikit-learn's default), for an
 * imputer after the encoder or for rows to drop.
 *
 * <p>A category not seen in fit is an error naming the column, row and value ({@link
 * HandleUnknown#ERROR}, the default) or takes a reserved code ({@link
 * HandleUnknown#USE_ENCODED_VALUE}, e.g. -1, which must not be one of the codes of the categories).
 *
 * <pre>{@code
 * Table train = Table.of(CategoricalColumn.of("size", "S", "M", "L", "M"));
 * OrdinalEncoder enc = new OrdinalEncoder().fit(train);
 * enc.categories();                 // [[L, M, S]]
 * enc.transform(train);             // size [2.0, 1.0, 0.0, 1.0]
 * new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1);   // unseen -> -1
 * }</pre>
 */
public final class OrdinalEncoder extends Transformer {
    private final HandleUnknown handleUnknown;
    private final int unknownValue;
    private final Categories categories = new Categories("OrdinalEncoder");

    /** Encodes with {@link HandleUnknown#ERROR}: an unseen category at transform time is an error. */
    public OrdinalEncoder() {
        this(HandleUnknown.ERROR, -1);
    }

    /**
     * @param handleUnknown {@link HandleUnknown#ERROR} or {@link HandleUnknown#USE_ENCODED_VALUE}
     * @param unknownValue  the code of unseen categories under {@code USE_ENCODED_VALUE} (scikit-learn's
     *                      {@code unknown_value}); -1 is usual, and a code of a fitted category is refused at fit
     * @throws IllegalArgumentException for {@link HandleUnknown#IGNORE}, which is {@link OneHotEncoder}'s
     */
    public OrdinalEncoder(HandleUnknown handleUnknown, int unknownValue) {
        if (handleUnknown == null || handleUnknown == HandleUnknown.IGNORE) {
            throw new IllegalArgumentException("OrdinalEncoder: handleUnknown must be ERROR or USE_ENCODED_VALUE (with an"
                    + " unknownValue such as -1), got " + handleUnknown + (handleUnknown == null ? "" : "; IGNORE is for OneHotEncoder"));
        }
        this.handleUnknown = handleUnknown;
        this.unknownValue = unknownValue;
    }

    static OrdinalEncoder create(ConfigMap c) {
        return new OrdinalEncoder(c.keyword("handleUnknown", HandleUnknown.ERROR), c.integer("unknownValue", -1));
    }

    /** The encoder {@code config} describes (see {@link Transformer#fromConfig}). */
    public static OrdinalEncoder fromConfig(Map<String, ?> config) {
        return (OrdinalEncoder) Transformer.fromConfig("OrdinalEncoder", config);
    }

    @Override
    public OrdinalEncoder fit(Table table) {
        super.fit(table);
        return this;
    }

    /** Each fitted column's categories, sorted: category {@code i} has code {@code i} (scikit-learn's {@code categories_}). */
    public List<List<String>> categories() {
        requireFitted("categories()");
        return categories.all();
    }

    /** The code of unseen categories under {@link HandleUnknown#USE_ENCODED_VALUE}. */
    public int unknownValue() {
        return unknownValue;
    }

    @Override
    protected Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("handleUnknown", handleUnknown.name().toLowerCase(Locale.ROOT));
        p.put("unknownValue", unknownValue);
        return p;
    }

    @Override
    protected void reset() {
        categories.clear();
    }

    @Override
    protected void fitColumn(Column column) {
        checkReservedCode(column.name(), categories.fit(column));
    }

    private void checkReservedCode(String column, List<String> cats) {
        if (handleUnknown == HandleUnknown.USE_ENCODED_VALUE && unknownValue >= 0 && unknownValue < cats.size()) {
            throw new IllegalArgumentException(type() + ": unknownValue " + unknownValue + " is also the code of category '"
                    + cats.get(unknownValue) + "' of column '" + column + "' (codes 0 to " + (cats.size() - 1)
                    + "); reserve -1 or a code >= " + cats.size() + " for unseen categories");
        }
    }

    @Override
    protected List<Column> transformColumn(Column column) {
        double[] codes = new double[column.size()];
        for (int r = 0; r < codes.length; r++) {
            if (column.isMissing(r)) {
                codes[r] = Double.NaN;
                continue;
            }
            Integer k = categories.code(column, r);
            if (k != null) {
                codes[r] = k;
            } else if (handleUnknown == HandleUnknown.USE_ENCODED_VALUE) {
                codes[r] = unknownValue;
            } else {
                throw new IllegalArgumentException(categories.unseen(at("transform", column, r), column, r)
                        + "; use new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1) to give"
                        + " unseen categories the code -1, or fit on data that has it");
            }
        }
        return List.of(NumericColumn.of(column.name(), codes));
    }

    @Override
    protected Map<String, Object> fittedColumn(String name) {
        return categories.fitted(name);
    }

    @Override
    protected void restoreColumn(String name, ConfigMap c) {
        List<String> cats = categories.restore(name, c);
        checkReservedCode(name, cats);
        categories.put(name, cats);
    }
}
