package dev.fathom.onnx.export;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * {@link KNeighborsClassifier} and {@link KNeighborsRegressor} as ONNX operators, read from their
 * saved state ({@link EstimatorTree}): the training rows {@code T [M, F]} as a float64 initializer
 * and the search as Fathom's {@code Neighbours} does it, in float64 too (float32 distances would
 * reorder near ties): squared distances {@code max(0, |x|² + |t|² − 2·x·Tᵀ)}, {@code TopK(k,
 * largest=0, sorted=1)} (ties: the lower index first, as Fathom), the chosen rows' distances
 * recomputed exactly as {@code Σ(x − t)²}, weights 1 (uniform) or {@code 1/d} (an exact match
 * taking the whole vote), then the weighted mean of the neighbours' one-hot classes (the class
 * probabilities) or of their targets, cast to float32.
 */
final class NeighboursExport {
    private static final int DOUBLE = 11;
    private static final int FLOAT = 1;

    private NeighboursExport() {}

    /** Whether {@code e} is a k-NN estimator this class writes. */
    static boolean handles(Estimator e) {
        return e instanceof KNeighborsClassifier || e instanceof KNeighborsRegressor;
    }

    /** Largest training set written: its float64 rows and one-hot classes (or targets) must fit one ONNX file (2 GB). */
    static final long MAX_BYTES = 1L << 30;

    /** Throws, naming the estimator, when its training rows are too many for one ONNX file. */
    static void requireSupported(Estimator e) {
        requireFits(e, MAX_BYTES);
    }

    /** {@link #requireSupported} with a limit of {@code maxBytes}. */
    static void requireFits(Estimator e, long maxBytes) {
        Saved s = Saved.of(e);
        long values = e instanceof KNeighborsClassifier ? (long) s.train().shape(0) * s.integer("classes") : s.doubles("targets").length;
        long bytes = 8 * (s.train().size() + values);
        if (bytes > maxBytes) {
            throw new IllegalArgumentException("the estimator " + e + " keeps " + s.train().shape(0) + " training rows of "
                    + s.train().shape(1) + " features (" + bytes / (1 << 20) + " MiB as float64), more than the "
                    + maxBytes / (1 << 20) + " MiB an ONNX export of k-NN writes; fit it on fewer rows or export another"
                    + " estimator");
        }
    }

    /** The number of values a k-NN regressor predicts per row. */
    static int targets(Estimator e) {
        Saved s = Saved.of(e);
        return s.doubles("targets").length / s.train().shape(0);
    }

    /** Probabilities {@code [N, classes]} (classifier) or values {@code [N, targets]} (regressor) of {@code x}. */
    static String write(OnnxGraph g, Estimator e, Value x) {
        Saved s = Saved.of(e);
        Tensor train = s.train();
        int m = train.shape(0);
        int f = train.shape(1);
        double[] rows = train.toDoubleArray();
        int k = s.integer("k");
        boolean distanceWeighted = Boolean.TRUE.equals(s.config().get("distanceWeighted"));
        // What each neighbour contributes: its class as a one-hot row, or its targets.
        double[] values;
        int width;
        if (e instanceof KNeighborsClassifier) {
            int[] labels = s.ints("labels");
            width = s.integer("classes");
            values = new double[m * width];
            for (int i = 0; i < m; i++) values[i * width + labels[i]] = 1;
        } else {
            values = s.doubles("targets");
            width = values.length / m;
        }
        double[] norms = new double[m];
        for (int i = 0; i < m; i++) for (int j = 0; j < f; j++) norms[i] += rows[i * f + j] * rows[i * f + j];

        g.scope(e instanceof KNeighborsClassifier ? "k_neighbors_classifier" : "k_neighbors_regressor");
        String xd = g.op("Cast", List.of(x.name()), attrs("to", DOUBLE));
        String zero = g.doubles("zero", new double[] {0});
        String t = g.doubles("train", rows, m, f);
        // |x|² + |t|² − 2·x·Tᵀ, clamped at 0: Fathom's search, term for term.
        String xNorm = g.op("ReduceSum", List.of(g.op("Mul", xd, xd), g.longs(1)), attrs("keepdims", 1));
        String dots = g.op("Gemm", List.of(xd, t), attrs("transB", 1));                  // x·Tᵀ [N, M]
        String sq = g.op("Sub", g.op("Add", xNorm, g.doubles("train_norms", norms, 1, m)),
                g.op("Mul", g.doubles("two", new double[] {2}), dots));
        sq = g.op("Max", sq, zero);
        List<String> top = g.node("", "TopK", List.of(sq, g.longs(k)), 2, attrs("axis", 1, "largest", 0, "sorted", 1));
        String index = top.get(1);                                                       // [N, k]
        String weights;
        if (distanceWeighted) {
            // The chosen rows' exact squared distances Σ(x − t)², as Fathom recomputes them for the weights.
            String near = g.op("Gather", List.of(t, index), attrs("axis", 0));         // [N, k, F]
            String diff = g.op("Sub", near, g.op("Unsqueeze", xd, g.longs(1)));
            String exact = g.op("ReduceSum", List.of(g.op("Mul", diff, diff), g.longs(2)), attrs("keepdims", 0));
            String isZero = g.op("Cast", List.of(g.op("Equal", exact, zero)), attrs("to", DOUBLE));
            String anyZero = g.op("Greater", g.op("ReduceMax", List.of(isZero), attrs("axes", new long[] {1}, "keepdims", 1)),
                    zero);
            String inverse = g.op("Div", g.doubles("one", new double[] {1}), g.op("Sqrt", exact));
            weights = g.op("Where", anyZero, isZero, inverse);                          // [N, k]
        } else {
            weights = null;
        }
        String picked = g.op("Gather", List.of(g.doubles("values", values, m, width), index), attrs("axis", 0)); // [N, k, W]
        String out;
        if (weights == null) {
            out = g.op("Div", g.op("ReduceSum", List.of(picked, g.longs(1)), attrs("keepdims", 0)),
                    g.doubles("k", new double[] {k}));
        } else {
            String weighted = g.op("Mul", picked, g.op("Unsqueeze", weights, g.longs(2)));
            out = g.op("Div", g.op("ReduceSum", List.of(weighted, g.longs(1)), attrs("keepdims", 0)),
                    g.op("ReduceSum", List.of(weights, g.longs(1)), attrs("keepdims", 1)));
        }
        out = g.op("Cast", List.of(out), attrs("to", FLOAT));
        g.scope(null);
        return out;
    }

    /** A k-NN estimator's saved form: its config values and its tensors by key. */
    private record Saved(Map<?, ?> config, Map<String, Tensor> tensors) {
        static Saved of(Estimator e) {
            EstimatorTree tree = EstimatorTree.of(e);
            return new Saved((Map<?, ?>) tree.root().get("config"), tree.tensors());
        }

        int integer(String key) {
            return ((Number) config.get(key)).intValue();
        }

        Tensor train() {
            return tensors.get(EstimatorTree.ROOT + "/train");
        }

        int[] ints(String key) {
            return tensors.get(EstimatorTree.ROOT + "/" + key).toIntArray();
        }

        double[] doubles(String key) {
            return tensors.get(EstimatorTree.ROOT + "/" + key).toDoubleArray();
        }
    }
}
