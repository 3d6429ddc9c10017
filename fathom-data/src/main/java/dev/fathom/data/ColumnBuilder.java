package dev.fathom.data;

import java.math.BigDecimal;
import java.math.MathContext;
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
 * boolean at the end). A value that does not fit turns dates into text at once (they come back as
 * the same text). Numbers are more forgiving, since one stray word must not turn a feature into
 * text: a cell that is not a number is kept aside as a missing value, and {@link #settle} decides at
 * the end: a column is numeric when at least {@link #NUMERIC_SHARE} of its values are numbers (the
 * others stay missing, with a warning naming their lines), else text, with numbers in their
 * shortest form (007 becomes 7). A column that began with text is counted the same way.
 * A declared type never changes: a value that does not fit it is an error for the caller to report.
 */
final class ColumnBuilder {
    /** The share of a column's values (missing ones aside) that must be numbers for it to be numeric. */
    static final double NUMERIC_SHARE = 0.95;
    /** How many cells a warning names before it gives a count. */
    static final int SHOWN = 5;

    private enum State { EMPTY, NUMBER, DATE, TEXT }

    private static final int NO_DATE = Integer.MIN_VALUE;

    /** A cell and the line it is on, for a warning. */
    record Cell(long line, String text) {}

    private final ColumnType declared;
    private final Set<String> naValues;
    private final boolean naFirst;    // an NA text that reads as a number ("-1", "999"): check NA before parsing
    private final boolean comma;      // numbers have a decimal comma
    private State state;
    private int size;
    private double[] numbers;
    private int[] days;
    private int[] codes;
    private final Map<String, Integer> levelIndex = new HashMap<>();
    private final List<String> levels = new ArrayList<>();
    private final double[] parsed = new double[1];

    // Cells that are numbers and cells that are not (missing ones aside), to decide the type at the end.
    private int numberCells;
    private int strayCells;
    private final List<Cell> strays = new ArrayList<>();      // the first SHOWN cells that are not numbers
    // In a column of numbers, where each stray cell is and its text, should the column become text after all.
    private int[] strayRows = new int[0];
    private int[] strayCodes = new int[0];
    private final Map<String, Integer> strayIndex = new HashMap<>();
    private final List<String> strayTexts = new ArrayList<>();

    private int infiniteCells;
    private final List<Cell> infinite = new ArrayList<>();    // the first SHOWN infinite numbers
    private final List<String> notes = new ArrayList<>();     // what settle found, for the warnings

    ColumnBuilder(ColumnType declared, Set<String> naValues, boolean naFirst, boolean comma) {
        this.declared = declared;
        this.naValues = naValues;
        this.naFirst = naFirst;
        this.comma = comma;
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
            case NUMERIC -> number(b, off, len) ? null : "is not a number";
            case DATE -> CellText.parseDate(b, off, len) != NO_DATE ? null : "is not a date (yyyy-MM-dd)";
            case BOOLEAN -> CellText.booleanWord(new String(b, off, len)) >= 0 ? null
                    : "is not a boolean (true/false, yes/no, t/f, y/n)";
            default -> null;
        };
    }

    private boolean number(char[] b, int off, int len) {
        return CellText.parseDouble(b, off, len, parsed, 0, comma);
    }

    private boolean isMissing(char[] b, int off, int len) {
        return len == 0 || naValues.contains(new String(b, off, len));
    }

    /** Appends a value from the file's line {@code line} (for the warnings). */
    void add(char[] b, int off, int len, long line) {
        if (len == 0 || (naFirst && isMissing(b, off, len))) {
            addMissing();
            return;
        }
        switch (state) {
            case NUMBER -> {
                if (number(b, off, len)) {
                    ensure();
                    numbers[size++] = parsed[0];
                    if (!Double.isNaN(parsed[0])) numberCells++;
                    if (Double.isInfinite(parsed[0])) {
                        infiniteCells++;
                        if (infinite.size() < SHOWN) infinite.add(new Cell(line, new String(b, off, len)));
                    }
                } else if (isMissing(b, off, len)) {
                    addMissing();
                } else {
                    addStray(new String(b, off, len), line);
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
                    toText();
                    add(b, off, len, line);
                }
            }
            case TEXT -> {
                String s = new String(b, off, len);
                if (naValues.contains(s)) {
                    addMissing();
                    return;
                }
                addText(s);
                if (declared == null) {
                    // Counted so that a column whose first value is a stray word can still be numeric.
                    if (number(b, off, len)) {
                        numberCells++;
                    } else {
                        strayCells++;
                        if (strays.size() < SHOWN) strays.add(new Cell(line, s));
                    }
                }
            }
            case EMPTY -> {
                if (isMissing(b, off, len)) {
                    addMissing();
                    return;
                }
                if (number(b, off, len)) {
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

    /** A cell of a column of numbers that is not one: missing for now, its text kept aside. */
    private void addStray(String text, long line) {
        if (strayCells == strayRows.length) {
            strayRows = Arrays.copyOf(strayRows, grow(strayCells));
            strayCodes = Arrays.copyOf(strayCodes, strayRows.length);
        }
        Integer code = strayIndex.get(text);
        if (code == null) {
            code = strayTexts.size();
            strayTexts.add(text);
            strayIndex.put(text, code);
        }
        strayRows[strayCells] = size;
        strayCodes[strayCells] = code;
        strayCells++;
        if (strays.size() < SHOWN) strays.add(new Cell(line, text));
        ensure();
        numbers[size++] = Double.NaN;
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

    /** Turns numbers (stray cells back to their text) or dates into text levels, in order of first appearance. */
    private void toText() {
        State from = state;
        String[] strayText = null;
        if (from == State.NUMBER && strayCells > 0) {
            strayText = new String[size];
            for (int i = 0; i < strayCells; i++) strayText[strayRows[i]] = strayTexts.get(strayCodes[i]);
        }
        int[] c = new int[Math.max(64, from == State.NUMBER ? numbers.length : days.length)];
        state = State.TEXT;
        codes = c;
        int n = size;
        size = 0;
        for (int i = 0; i < n; i++) {
            if (from == State.NUMBER) {
                if (strayText != null && strayText[i] != null) addText(strayText[i]);
                else if (Double.isNaN(numbers[i])) addMissing();
                else addText(NumericColumn.format(numbers[i]));
            } else {
                if (days[i] == NO_DATE) addMissing();
                else addText(LocalDate.ofEpochDay(days[i]).toString());
            }
        }
        numbers = null;
        days = null;
        strayRows = new int[0];
        strayCodes = new int[0];
        strayIndex.clear();
        strayTexts.clear();
    }

    /** Whether at least {@link #NUMERIC_SHARE} of the values (missing ones aside) are numbers. */
    private boolean mostlyNumbers() {
        long total = (long) numberCells + strayCells;
        return numberCells > 0 && numberCells >= Math.ceil(NUMERIC_SHARE * total - 1e-9);
    }

    /**
     * Decides an inferred column's type after the last row, and notes why for {@link #warnings}: a
     * column of numbers with too many cells that are not numbers becomes text; a text column that is
     * nearly all numbers becomes numeric, its other cells missing.
     */
    void settle(String name, CsvHints hints) {
        if (declared == null && state == State.NUMBER && strayCells > 0) {
            if (mostlyNumbers()) {
                notes.add(strayNote(name, hints));
            } else {
                Cell first = strays.getFirst();
                long total = (long) numberCells + strayCells;
                String declare = hints.declare(name, ColumnType.CATEGORICAL);
                notes.add("column '" + name + "' began as numbers, but line " + first.line() + " holds " + CsvException.quoted(first.text())
                        + " and only " + numberCells + " of its " + total + " values (" + fourDigits(100.0 * numberCells / total)
                        + "%) are numbers, below the " + fourDigits(100 * NUMERIC_SHARE) + "% a numeric column needs, so it is read as "
                        + "categorical and its numbers are kept in their shortest form (007 as 7)"
                        + (declare == null ? "" : "; declare " + declare + " to keep their exact text"));
                toText();
            }
        } else if (declared == null && state == State.TEXT && strayCells > 0 && mostlyNumbers()) {
            toNumbers();
            notes.add(strayNote(name, hints));
        }
        if (state == State.NUMBER && infiniteCells > 0) notes.add(infiniteNote(name));
    }

    /** A text column that is nearly all numbers, as numbers: the levels that are not numbers become missing. */
    private void toNumbers() {
        double[] byLevel = new double[levels.size()];
        for (int i = 0; i < byLevel.length; i++) {
            char[] t = levels.get(i).toCharArray();
            byLevel[i] = CellText.parseDouble(t, 0, t.length, parsed, 0, comma) ? parsed[0] : Double.NaN;
        }
        double[] v = new double[Math.max(64, size)];
        for (int r = 0; r < size; r++) v[r] = codes[r] < 0 ? Double.NaN : byLevel[codes[r]];
        numbers = v;
        codes = null;
        levels.clear();
        levelIndex.clear();
        state = State.NUMBER;
    }

    private String strayNote(String name, CsvHints hints) {
        long total = (long) numberCells + strayCells;
        String declare = hints.declare(name, ColumnType.CATEGORICAL);
        return "column '" + name + "' is numeric, but " + strayCells + " of its " + total + " values "
                + (strayCells == 1 ? "is not a number and is" : "are not numbers and are") + " read as missing: "
                + cells(strays, strayCells) + " (a column is numeric when at least " + fourDigits(100 * NUMERIC_SHARE)
                + "% of its values are numbers; here " + fourDigits(100.0 * numberCells / total) + "%). Fix "
                + (strayCells == 1 ? "the value" : "the values") + (declare == null ? "" : ", or declare " + declare + " to read the column as text");
    }

    private String infiniteNote(String name) {
        StringBuilder sb = new StringBuilder("column '").append(name).append("' holds ").append(infiniteCells)
                .append(infiniteCells == 1 ? " infinite value" : " infinite values").append(", which models cannot learn from: ");
        for (int i = 0; i < infinite.size(); i++) {
            Cell c = infinite.get(i);
            char[] t = c.text().toCharArray();
            sb.append(i > 0 ? ", " : "").append("line ").append(c.line()).append(' ').append(CsvException.quoted(c.text()));
            if (!CellText.isInfinityWord(t, 0, t.length)) sb.append(" (beyond ±1.798e+308, the range of a double)");
        }
        if (infiniteCells > infinite.size()) sb.append(" and ").append(infiniteCells - infinite.size()).append(" more");
        return sb.append("; fix them, or leave them empty to make them missing values").toString();
    }

    /** "line 12 'four', line 20 'x' and 3 more". */
    private static String cells(List<Cell> shown, int total) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            sb.append(i == 0 ? "" : i == shown.size() - 1 && total == shown.size() ? " and " : ", ")
                    .append("line ").append(shown.get(i).line()).append(' ').append(CsvException.quoted(shown.get(i).text()));
        }
        if (total > shown.size()) sb.append(" and ").append(total - shown.size()).append(" more");
        return sb.toString();
    }

    /** {@code v} to 4 significant digits, without trailing zeros: 98.33, 95. */
    static String fourDigits(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** What {@link #settle} found, one sentence each. */
    List<String> warnings() {
        return notes;
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

    /**
     * Whether {@code first}, a candidate column name, would sit in this column as data without
     * changing its type: +1 it fits, -1 it does not, 0 no opinion (the column holds nothing yet).
     */
    int fits(String first) {
        boolean numbers = state == State.NUMBER || (state == State.TEXT && declared == null && strayCells > 0 && mostlyNumbers());
        if (numbers) return CellText.isNumber(first, comma) ? 1 : -1;
        return switch (state) {
            case EMPTY -> 0;
            case DATE -> CellText.isDate(first) ? 1 : -1;
            case NUMBER -> -1;
            case TEXT -> {
                if (booleanLevels() && CellText.booleanWord(first) < 0) yield -1;
                yield levelIndex.containsKey(first) ? 1 : 0;
            }
        };
    }

    /** Whether {@code text} reads as a number in this column's notation. */
    boolean isNumber(String text) {
        return CellText.isNumber(text, comma);
    }

    /** Puts {@code value} before the values collected so far (a first line that was data after all). */
    void prepend(String value) {
        char[] c = value.toCharArray();
        int straysBefore = strayCells;
        int infiniteBefore = infinite.size();
        int shownBefore = strays.size();
        add(c, 0, c.length, 1);   // at the end first: this makes any change of type it needs
        // The cell is on line 1: it goes first in the lists of cells to name.
        if (strayCells > straysBefore) {
            if (strays.size() > shownBefore) {
                strays.addFirst(strays.removeLast());
            } else {
                strays.addFirst(new Cell(1, value));
                strays.removeLast();
            }
        }
        if (infinite.size() > infiniteBefore) infinite.addFirst(infinite.removeLast());
        switch (state) {
            case EMPTY -> { }
            case NUMBER -> {
                double v = numbers[size - 1];
                System.arraycopy(numbers, 0, numbers, 1, size - 1);
                numbers[0] = v;
                // Stray cells move down a row with the rest; the new one, last, moves to the front.
                int last = strayCells - 1;
                boolean newStray = strayCells > straysBefore;
                for (int i = 0; i < strayCells; i++) strayRows[i] = newStray && i == last ? 0 : strayRows[i] + 1;
                if (newStray) {
                    int code = strayCodes[last];
                    System.arraycopy(strayRows, 0, strayRows, 1, last);
                    System.arraycopy(strayCodes, 0, strayCodes, 1, last);
                    strayRows[0] = 0;
                    strayCodes[0] = code;
                }
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

    /** The finished column (after {@link #settle}). An all-missing inferred column is numeric (all NaN), as in pandas. */
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
