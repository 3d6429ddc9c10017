package dev.fathom.trees;

/**
 * Sorts values and carries an int array along (the rows of a node by one feature): a three-way
 * quicksort (runs of equal values, common in binary and one-hot features, are settled in one
 * pass), recursing into the smaller part only so the stack stays at {@code log n}.
 *
 * <pre>{@code
 * Sorting.sort(values, rows, 0, n);   // values ascending, rows moved with them
 * }</pre>
 */
final class Sorting {
    private Sorting() {}

    static void sort(double[] v, int[] idx, int from, int to) {
        while (to - from > 16) {
            int lo = from, hi = to - 1;
            double pivot = median(v[lo], v[(lo + hi) >>> 1], v[hi]);
            int lt = lo, i = lo, gt = hi;
            while (i <= gt) {
                double x = v[i];
                if (x < pivot) swap(v, idx, lt++, i++);
                else if (x > pivot) swap(v, idx, i, gt--);
                else i++;
            }
            // [from, lt) < pivot, [lt, gt] == pivot, (gt, to) > pivot
            if (lt - from < to - gt - 1) {
                sort(v, idx, from, lt);
                from = gt + 1;
            } else {
                sort(v, idx, gt + 1, to);
                to = lt;
            }
        }
        for (int i = from + 1; i < to; i++) {
            double x = v[i];
            int r = idx[i];
            int j = i - 1;
            while (j >= from && v[j] > x) {
                v[j + 1] = v[j];
                idx[j + 1] = idx[j];
                j--;
            }
            v[j + 1] = x;
            idx[j + 1] = r;
        }
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(double[] v, int[] idx, int i, int j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
        int r = idx[i];
        idx[i] = idx[j];
        idx[j] = r;
    }
}
