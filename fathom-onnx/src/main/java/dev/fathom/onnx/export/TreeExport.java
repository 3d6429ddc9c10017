package dev.fathom.onnx.export;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.tensor.Tensor;
import dev.fathom.trees.HistGradientBoosting;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.TreeModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * The tree estimators of {@code dev.fathom.trees} as ONNX-ML tree ensembles (ai.onnx.ml opset 3),
 * read from their saved form ({@link EstimatorTree}), so the estimators need show nothing more.
 *
 * <ul>
 *   <li>CART classifiers (decision tree, random forest, extra trees): one
 *       {@code TreeEnsembleClassifier} whose leaves carry each class's share divided by the number
 *       of trees, so the sum it takes is Fathom's mean: {@code predictProba}.</li>
 *   <li>CART regressors: one {@code TreeEnsembleRegressor}, {@code aggregate_function AVERAGE}.</li>
 *   <li>Histogram boosting: a {@code TreeEnsembleRegressor} summing the trees onto
 *       {@code base_values} (the baseline), giving the raw scores; a classifier then takes the
 *       sigmoid (two classes, made into two columns) or the softmax over the classes, as
 *       {@code predictProba}. A split on bin {@code b} of feature {@code f} is the split
 *       {@code x <= edge[f][b]} of the raw value, and a missing value (NaN) goes where training
 *       sent it ({@code nodes_missing_value_tracks_true}).</li>
 * </ul>
 *
 * <p>ONNX Runtime compares a float32 feature with a float32 threshold; each threshold is written as
 * the largest float32 not above Fathom's double threshold, so {@code x <= t} gives the same side
 * for every float32 {@code x}. Splits on categories ({@code categoricalFeatures}) have no
 * TreeEnsemble form in opset 3 and are refused.
 */
final class TreeExport {
    private TreeExport() {}

    /** Whether {@code e} is one of the tree estimators written here. */
    static boolean handles(Estimator e) {
        return e instanceof TreeModel<?> || e instanceof HistGradientBoosting<?>;
    }

    /** Throws, naming the estimator and why, when its trees cannot be written (splits on categories). */
    static void requireSupported(Estimator e) {
        if (e instanceof HistGradientBoosting<?>) {
            Saved s = Saved.of(e);
            int[] flags = s.ints("flags");
            for (int f : flags) {
                if ((f & 2) != 0) {
                    throw new IllegalArgumentException("the estimator " + e + " splits on categories (categoricalFeatures), which"
                            + " ONNX-ML's TreeEnsemble (opset 3) cannot say; fit it without categoricalFeatures (one-hot or ordinal"
                            + " encode those columns in the preprocessing) to export it");
                }
            }
        }
    }

    /** The number of values a tree regressor predicts per row. */
    static int targets(Estimator e) {
        return Saved.of(e).integer("outputs");
    }

    /** Probabilities {@code [N, classes]} (a classifier) or values {@code [N, targets]} (a regressor) of {@code x}. */
    static String write(OnnxGraph g, Estimator e, Value x) {
        requireSupported(e);
        Saved s = Saved.of(e);
        String scope = g.scope();
        g.scope(e.getClass().getSimpleName());
        try {
            return e instanceof HistGradientBoosting<?> ? boosting(g, s, e, x) : cart(g, s, e, x);
        } finally {
            g.scope(scope);
        }
    }

    // ---- CART trees and forests ------------------------------------------------------------------

    private static String cart(OnnxGraph g, Saved s, Estimator e, Value x) {
        int outputs = s.integer("outputs");
        int[] perTree = s.ints("nodes");
        int[] feature = s.ints("feature");
        int[] left = s.ints("left");
        int[] right = s.ints("right");
        double[] threshold = s.doubles("threshold");
        double[] value = s.doubles("value");
        Nodes nodes = new Nodes();
        Leaves leaves = new Leaves();
        boolean classifier = e instanceof Classifier;
        double share = classifier ? 1.0 / perTree.length : 1.0;
        for (int t = 0, at = 0; t < perTree.length; t++) {
            for (int i = 0; i < perTree[t]; i++, at++) {
                if (feature[at] < 0) {
                    nodes.leaf(t, i);
                    for (int k = 0; k < outputs; k++) leaves.add(t, i, k, value[at * outputs + k] * share);
                } else {
                    nodes.split(t, i, feature[at], floatAtMost(threshold[at]), left[at], right[at], false);
                }
            }
        }
        if (classifier) {
            long[] classes = new long[outputs];
            for (int k = 0; k < outputs; k++) classes[k] = k;
            var a = nodes.attributes();
            a.put("class_treeids", leaves.trees());
            a.put("class_nodeids", leaves.nodes());
            a.put("class_ids", leaves.targets());
            a.put("class_weights", leaves.weights());
            a.put("classlabels_int64s", classes);
            a.put("post_transform", "NONE");
            // Outputs: the label (int64 [N], unused: the pipeline takes the ArgMax of the probabilities) and the scores.
            return g.node(OnnxGraph.ML, "TreeEnsembleClassifier", List.of(x.name()), 2, a).get(1);
        }
        var a = nodes.attributes();
        a.put("target_treeids", leaves.trees());
        a.put("target_nodeids", leaves.nodes());
        a.put("target_ids", leaves.targets());
        a.put("target_weights", leaves.weights());
        a.put("n_targets", outputs);
        a.put("aggregate_function", "AVERAGE");
        a.put("post_transform", "NONE");
        return g.ml("TreeEnsembleRegressor", x.name(), a);
    }

    // ---- histogram gradient boosting -------------------------------------------------------------

