package dev.fathom.data;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects one column's values as a file streams by and infers its type on the way, so nothing is
 * read twice and no column is kept as text longer than it has to be. The states: nothing but
 * missing values so far, numbers (kept as doubles), ISO dates (kept as days), or text (kept as
 * level codes, which is exact; a text column whose levels are all one pair of boolean words becomes
 * boolean at the end). A value that does not fit turns numbers or dates into text; dates come back
 * as the same text, numbers as their shortest form (007 becomes 7), which a warning points out.
 * A declared type never changes: a value that does not fit it is an error for the caller to report.
 */
final class ColumnBuilder {
    private enum State { EMPTY, NUMBER, DATE, TEXT }

    private static final int NO_DATE = Integer.MIN_VALUE;

    private final ColumnType declared;
    private final Set<String> naValues;
    private final boolean naFirst;    // an NA text that reads as a number ("-1", "999"): check NA before parsing
    private State state;
    private int size;
    private double[] numbers;
    private int[] days;
    private int[] codes;
    private final Map<String, Integer> levelIndex = new HashMap<>();
    private final List<String> levels = new ArrayList<>();
    private final double[] parsed = new double[1];
    private String promotion;         // why a column of numbers became text: for the warning

    ColumnBuilder(ColumnType declared, Set<String> naValues, boolean naFirst) {
        this.declared = declared;
        this.naValues = naValues;
        this.naFirst = naFirst;
        this.state = declared == null ? State.EMPTY : switch (declared) {
            case NUMERIC -> State.NUMBER;
            case DATE -> State.DATE;
            case CATEGORICAL, BOOLEAN -> State.TEXT;
        };
        if (state == State.NUMBER) numbers = new double[64];
        if (state == State.DATE) days = new int[64];
        if (state == State.TEXT) codes = new int[64];
    }

    int size() {
        return size;
    }

    /**
     * Checks a value against the declared type before the row is accepted: null when it fits (or the
     * type is inferred), else what is wrong.
     */
    String check(char[] b, int off, int len) {
        if (declared == null || declared == ColumnType.CATEGORICAL || isMissing(b, off, len)) return null;
        return switch (declared) {
            case NUMERIC -> CellText.parseDouble(b, off, len, parsed, 0) ? null : "is not a number";
            case DATE -> CellText.parseDate(b, off, len) != NO_DATE ? null : "is not a date (yyyy-MM-dd)";
            case BOOLEAN -> CellText.booleanWord(new String(b, off, len)) >= 0 ? null
                    : "is not a boolean (true/false, yes/no, t/f, y/n)";
            default -> null;
        };
    }

    private boolean isMissing(char[] b, int off, int len) {
        return len == 0 || naValues.contains(new String(b, off, len));
    }

    /** Appends a value from the file's line {@code line} (for the warning when the type changes). */
    void add(char[] b, int off, int len, long line) {
        if (len == 0 || (naFirst && isMissing(b, off, len))) {
            addMissing();
            return;
        }
        switch (state) {
            case NUMBER -> {
                if (CellText.parseDouble(b, off, len, parsed, 0)) {
                    ensure();
                    numbers[size++] = parsed[0];
                } else if (isMissing(b, off, len)) {
                    addMissing();
                } else {
                    toText("line " + line + " holds " + CsvException.quoted(new String(b, off, len)));
                    addText(new String(b, off, len));
                }
            }
            case DATE -> {
                int d = CellText.parseDate(b, off, len);
                if (d != NO_DATE) {
                    ensure();
                    days[size++] = d;
                } else if (isMissing(b, off, len)) {
                    addMissing();
                } else {
                    toText(null);
                    addText(new String(b, off, len));
                }
            }
            case TEXT -> {
                String s = new String(b, off, len);
                if (naValues.contains(s)) addMissing();
                else addText(s);
            }
            case EMPTY -> {
                if (isMissing(b, off, len)) {
                    addMissing();
                    return;
                }
                if (CellText.parseDouble(b, off, len, parsed, 0)) {
                    numbers = new double[Math.max(64, size * 2)];
                    Arrays.fill(numbers, 0, size, Double.NaN);
                    state = State.NUMBER;
                } else if (CellText.parseDate(b, off, len) != NO_DATE) {
                    days = new int[Math.max(64, size * 2)];
                    Arrays.fill(days, 0, size, NO_DATE);
                    state = State.DATE;
                } else {
                    codes = new int[Math.max(64, size * 2)];
                    Arrays.fill(codes, 0, size, -1);
                    state = State.TEXT;
                }
                add(b, off, len, line);
            }
        }
    }

    void addMissing() {
        switch (state) {
            case EMPTY -> size++;
            case NUMBER -> {
                ensure();
                numbers[size++] = Double.NaN;
            }
            case DATE -> {
                ensure();
                days[size++] = NO_DATE;
            }
            case TEXT -> {
                ensure();
                codes[size++] = -1;
            }
        }
    }

