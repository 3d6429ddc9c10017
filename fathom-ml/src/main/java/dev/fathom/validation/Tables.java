package dev.fathom.validation;

import java.util.List;

/** Plain-text tables for the results' {@code toString}. */
final class Tables {
    private Tables() {}

    /** Rows of cells: the first column left-aligned, the others right-aligned, two spaces apart. */
    static String aligned(List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String pad = " ".repeat(width[c] - r[c].length());
                if (c == 0) line.append(r[c]).append(pad);
                else line.append("  ").append(pad).append(r[c]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