    private static String boosting(OnnxGraph g, Saved s, Estimator e, Value x) {
        int outputs = s.integer("outputs");
        int features = s.integer("features");
        int[] edgeCounts = s.ints("edgeCounts");
        double[] allEdges = s.doubles("edges");
        double[][] edges = new double[features][];
        for (int j = 0, at = 0; j < features; j++) {
            edges[j] = java.util.Arrays.copyOfRange(allEdges, at, at + edgeCounts[j]);
            at += edgeCounts[j];
        }
        int[] perTree = s.ints("nodes");
        int[] feature = s.ints("feature");
        int[] bin = s.ints("binThreshold");
        int[] flags = s.ints("flags");
        int[] left = s.ints("left");
        int[] right = s.ints("right");
        double[] value = s.doubles("value");
        Nodes nodes = new Nodes();
        Leaves leaves = new Leaves();
        for (int t = 0, at = 0; t < perTree.length; t++) {
            for (int i = 0; i < perTree[t]; i++, at++) {
                if (feature[at] < 0) {
                    nodes.leaf(t, i);
                    // Tree t adds to raw output t mod outputs (one tree per class and iteration).
                    leaves.add(t, i, t % outputs, value[at]);
                } else {
                    double[] e2 = edges[feature[at]];
                    // Bin b holds the values in (edge[b-1], edge[b]]; the last bin holds everything above the last edge.
                    float thr = bin[at] < e2.length ? floatAtMost(e2[bin[at]]) : Float.MAX_VALUE;
                    nodes.split(t, i, feature[at], thr, left[at], right[at], (flags[at] & 1) != 0);
                }
            }
        }
        var a = nodes.attributes();
        a.put("target_treeids", leaves.trees());
        a.put("target_nodeids", leaves.nodes());
        a.put("target_ids", leaves.targets());
        a.put("target_weights", leaves.weights());
        a.put("n_targets", outputs);
        a.put("aggregate_function", "SUM");
        a.put("post_transform", "NONE");
        a.put("base_values", toFloats(s.doubles("baseline")));
        String raw = g.ml("TreeEnsembleRegressor", x.name(), a);
        if (!(e instanceof HistGradientBoostingClassifier)) return raw;
        if (outputs == 1) {
            String p1 = g.op("Sigmoid", raw);
            return g.op("Concat", List.of(g.op("Sub", g.scalar(1), p1), p1), attrs("axis", 1));
        }
        return g.op("Softmax", List.of(raw), attrs("axis", 1));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The largest float32 not above {@code t}: for every float32 x, {@code x <= t} exactly when {@code x <= result}. */
    static float floatAtMost(double t) {
        float f = (float) t;
        return f > t ? Math.nextDown(f) : f;
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** The nodes_* attributes, one entry per node of every tree. */
    private static final class Nodes {
        final List<Long> trees = new ArrayList<>(), ids = new ArrayList<>(), features = new ArrayList<>(), trueIds = new ArrayList<>(),
                falseIds = new ArrayList<>(), missingTrue = new ArrayList<>();
        final List<String> modes = new ArrayList<>();
        final List<Float> values = new ArrayList<>();

        void leaf(int tree, int node) {
            add(tree, node, "LEAF", 0, 0, 0, 0, false);
        }

        /** A node sending {@code x[feature] <= threshold} (and NaN when {@code missingLeft}) to {@code left}. */
        void split(int tree, int node, int feature, float threshold, int left, int right, boolean missingLeft) {
            add(tree, node, "BRANCH_LEQ", feature, threshold, left, right, missingLeft);
        }

        private void add(int tree, int node, String mode, int feature, float threshold, int left, int right, boolean missingLeft) {
            trees.add((long) tree);
            ids.add((long) node);
            modes.add(mode);
            features.add((long) feature);
            values.add(threshold);
            trueIds.add((long) left);
            falseIds.add((long) right);
            missingTrue.add(missingLeft ? 1L : 0L);
        }

        Map<String, Object> attributes() {
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) v[i] = values.get(i);
            return attrs("nodes_treeids", longs(trees), "nodes_nodeids", longs(ids), "nodes_modes", modes.toArray(String[]::new),
                    "nodes_featureids", longs(features), "nodes_values", v, "nodes_truenodeids", longs(trueIds),
                    "nodes_falsenodeids", longs(falseIds), "nodes_missing_value_tracks_true", longs(missingTrue));
        }
    }

    /** The leaves' weights: tree, node, target (or class) and weight of each. */
    private static final class Leaves {
        final List<Long> trees = new ArrayList<>(), nodes = new ArrayList<>(), targets = new ArrayList<>();
        final List<Float> weights = new ArrayList<>();

        void add(int tree, int node, int target, double weight) {
            trees.add((long) tree);
            nodes.add((long) node);
            targets.add((long) target);
            weights.add((float) weight);
        }

        long[] trees() { return longs(trees); }
        long[] nodes() { return longs(nodes); }
        long[] targets() { return longs(targets); }

        float[] weights() {
            float[] w = new float[weights.size()];
            for (int i = 0; i < w.length; i++) w[i] = weights.get(i);
            return w;
        }
    }

    private static long[] longs(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    /** An estimator's saved form: its config values and its tensors by key. */
    private record Saved(Map<?, ?> config, Map<String, Tensor> tensors) {
        static Saved of(Estimator e) {
            EstimatorTree tree = EstimatorTree.of(e);
            return new Saved((Map<?, ?>) tree.root().get("config"), tree.tensors());
        }

        int integer(String key) {
            return ((Number) config.get(key)).intValue();
        }

        int[] ints(String key) {
            return tensors.get(EstimatorTree.ROOT + "/" + key).toIntArray();
        }

        double[] doubles(String key) {
            return tensors.get(EstimatorTree.ROOT + "/" + key).toDoubleArray();
        }
    }
}