    private void addText(String s) {
        ensure();
        Integer code = levelIndex.get(s);
        if (code == null) {
            code = levels.size();
            levels.add(s);
            levelIndex.put(s, code);
        }
        codes[size++] = code;
    }

    /** Turns numbers or dates into text levels, in order of first appearance. */
    private void toText(String why) {
        int[] c = new int[Math.max(64, codes == null ? numbers == null ? days.length : numbers.length : codes.length)];
        State from = state;
        state = State.TEXT;
        codes = c;
        int n = size;
        size = 0;
        for (int i = 0; i < n; i++) {
            if (from == State.NUMBER) {
                if (Double.isNaN(numbers[i])) addMissing();
                else addText(NumericColumn.format(numbers[i]));
            } else {
                if (days[i] == NO_DATE) addMissing();
                else addText(LocalDate.ofEpochDay(days[i]).toString());
            }
        }
        if (from == State.NUMBER && n > 0 && why != null) promotion = why;
        numbers = null;
        days = null;
    }

    private void ensure() {
        switch (state) {
            case NUMBER -> {
                if (size == numbers.length) numbers = Arrays.copyOf(numbers, grow(size));
            }
            case DATE -> {
                if (size == days.length) days = Arrays.copyOf(days, grow(size));
            }
            case TEXT -> {
                if (size == codes.length) codes = Arrays.copyOf(codes, grow(size));
            }
            case EMPTY -> { }
        }
    }

    private static int grow(int n) {
        int next = n + (n >> 1) + 16;
        if (next < 0 || next > Integer.MAX_VALUE - 8) {
            if (n == Integer.MAX_VALUE - 8) throw new IllegalStateException("a column can hold at most " + n + " rows");
            next = Integer.MAX_VALUE - 8;
        }
        return next;
    }

    /** Why numbers became text, or null when they did not. */
    String promotion() {
        return promotion;
    }

    /**
     * Whether {@code first}, a candidate column name, would sit in this column as data without
     * changing its type: +1 it fits, -1 it does not, 0 no opinion (the column holds nothing yet).
     */
    int fits(String first) {
        return switch (state) {
            case EMPTY -> 0;
            case NUMBER -> CellText.isNumber(first) ? 1 : -1;
            case DATE -> CellText.isDate(first) ? 1 : -1;
            case TEXT -> {
                if (booleanLevels() && CellText.booleanWord(first) < 0) yield -1;
                yield levelIndex.containsKey(first) ? 1 : 0;
            }
        };
    }

    /** Puts {@code value} before the values collected so far (a first line that was data after all). */
    void prepend(String value) {
        char[] c = value.toCharArray();
        add(c, 0, c.length, 1);   // at the end first: this makes any change of type it needs
        switch (state) {
            case EMPTY -> { }
            case NUMBER -> {
                double v = numbers[size - 1];
                System.arraycopy(numbers, 0, numbers, 1, size - 1);
                numbers[0] = v;
            }
            case DATE -> {
                int v = days[size - 1];
                System.arraycopy(days, 0, days, 1, size - 1);
                days[0] = v;
            }
            case TEXT -> {
                int code = codes[size - 1];
                System.arraycopy(codes, 0, codes, 1, size - 1);
                codes[0] = code;
                if (code > 0) {
                    // The first row's level was seen first in the file: it moves to the front, so levels
                    // stay in order of appearance.
                    levels.addFirst(levels.remove(code));
                    for (int i = 0; i < size; i++) codes[i] = codes[i] == code ? 0 : codes[i] >= 0 && codes[i] < code ? codes[i] + 1 : codes[i];
                    levelIndex.replaceAll((k, v) -> v == code ? 0 : v < code ? v + 1 : v);
                }
            }
        }
    }

    private boolean booleanLevels() {
        if (levels.isEmpty()) return false;
        int family = CellText.booleanFamily(levels.getFirst());
        if (family < 0) return false;
        for (String l : levels) if (CellText.booleanFamily(l) != family) return false;
        return true;
    }

    /** The finished column. An all-missing inferred column is numeric (all NaN), as in pandas. */
    Column build(String name) {
        return switch (state) {
            case EMPTY -> {
                double[] v = new double[size];
                Arrays.fill(v, Double.NaN);
                yield NumericColumn.wrap(name, v);
            }
            case NUMBER -> NumericColumn.wrap(name, Arrays.copyOf(numbers, size));
            case DATE -> {
                LocalDate[] d = new LocalDate[size];
                for (int i = 0; i < size; i++) if (days[i] != NO_DATE) d[i] = LocalDate.ofEpochDay(days[i]);
                yield DateColumn.wrap(name, d);
            }
            case TEXT -> {
                if (declared == ColumnType.BOOLEAN || (declared == null && booleanLevels())) {
                    byte[] v = new byte[size];
                    for (int i = 0; i < size; i++) v[i] = codes[i] < 0 ? -1 : (byte) CellText.booleanWord(levels.get(codes[i]));
                    yield BooleanColumn.wrap(name, v);
                }
                yield CategoricalColumn.wrap(name, Arrays.copyOf(codes, size), levels);
            }
        };
    }
}
