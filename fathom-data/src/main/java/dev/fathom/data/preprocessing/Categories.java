package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.saving.ConfigMap;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted categories of an encoder's columns: per column, the sorted category list and each
 * category's position in it. What {@link OneHotEncoder} and {@link OrdinalEncoder} learn in fit,
 * save in their config and look up in transform.
 */
final class Categories {
    private final String owner;
    private final Map<String, List<String>> lists = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> index = new HashMap<>();

    Categories(String owner) {
        this.owner = owner;
    }

    /** Learns the sorted categories of {@code column}; a column with no values has none and is refused. */
    List<String> fit(Column column) {
        List<String> cats = Columns.sortedCategories(column);
        if (cats.isEmpty()) {
            throw new IllegalArgumentException(owner + ".fit: column '" + column.name() + "' has no values (all missing),"
                    + " so it has no categories to encode; drop it or impute it first");
        }
        put(column.name(), cats);
        return cats;
    }

    void put(String column, List<String> cats) {
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < cats.size(); i++) {
            if (idx.put(cats.get(i), i) != null) {
                throw new IllegalArgumentException(owner + ": column '" + column + "' lists category '" + cats.get(i) + "' twice");
            }
        }
        lists.put(column, List.copyOf(cats));
        index.put(column, idx);
    }

    /** The categories of {@code column}, sorted. */
    List<String> of(String column) {
        return lists.get(column);
    }

    /** The position of {@code row}'s category in its column's list, or null when it was not seen in fit. */
    Integer code(Column column, int row) {
        return index.get(column.name()).get(column.text(row));
    }

    /** Every fitted column's categories, in fit order. */
    List<List<String>> all() {
        return List.copyOf(lists.values());
    }

    void clear() {
        lists.clear();
        index.clear();
    }

    /** The start of the message for a category not seen in fit: where, what, the closest known one. */
    String unseen(String where, Column column, int row) {
        List<String> cats = lists.get(column.name());
        String value = column.text(row);
        return where + " has category '" + value + "'" + Columns.didYouMean(value, cats)
                + ", which was not seen in fit; the known categories are " + Columns.preview(cats);
    }

    /** What a saved config holds for {@code column}. */
    Map<String, Object> fitted(String column) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("categories", lists.get(column));
        return m;
    }

    /** Reads back what {@link #fitted} wrote; returns the categories. */
    List<String> restore(String column, ConfigMap c) {
        c.requireOnly(java.util.Set.of("categories"));
        List<String> cats = Transformer.strings(c, "categories");
        if (cats.isEmpty()) throw new IllegalArgumentException(c.owner() + ": 'categories' is empty");
        return cats;
    }
}
