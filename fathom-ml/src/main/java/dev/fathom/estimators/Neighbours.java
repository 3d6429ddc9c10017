package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * Brute-force nearest-neighbour search: squared distances as |q|² + |x|² − 2·q·xᵀ, so the bulk of
 * the work is one matrix product on the tensor engine, then a partial selection per query row.
 * The product is float64: in float32 the expansion cancels catastrophically once features are
 * large (around 10⁴ a gap of 0.1 vanishes), picking wrong neighbours. The chosen neighbours'
 * distances are then recomputed exactly as Σ(q − x)², so an exact match weighs as one. Queries go
 * in blocks ({@link #BLOCK_ENTRIES} distances at a time), so memory stays bounded whatever the
 * number of queries and training rows.
 */
final class Neighbours {
    private final int k;
    private final boolean distanceWeighted;
    private final String owner;
    private Tensor train;        // [n, f] float64
    private double[][] trainRows;
    private double[] trainNorms; // |x|²

    /** The k nearest training rows of each query row, nearest first, with their vote weights. */
    record Found(int[][] index, double[][] weight) {}

    Neighbours(int k, boolean distanceWeighted, String owner) {
        if (k < 1) throw new IllegalArgumentException(owner + ": k must be >= 1, got " + k);
        this.k = k;
        this.distanceWeighted = distanceWeighted;
        this.owner = owner;
    }

    void fit(Tensor x) {
        fitRows(Estimators.rows(x, -1, owner));
    }

    private void fitRows(double[][] rows) {
        if (rows.length < k) {
            throw new IllegalArgumentException(owner + ": k = " + k + " neighbours but only " + rows.length + " training samples; use a smaller k");
        }
        train = float64(rows, rows[0].length);
        trainRows = rows;
        trainNorms = new double[rows.length];
        for (int i = 0; i < rows.length; i++) for (double v : rows[i]) trainNorms[i] += v * v;
    }

    boolean isFitted() {
        return trainRows != null;
    }

    int size() {
        return trainRows.length;
    }

    /** Writes k, the weighting and the training rows (float64, exact) into {@code state}. */
    void save(EstimatorState state) {
        state.put("k", k).put("distanceWeighted", distanceWeighted).putMatrix("train", trainRows);
    }

    /** The neighbours {@link #save} wrote, fitted on the same rows. */
    static Neighbours restore(EstimatorState state, String owner) {
        Neighbours n = new Neighbours(state.integer("k"), state.bool("distanceWeighted"), owner);
        double[][] rows = state.matrix("train");
        if (rows.length == 0 || rows[0].length == 0) {
            throw new IllegalArgumentException(state.path() + ": the saved training rows are empty");
        }
        n.fitRows(rows);
        return n;
    }

    /** Distances held at once: query rows are taken in blocks of at most this many query-by-training entries. */
    static final int BLOCK_ENTRIES = 1 << 22;

    Found find(Tensor query) {
        double[][] q = Estimators.rows(query, train.shape(1), owner);
        int n = trainNorms.length;
        int f = train.shape(1);
        int[][] index = new int[q.length][];
        double[][] weight = new double[q.length][];
        // One [block, n] product at a time: [queries, n] at once outgrows memory (and a tensor's 2^31 elements) on large data.
        int block = (int) Math.max(1, Math.min(q.length, BLOCK_ENTRIES / n));
        Tensor trainT = train.transpose(0, 1);
        double[] d = new double[n];
        for (int start = 0; start < q.length; start += block) {
            int end = Math.min(q.length, start + block);
            double[] dots;
            try (Tensor rows = float64(java.util.Arrays.copyOfRange(q, start, end), f); Tensor product = rows.matmul(trainT)) {
                dots = product.toDoubleArray();
            }
            for (int r = start; r < end; r++) {
                int[] nearest = nearest(q[r], dots, (r - start) * n, d);
                index[r] = nearest;
                weight[r] = weights(d, nearest);
            }
        }
        return new Found(index, weight);
    }

    /**
     * The k nearest training rows of the query row {@code q}, its dot products with them at
     * {@code dots[offset..]}: every squared distance into {@code d} from the product, the k nearest's
     * recomputed exactly. A method of its own, out of find's loop over the queries: there the loop over
     * the training rows made find compiled on stack (OSR) with all it calls inlined.
     */
    private int[] nearest(double[] q, double[] dots, int offset, double[] d) {
        double qn = 0;
        for (double v : q) qn += v * v;
        for (int i = 0; i < d.length; i++) d[i] = Math.max(0, qn + trainNorms[i] - 2 * dots[offset + i]);
        int[] nearest = smallest(d, k);
        for (int i : nearest) d[i] = squared(q, trainRows[i]);
        return nearest;
    }

    private static Tensor float64(double[][] rows, int cols) {
        double[] out = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * cols, cols);
        return Tensor.of(out, rows.length, cols);
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    private double[] weights(double[] squared, int[] nearest) {
        double[] w = new double[nearest.length];
        if (!distanceWeighted) {
            Arrays.fill(w, 1);
            return w;
        }
        // An exact match takes the whole vote (1/0), as scikit-learn does.
        boolean exact = false;
        for (int j = 0; j < nearest.length; j++) if (squared[nearest[j]] == 0) exact = true;
        for (int j = 0; j < nearest.length; j++) {
            double d = Math.sqrt(squared[nearest[j]]);
            w[j] = exact ? (d == 0 ? 1 : 0) : 1 / d;
        }
        return w;
    }

    /** Indices of the k smallest values, smallest first (ties: lower index first). */
    private static int[] smallest(double[] d, int k) {
        int[] best = new int[k];
        int size = 0;
        for (int i = 0; i < d.length; i++) {
            if (size == k && !(d[i] < d[best[k - 1]])) continue;
            int at = size < k ? size++ : k - 1;
            while (at > 0 && d[best[at - 1]] > d[i]) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        return best;
    }

    @Override
    public String toString() {
        return "k=" + k + (distanceWeighted ? ", distance-weighted" : "");
    }
}
