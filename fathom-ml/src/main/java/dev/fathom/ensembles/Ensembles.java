package dev.fathom.ensembles;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/** Checks and conversions the ensembles share. */
final class Ensembles {
    private Ensembles() {}

    /** Class indices from a [n] or [n, 1] tensor of whole numbers >= 0. */
    static int[] labels(Tensor y, String who) {
        if (y.rank() > 2 || (y.rank() == 2 && y.shape(1) != 1)) {
            throw new IllegalArgumentException(who + ": class labels must be [samples] class indices, got shape "
                    + Arrays.toString(y.shape()) + (y.rank() == 2 ? "; for one-hot rows use y.argmax(1)" : ""));
        }
        double[] v = y.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(who + ": class labels must be whole numbers >= 0 (class indices); sample "
                        + i + " is " + (y.dtype() == DType.FLOAT32 ? Float.toString((float) v[i]) : Double.toString(v[i]))
                        + ". For numeric targets use a regressor ensemble");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** The number of classes in {@code labels}: the largest index + 1. */
    static int classCount(int[] labels) {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }

    /** Checks that x is [samples, features] and y describes the same samples. */
    static void checkSamples(Tensor x, Tensor y, String who) {
        if (x == null || y == null) throw new IllegalArgumentException(who + ": x and y must not be null");
        if (x.rank() != 2) {
            throw new IllegalArgumentException(who + ": x must be [samples, features], got shape " + Arrays.toString(x.shape())
                    + (x.rank() > 2 ? "; flatten each sample first (x.reshape(n, -1))" : "; make it a column with x.reshape(-1, 1)"));
        }
        checkSameSamples(x, y, who);
    }

    /**
     * Checks that x is {@code [samples, ...]} — each sample a vector, an image {@code [channels,
     * height, width]} or a sequence, as the members read it — and y describes the same samples. For
     * ensembles that hand x to their members whole (voting), so that networks on images can vote.
     */
    static void checkSamplesOfAnyShape(Tensor x, Tensor y, String who) {
        if (x == null || y == null) throw new IllegalArgumentException(who + ": x and y must not be null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException(who + ": x must be [samples, features] (or [samples, ...] for members that read"
                    + " images or sequences), got shape " + Arrays.toString(x.shape()) + "; make it a column with x.reshape(-1, 1)");
        }
        checkSameSamples(x, y, who);
    }

    private static void checkSameSamples(Tensor x, Tensor y, String who) {
        if (y.rank() < 1 || x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException(who + ": x has " + x.shape(0) + " samples but y has "
                    + (y.rank() < 1 ? 0 : y.shape(0)) + "; they must describe the same samples");
        }
        if (x.shape(0) == 0) throw new IllegalArgumentException(who + ": no samples to fit");
    }

    /** Checks that x has the features the ensemble was fitted on. */
    static void checkFeatures(Tensor x, int features, String who) {
        if (x.rank() != 2 || x.shape(1) != features) {
            throw new IllegalArgumentException(who + " was fitted on [samples, " + features + "] but x has shape "
                    + Arrays.toString(x.shape()));
        }
    }

    /** The shape of one sample of x: its shape without the first (samples) axis. */
    static int[] sampleShape(Tensor x) {
        return Arrays.copyOfRange(x.shape(), 1, x.rank());
    }

    /** Checks that x's samples have the shape the ensemble was fitted on. */
    static void checkSampleShape(Tensor x, int[] sampleShape, String who) {
        if (x.rank() != sampleShape.length + 1 || !Arrays.equals(sampleShape(x), sampleShape)) {
            StringBuilder fitted = new StringBuilder("[samples");
            for (int d : sampleShape) fitted.append(", ").append(d);
            throw new IllegalArgumentException(who + " was fitted on " + fitted + "] but x has shape " + Arrays.toString(x.shape()));
        }
    }

    /**
     * Saves one sample's shape as "sampleShape", and for table rows also as "features", which
     * readers from before image samples read.
     */
    static void putSampleShape(dev.fathom.estimators.EstimatorState state, int[] sampleShape) {
        state.put("sampleShape", shapeList(sampleShape));
        if (sampleShape.length == 1) state.put("features", sampleShape[0]);
    }

    /** The saved "sampleShape", or [features] from a file written before samples could be images. */
    static int[] sampleShape(dev.fathom.estimators.EstimatorState state) {
        return state.has("sampleShape") ? state.integers("sampleShape") : new int[] {state.integer("features")};
    }

    static void checkFitted(boolean fitted, String who) {
        if (!fitted) throw new IllegalStateException(who + " is not fitted yet; call fit(x, y) first");
    }

    /**
     * A member's probabilities as {@code [n][classes]} doubles. A member that saw fewer classes
     * (a bootstrap sample or a fold without the last ones) gets zero columns for the ones it never
     * saw; a wider one is an error naming it.
     */
    static double[][] proba(Classifier member, Tensor x, int classes, String who, String name) {
        Tensor p = member.predictProba(x);
        if (p.rank() != 2 || p.shape(0) != x.shape(0) || p.shape(1) > classes) {
            throw new IllegalArgumentException(who + ": member '" + name + "' (" + member + ") returned probabilities of shape "
                    + Arrays.toString(p.shape()) + " for " + x.shape(0) + " samples, but the ensemble has " + classes
                    + " classes; every member must predict [samples, " + classes + "] (a network needs one output unit per class)");
        }
        int n = p.shape(0);
        int k = p.shape(1);
        float[] flat = p.toFloatArray();
        double[][] out = new double[n][classes];
        for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) out[i][c] = flat[i * k + c];
        return out;
    }

