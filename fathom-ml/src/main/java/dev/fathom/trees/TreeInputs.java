package dev.fathom.trees;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/** Conversions and checks the tree models share: features by column, class labels, regression targets. */
final class TreeInputs {
    private TreeInputs() {}

    /**
     * The features of {@code x [samples, features]} as columns {@code [features][samples]} (the
     * layout a split search scans), checked against {@code features} when that is >= 0. NaN is
     * allowed only when {@code allowMissing}.
     */
    static double[][] columns(Tensor x, int features, boolean allowMissing, String who) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(who + ": x must be [samples, features], got shape " + Arrays.toString(x.shape())
                    + (x.rank() > 2 ? "; flatten each sample first (x.reshape(n, -1))" : "; make it a column with x.reshape(-1, 1)"));
        }
        if (features >= 0 && x.shape(1) != features) {
            throw new IllegalArgumentException(who + " was fitted on " + features + " features but x has " + x.shape(1));
        }
        int n = x.shape(0);
        int f = x.shape(1);
        double[] flat = x.asType(DType.FLOAT64).toDoubleArray();
        double[][] cols = new double[f][n];
        for (int r = 0; r < n; r++) {
            int base = r * f;
            for (int j = 0; j < f; j++) {
                double v = flat[base + j];
                if (Double.isNaN(v) && !allowMissing) {
                    throw new IllegalArgumentException(who + ": x has a missing value (NaN) at row " + r + ", feature " + j
                            + "; impute it first (the pipeline's imputer), or use HistGradientBoosting, which learns where missing values go");
                }
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException(who + ": x has " + v + " at row " + r + ", feature " + j
                            + "; replace infinite values before fitting or predicting");
                }
                cols[j][r] = v;
            }
        }
        return cols;
    }

    static void checkSamples(Tensor x, Tensor y, String who) {
        if (x.rank() < 1 || y.rank() < 1 || x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException(who + ": x has " + (x.rank() < 1 ? 0 : x.shape(0)) + " samples but y has "
                    + (y.rank() < 1 ? 0 : y.shape(0)) + "; they must describe the same samples");
        }
        if (x.shape(0) == 0) throw new IllegalArgumentException(who + ": no samples to fit");
    }

    /** Class indices from a [n] or [n, 1] tensor of whole numbers >= 0. */
    static int[] labels(Tensor y, String who) {
        if (y.rank() > 2 || (y.rank() == 2 && y.shape(1) != 1)) {
            throw new IllegalArgumentException(who + ": class labels must be [samples] class indices, got shape "
                    + Arrays.toString(y.shape()) + (y.rank() == 2 ? "; for one-hot rows use y.argmax(1)" : ""));
        }
        double[] v = y.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > 1_000_000) {
                throw new IllegalArgumentException(who + ": class labels must be whole numbers >= 0 (class indices); sample " + i
                        + " is " + v[i] + ". Encode text labels with a LabelEncoder first; for numeric targets use a regressor");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    static int classCount(int[] labels) {
        return Math.max(1, Arrays.stream(labels).max().orElse(-1) + 1);
    }

    /** Regression targets [samples][outputs] from a [n] or [n, k] tensor, checked finite. */
    static double[][] targets(Tensor y, String who) {
        if (y.rank() > 2) {
            throw new IllegalArgumentException(who + ": y must be [samples] or [samples, targets], got shape " + Arrays.toString(y.shape()));
        }
        int n = y.shape(0);
        int k = y.rank() == 2 ? y.shape(1) : 1;
        if (k == 0) throw new IllegalArgumentException(who + ": y has no target columns");
        double[] flat = y.asType(DType.FLOAT64).toDoubleArray();
        double[][] out = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double v = flat[i * k + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(who + ": y is " + v + " at sample " + i + "; drop or impute rows with missing targets");
                }
                out[i][j] = v;
            }
        }
        return out;
    }

    static void checkFitted(boolean fitted, String who) {
        if (!fitted) throw new IllegalStateException(who + " is not fitted yet; call fit(x, y) first");
    }

    /** A seed for item {@code index} derived from {@code seed} (SplitMix64's finalizer), so items draw independently of one another. */
    static long derive(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A [rows, cols] float32 tensor from doubles laid out row-major. */
    static Tensor floats(double[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) out[i] = (float) values[i];
        return cols < 0 ? Tensor.of(out, rows) : Tensor.of(out, rows, cols);
    }
}
