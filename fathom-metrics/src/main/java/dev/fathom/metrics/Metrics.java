package dev.fathom.metrics;

import java.util.List;

/** Argument checks and table formatting shared by the metrics. */
final class Metrics {
    private Metrics() {}

    static void checkSameLength(String a, int lengthA, String b, int lengthB) {
        if (lengthA != lengthB) {
            throw new IllegalArgumentException(a + " has " + lengthA + " values but " + b + " has " + lengthB
                    + "; they must describe the same samples");
        }
    }

    static void checkNotEmpty(String what, int length) {
        if (length == 0) throw new IllegalArgumentException(what + " is empty; a metric needs at least one sample");
    }

    /** Rows of cells as text: the first column left-aligned, the others right-aligned. */
    static String alignedTable(List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c] == null ? 0 : r[c].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String cell = r[c] == null ? "" : r[c];
                String pad = " ".repeat(width[c] - cell.length());
                if (c == 0) line.append(cell).append(pad);
                else line.append("  ").append(pad).append(cell);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
