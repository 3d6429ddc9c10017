package dev.fathom.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A column of text categories stored as codes into a list of levels, in order of first appearance;
 * code {@code -1} marks a missing value.
 *
 * <pre>{@code
 * CategoricalColumn c = CategoricalColumn.of("color", "red", null, "blue", "red");
 * c.levels();    // [red, blue]
 * c.code(3);     // 0
 * c.get(1);      // null (missing)
 * }</pre>
 */
public final class CategoricalColumn implements Column {
    private final String name;
    private final int[] codes;
    private final List<String> levels;

    private CategoricalColumn(String name, int[] codes, List<String> levels) {
        this.name = Table.checkName(name);
        this.codes = codes;
        this.levels = List.copyOf(levels);
    }

    /** A column of {@code values}; {@code null} marks a missing value. */
    public static CategoricalColumn of(String name, String... values) {
        Map<String, Integer> index = new HashMap<>();
        List<String> levels = new ArrayList<>();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            String v = values[i];
            if (v == null) {
                codes[i] = -1;
                continue;
            }
            codes[i] = index.computeIfAbsent(v, k -> {
                levels.add(k);
                return levels.size() - 1;
            });
        }
        return new CategoricalColumn(name, codes, levels);
    }

    /**
     * A column from codes into {@code levels} (readers use this); {@code -1} marks a missing value.
     *
     * @throws IllegalArgumentException when a code is outside {@code [-1, levels.size())}
     */
    public static CategoricalColumn ofCodes(String name, int[] codes, List<String> levels) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] < -1 || codes[i] >= levels.size()) {
                throw new IllegalArgumentException("column '" + name + "': code " + codes[i] + " at row " + i
                        + " is outside the " + levels.size() + " levels (-1 marks a missing value)");
            }
        }
        return new CategoricalColumn(name, codes.clone(), levels);
    }

    /** A column that takes ownership of {@code codes}, already checked, without copying (readers use this). */
    static CategoricalColumn wrap(String name, int[] codes, List<String> levels) {
        return new CategoricalColumn(name, codes, levels);
    }

    @Override public String name() { return name; }
    @Override public ColumnType type() { return ColumnType.CATEGORICAL; }
    @Override public int size() { return codes.length; }
    @Override public boolean isMissing(int row) { return codes[row] < 0; }

    /** The category in {@code row}, or {@code null} when missing. */
    public String get(int row) {
        int c = codes[row];
        return c < 0 ? null : levels.get(c);
    }

    /** The level code in {@code row}: an index into {@link #levels()}, or -1 when missing. */
    public int code(int row) {
        return codes[row];
    }

    /** The distinct categories, in order of first appearance. */
    public List<String> levels() {
        return levels;
    }

    @Override
    public String text(int row) {
        String v = get(row);
        return v == null ? "" : v;
    }

    @Override public CategoricalColumn rename(String name) { return new CategoricalColumn(name, codes, levels); }

    @Override
    public CategoricalColumn rows(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            checkRow(rows[i]);
            out[i] = codes[rows[i]];
        }
        return new CategoricalColumn(name, out, levels);
    }

    @Override
    public String toString() {
        return name + " (" + levels.size() + " levels, " + codes.length + " values)";
    }
}