    /** A member's predictions as {@code [n][targets]} doubles, checked to have {@code targets} columns when that is >= 0. */
    static double[][] values(Estimator member, Tensor x, int targets, String who, String name) {
        Tensor p = member.predict(x);
        int n = x.shape(0);
        int t = p.rank() < 1 || p.shape(0) != n ? -1 : p.size() / n;
        if (t < 0 || (targets >= 0 && t != targets)) {
            throw new IllegalArgumentException(who + ": member '" + name + "' (" + member + ") predicted shape "
                    + Arrays.toString(p.shape()) + " for " + n + " samples; expected " + (targets >= 0 ? targets : "one or more")
                    + " value(s) per sample, like the targets it was fitted on");
        }
        double[] flat = p.toDoubleArray();
        double[][] out = new double[n][t];
        for (int i = 0; i < n; i++) System.arraycopy(flat, i * t, out[i], 0, t);
        return out;
    }

    /** A shape as a JSON list. */
    static java.util.List<Integer> shapeList(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    /** The saved "targetShape": [n] or [n, targets]. */
    static int[] targetShape(dev.fathom.estimators.EstimatorState state) {
        int[] shape = state.integers("targetShape");
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(state.path() + ": targetShape " + Arrays.toString(shape) + " is not [n] or [n, targets]");
        }
        return shape;
    }

    /** The index of the largest value; ties go to the first (the smallest class), as NumPy's argmax. */
    static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
        return best;
    }

    /** A float32 tensor of {@code rows}, shaped {@code [rows.length, cols]}. */
    static Tensor matrix(double[][] rows, int cols) {
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < cols; j++) out[i * cols + j] = (float) rows[i][j];
        return Tensor.of(out, rows.length, cols);
    }

    /** Predictions {@code [n][t]} as a tensor shaped like the targets: {@code [n]} when they were, else {@code [n, t]}. */
    static Tensor targets(double[][] rows, int[] targetShape) {
        int t = rows.length == 0 ? 1 : rows[0].length;
        Tensor m = matrix(rows, t);
        int[] shape = targetShape.clone();
        shape[0] = rows.length;
        return m.reshape(shape);
    }
}
