package dev.fathom.estimators;

import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Supplier;

/** Conversions and checks the estimators share. */
final class Estimators {
    /** Where the inner networks' messages (early stopping, restored weights) go: nowhere. */
    static final java.io.PrintStream QUIET = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());

    private Estimators() {}

    /** Class indices from a [n] or [n, 1] tensor of whole numbers >= 0. */
    static int[] labels(Tensor y) {
        if (y.rank() > 2 || (y.rank() == 2 && y.shape(1) != 1)) {
            throw new IllegalArgumentException("class labels must be [samples] class indices, got shape " + Arrays.toString(y.shape())
                    + (y.rank() == 2 ? "; for one-hot rows use y.argmax(1)" : ""));
        }
        double[] v = y.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException("class labels must be whole numbers >= 0 (class indices); sample " + i + " is " + v[i]
                        + ". Encode text labels with a LabelEncoder first; for numeric targets use a regressor");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Rows of a [n, f] float tensor as doubles, checked against {@code features} when that is >= 0. */
    static double[][] rows(Tensor x, int features, String who) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(who + ": x must be [samples, features], got shape " + Arrays.toString(x.shape())
                    + (x.rank() > 2 ? "; flatten each sample first (x.reshape(n, -1))" : "; make it a column with x.reshape(-1, 1)"));
        }
        if (features >= 0 && x.shape(1) != features) {
            throw new IllegalArgumentException(who + " was fitted on " + features + " features but x has " + x.shape(1));
        }
        int f = x.shape(1);
        double[][] out = new double[x.shape(0)][];
        if (x.dtype() == DType.FLOAT32) {
            // One copy of the floats, widened row by row (exactly as a float64 cast): a server's one-row
            // predictions made three copies here (cast, host array, rows).
            float[] flat = x.toFloatArray();
            for (int i = 0; i < out.length; i++) {
                double[] row = new double[f];
                for (int j = 0; j < f; j++) row[j] = flat[i * f + j];
                out[i] = row;
            }
            return out;
        }
        double[] flat = x.asType(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < out.length; i++) out[i] = Arrays.copyOfRange(flat, i * f, (i + 1) * f);
        return out;
    }

    static void checkSamples(Tensor x, Tensor y, String who) {
        if (x.rank() < 1 || y.rank() < 1 || x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException(who + ": x has " + (x.rank() < 1 ? 0 : x.shape(0)) + " samples but y has "
                    + (y.rank() < 1 ? 0 : y.shape(0)) + "; they must describe the same samples");
        }
        if (x.shape(0) == 0) throw new IllegalArgumentException(who + ": no samples to fit");
    }

    static void checkFitted(boolean fitted, String who) {
        if (!fitted) throw new IllegalStateException(who + " is not fitted yet; call fit(x, y) first");
    }

    static int classCount(int[] labels) {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }

    /** Predictions shaped like the training targets ({@code targetShape}) but with {@code rows} samples. */
    static int[] targetShape(int[] targetShape, int rows) {
        int[] shape = targetShape.clone();
        shape[0] = rows;
        return shape;
    }

    /** A shape as a JSON list. */
    static java.util.List<Integer> shapeList(int[] shape) {
        return Arrays.stream(shape).boxed().toList();
    }

    /** The saved "targetShape", checked to hold {@code width} values per sample. */
    static int[] checkTargetShape(EstimatorState state, int width) {
        int[] shape = state.integers("targetShape");
        int per = 1;
        for (int i = 1; i < shape.length; i++) per *= shape[i];
        if (shape.length < 1 || shape.length > 2 || per != width) {
            throw new IllegalArgumentException(state.path() + ": targetShape " + Arrays.toString(shape) + " does not hold "
                    + width + " value(s) per sample; the file is damaged or was edited");
        }
        return shape;
    }

    /** Checks saved coefficients [features][outputs] against the number of outputs. */
    static void checkCoefficients(EstimatorState state, double[][] coef, int outputs) {
        if (coef.length == 0 || coef[0].length != outputs) {
            throw new IllegalArgumentException(state.path() + ": the coefficients are " + coef.length + " x "
                    + (coef.length == 0 ? 0 : coef[0].length) + " but " + outputs + " output(s) are needed");
        }
    }

    /**
     * The bytes of {@code model}'s own model file ({@code Model.save}), to embed in a pipeline file.
     *
     * @throws IllegalArgumentException naming {@code who} when the model cannot be saved (a layer without fromConfig, say)
     */
    static byte[] modelBytes(dev.fathom.models.Model model, String who) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            model.save(out);
        } catch (dev.fathom.saving.ModelFileException e) {
            throw new IllegalArgumentException(who + ": its network cannot be saved: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The model whose model file {@link #modelBytes} gave, loaded and checked as {@code Model.load} does. */
    static dev.fathom.models.Model modelFrom(byte[] bytes, String where) {
        try {
            return dev.fathom.models.Model.load(new java.io.ByteArrayInputStream(bytes), "the network embedded in it");
        } catch (dev.fathom.saving.ModelFileException e) {
            throw new IllegalArgumentException(where + ": the embedded network does not load: " + e.getMessage(), e);
        }
    }

    /** {@code rows}, refused when null: {@code fit(x, y, rows)} needs rows; {@code fit(x, y)} is for all of them. */
    static int[] requireRows(int[] rows, String who) {
        if (rows == null) throw new IllegalArgumentException(who + ": rows is null; pass the indices of the samples to fit on");
        return rows;
    }

    /**
     * What a network estimator checks before training: that it can be fitted (it has a factory),
     * that x and y describe the same samples, and that {@code rows} (when not null) picks some of them.
     *
     * @throws IndexOutOfBoundsException naming the first row outside {@code [0, samples)}
     */
    static void checkFit(boolean hasFactory, Tensor x, Tensor y, int[] rows, String who) {
        if (!hasFactory) throw cannotRefit(who);
        checkSamples(x, y, who);
        if (rows == null) return;
        if (rows.length == 0) throw new IllegalArgumentException(who + ": no samples to fit (no rows picked)");
        int samples = x.shape(0);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= samples) {
                throw new IndexOutOfBoundsException(who + ": row " + rows[i] + " (position " + i + ") is outside the " + samples
                        + " samples of x; rows go from 0 to " + (samples - 1));
            }
        }
    }

    /** Trains {@code m} on the samples at {@code rows} of x and y (all when null), without copying them. */
    static History train(Model m, Tensor x, Tensor y, int[] rows, Fit fit) {
        return rows == null ? m.fit(x, y, fit) : m.fit(x, y, rows, fit);
    }

    /** A model from a network estimator's factory, checked to be ready to train. */
    static Model freshModel(Supplier<Model> factory, String who) {
        Model m = factory.get();
        if (m == null || !m.isBuilt() || m.optimizer() == null) {
            throw new IllegalStateException(who + "'s factory must return a built and compiled model (build(...).compile(...))");
        }
        return m;
    }

    /** {@link #freshModel}, moved to {@code device} (weights and optimizer state) when that is not the CPU. */
    static Model freshModel(Supplier<Model> factory, String who, dev.fathom.backend.Device device) {
        Model m = freshModel(factory, who);
        return device.equals(m.device()) ? m : m.to(device);
    }

    /** {@code t} on the CPU: a network on a device predicts there, and estimators hand back host tensors. */
    static Tensor onHost(Tensor t) {
        return t.to(dev.fathom.backend.Device.cpu());
    }

    /** The error of fitting a network estimator restored from a file, which has no factory to build a fresh model. */
    static IllegalStateException cannotRefit(String who) {
        return new IllegalStateException(who + " was loaded from a file, which keeps the trained network but not the factory"
                + " and Fit that made it, so it cannot be fitted again; make a new " + who + "(factory, fit) to train afresh");
    }

    /** A deep copy, so callers cannot change a fitted estimator. */
    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    /**
     * A fitted linear regression's predictions: {@code x·coef + intercept}, shaped as its training
     * targets were ({@code targetShape} with the row count of {@code x}). {@code who} names the
     * estimator in the errors for an unfitted model or a wrong x.
     */
    static Tensor predictLinear(Tensor x, double[][] coef, double[] intercept, int[] targetShape, String who) {
        checkFitted(coef != null, who);
        double[][] xr = rows(x, coef.length, who);
        Tensor out = matrix(affine(xr, coef, intercept), intercept.length);
        return out.reshape(targetShape(targetShape, xr.length));
    }

    /** {@code x · coef + intercept} for each row: [rows][outputs] (the linear models' outputs). */
    static double[][] affine(double[][] x, double[][] coef, double[] intercept) {
        double[][] out = new double[x.length][intercept.length];
        for (int r = 0; r < x.length; r++) {
            for (int j = 0; j < intercept.length; j++) {
                double s = intercept[j];
                for (int i = 0; i < coef.length; i++) s += x[r][i] * coef[i][j];
                out[r][j] = s;
            }
        }
        return out;
    }

    /** A [rows, cols] float32 tensor from doubles. */
    static Tensor matrix(double[][] rows, int cols) {
        float[] out = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) for (int j = 0; j < cols; j++) out[i * cols + j] = (float) rows[i][j];
        return Tensor.of(out, rows.length, cols);
    }
}
