package dev.fathom.onnx.export;

import dev.fathom.ensembles.BaggingClassifier;
import dev.fathom.ensembles.BaggingRegressor;
import dev.fathom.ensembles.StackingClassifier;
import dev.fathom.ensembles.StackingRegressor;
import dev.fathom.ensembles.Voting;
import dev.fathom.ensembles.VotingClassifier;
import dev.fathom.ensembles.VotingRegressor;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorTree;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.estimators.Ridge;
import dev.fathom.models.Model;
import dev.fathom.validation.StandardizedEstimator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * A pipeline's fitted estimator as ONNX operators on the features {@code [N, features]}: class
 * probabilities {@code [N, classes]} for a classifier (what {@code predictProba} returns), values
 * {@code [N, targets]} for a regressor. Networks are written by {@link ModelExport} (with the
 * softmax or sigmoid {@code predictProba} adds when the loss takes logits, and one sigmoid output
 * made into two columns); k-NN estimators carry their training rows and search them
 * in float64 ({@link NeighboursExport}); linear, ridge and logistic regression are a MatMul and an Add (then
 * Sigmoid or Softmax); the trees are ONNX-ML tree ensembles ({@link TreeExport}); a
 * {@link StandardizedEstimator} subtracts and divides first. Other estimators are
 * refused, named, with the reason.
 */
final class EstimatorExport {
    /** The estimators this exporter writes, for messages. */
    static final String SUPPORTED = "NetworkClassifier, NetworkRegressor, LogisticRegression, LinearRegression, Ridge,"
            + " KNeighborsClassifier, KNeighborsRegressor, the trees of dev.fathom.trees (decision trees, random forests, extra trees, histogram gradient boosting),"
            + " StandardizedEstimator around one of them, and the Voting, Bagging and Stacking classifiers and regressors"
            + " of them";

    private EstimatorExport() {}

    /** Throws, naming the estimator and why, when it cannot be exported. */
    static void requireSupported(Estimator e) {
        switch (e) {
            case NetworkClassifier n -> ModelExport.requireExportable(n.model());
            case NetworkRegressor n -> ModelExport.requireExportable(n.model());
            case LogisticRegression l -> { }
            case LinearRegression l -> { }
            case Ridge r -> { }
            case Estimator t when TreeExport.handles(t) -> TreeExport.requireSupported(t);
            case Estimator n when NeighboursExport.handles(n) -> NeighboursExport.requireSupported(n);
            case StandardizedEstimator s -> requireSupported(s.inner());
            case VotingClassifier v -> requireMembers(v.namedEstimators(), v.weights(), v.toString());
            case VotingRegressor v -> requireMembers(v.namedEstimators(), v.weights(), v.toString());
            case BaggingClassifier b -> requireMembers(members(b.estimators()), ones(b.estimators().size()), "BaggingClassifier");
            case BaggingRegressor b -> requireMembers(members(b.estimators()), ones(b.estimators().size()), "BaggingRegressor");
            case StackingClassifier st -> requireStack(st.namedEstimators(), st.finalEstimator(), st.toString());
            case StackingRegressor st -> requireStack(st.namedEstimators(), st.finalEstimator(), st.toString());
            default -> throw new IllegalArgumentException("the estimator " + e + " (" + e.getClass().getSimpleName() + ") has no"
                    + " ONNX export: ONNX export writes " + SUPPORTED + "; " + reason(e));
        }
    }

    private static Map<String, Estimator> members(List<? extends Estimator> list) {
        Map<String, Estimator> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) m.put(Integer.toString(i), list.get(i));
        return m;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static void requireStack(Map<String, Estimator> members, Estimator meta, String stack) {
        requireMembers(members, ones(members.size()), stack);
        try {
            requireSupported(meta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the final estimator of " + stack + ": " + e.getMessage(), e);
        }
    }

    private static void requireMembers(Map<String, Estimator> members, double[] weights, String ensemble) {
        int i = 0;
        for (Map.Entry<String, Estimator> m : members.entrySet()) {
            if (weights[i++] == 0) continue;
            try {
                requireSupported(m.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("member '" + m.getKey() + "' of " + ensemble + ": " + e.getMessage(), e);
            }
        }
    }

    private static String reason(Estimator e) {
        String type = e.getClass().getSimpleName();
        if (type.startsWith("Dummy") || type.startsWith("Naive")) return "a baseline predicts a constant and is meant for"
                + " comparison, not deployment";
        return "train one of those for export";
    }

    /** Probabilities {@code [N, classes]} (a classifier) or values {@code [N, targets]} (a regressor) of {@code x}. */
    static String write(OnnxGraph g, Estimator e, Value x) {
        return switch (e) {
            case NetworkClassifier n -> probabilities(g, n.model(), ModelExport.writeOn(g, n.model(), x));
            case NetworkRegressor n -> {
                Value y = ModelExport.writeOn(g, n.model(), x);
                yield g.op("Flatten", List.of(y.name()), attrs("axis", 1));
            }
            case LogisticRegression l -> {
                g.scope("logistic_regression");
                String z = affine(g, l.coefficients(), l.intercept(), x.name());
                String p = l.intercept().length == 1 ? twoColumns(g, g.op("Sigmoid", z)) : g.op("Softmax", List.of(z), attrs("axis", 1));
                g.scope(null);
                yield p;
            }
            case LinearRegression l -> {
                g.scope("linear_regression");
                String y = affine(g, l.coefficients(), l.intercept(), x.name());
                g.scope(null);
                yield y;
            }
            case Ridge r -> {
                g.scope("ridge");
                String y = affine(g, r.coefficients(), r.intercept(), x.name());
                g.scope(null);
                yield y;
            }
            case Estimator t when TreeExport.handles(t) -> TreeExport.write(g, t, x);
            case Estimator n when NeighboursExport.handles(n) -> NeighboursExport.write(g, n, x);
            case StandardizedEstimator s -> {
                g.scope("standardize");
                String z = g.op("Div", g.op("Sub", x.name(), g.floats("mean", s.mean(), 1, s.mean().length)),
                        g.floats("scale", s.scale(), 1, s.scale().length));
                g.scope(null);
                yield write(g, s.inner(), Value.floats(z, x.shape()));
            }
            case VotingClassifier v -> vote(g, v, x);
            case BaggingClassifier b -> bagging(g, b.estimators(), b.estimatorsFeatures(), x, b.classCount());
            case BaggingRegressor b -> bagging(g, b.estimators(), b.estimatorsFeatures(), x, -1);
            case StackingClassifier st -> stacking(g, st.namedEstimators(), st.finalEstimator(), x, st.classCount(), passthrough(st));
            case StackingRegressor st -> stacking(g, st.namedEstimators(), st.finalEstimator(), x, -1, passthrough(st));
            case VotingRegressor v -> {
                g.scope(null);
                List<String> each = new ArrayList<>();
                double[] weights = v.weights();
                int i = 0;
                for (Estimator m : v.namedEstimators().values()) each.add(weights[i++] == 0 ? null : write(g, m, x));
                g.scope("average");
                String y = weightedMean(g, each, v.weights());
                g.scope(null);
                yield y;
            }
            default -> {
                requireSupported(e);
                throw new IllegalStateException("no exporter for " + e);
            }
        };
    }

    /** The number of values a regressor predicts per row. */
    static int targets(Estimator e) {
        return switch (e) {
            case LinearRegression l -> l.intercept().length;
            case Ridge r -> r.intercept().length;
            case Estimator t when TreeExport.handles(t) -> TreeExport.targets(t);
            case Estimator n when NeighboursExport.handles(n) -> NeighboursExport.targets(n);
            case NetworkRegressor n -> java.util.Arrays.stream(n.model().outputShape()).reduce(1, (a, b) -> a * b);
            case StandardizedEstimator s -> targets(s.inner());
            case VotingRegressor v -> targets(v.namedEstimators().values().iterator().next());
            case BaggingRegressor b -> targets(b.estimators().getFirst());
            case StackingRegressor st -> targets(st.finalEstimator());
            default -> 1;
        };
    }

    /**
     * Bagging: each member on the columns it saw (a Gather of them), a classifier's probabilities
     * padded with zero columns for the classes its sample lacked (the last ones), then the mean.
     */
    private static String bagging(OnnxGraph g, List<? extends Estimator> members, int[][] columns, Value x, int classes) {
        List<String> each = new ArrayList<>();
        int features = x.shape()[0];
        for (int m = 0; m < members.size(); m++) {
            Estimator member = members.get(m);
            int[] cols = columns[m];
            boolean all = cols.length == features && java.util.stream.IntStream.range(0, features).allMatch(j -> cols[j] == j);
            Value xm = x;
            if (!all) {
                g.scope("bagging/member_" + m);
                long[] idx = new long[cols.length];
                for (int j = 0; j < idx.length; j++) idx[j] = cols[j];
                xm = Value.floats(g.op("Gather", List.of(x.name(), g.longs(idx)), attrs("axis", 1)), new int[] {cols.length});
            }
            g.scope(null);
            String p = write(g, member, xm);
            if (member instanceof Classifier c && c.classCount() < classes) {
                g.scope("bagging/member_" + m);
                p = g.op("Pad", p, g.longs(0, 0, 0, classes - c.classCount()));
            }
            each.add(p);
        }
        g.scope("bagging");
        String y = weightedMean(g, each, ones(members.size()));
        g.scope(null);
        return y;
    }

    /**
     * Stacking: the members' probabilities (padded to every class; for two classes only class 1's,
     * as scikit-learn keeps) or values side by side, the raw features after them with passthrough,
     * then the final estimator on those.
     */
    private static String stacking(OnnxGraph g, Map<String, Estimator> members, Estimator meta, Value x, int classes,
                                   boolean passthrough) {
        List<String> blocks = new ArrayList<>();
        int width = 0;
        for (Map.Entry<String, Estimator> e : members.entrySet()) {
            Estimator member = e.getValue();
            String p = write(g, member, x);
            g.scope("stacking/" + e.getKey());
            if (member instanceof Classifier c) {
                if (c.classCount() < classes) p = g.op("Pad", p, g.longs(0, 0, 0, classes - c.classCount()));
                if (classes == 2) p = g.op("Slice", p, g.longs(1), g.longs(2), g.longs(1));
                width += classes == 2 ? 1 : classes;
            } else {
                width += targets(member);
            }
            g.scope(null);
            blocks.add(p);
        }
        if (passthrough) {
            blocks.add(x.name());
            width += x.shape()[0];
        }
        g.scope("stacking");
        String features = blocks.size() == 1 ? blocks.getFirst() : g.op("Concat", blocks, attrs("axis", 1));
        g.scope(null);
        return write(g, meta, Value.floats(features, new int[] {width}));
    }

    /** Whether a stack hands the raw features to its final estimator too (read from its saved settings). */
    private static boolean passthrough(Estimator stack) {
        Object config = EstimatorTree.of(stack).root().get("config");
        return config instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("passthrough"));
    }

    /** Soft voting: the weighted mean of the members' probabilities; hard: each class's weighted share of the votes. */
    private static String vote(OnnxGraph g, VotingClassifier v, Value x) {
        List<String> each = new ArrayList<>();
        double[] weights = v.weights();
        int i = 0;
        int classes = v.classCount();
        for (Estimator m : v.namedEstimators().values()) {
            String p = weights[i++] == 0 ? null : write(g, m, x);
            if (p != null && v.voting() == Voting.HARD) {
                g.scope("vote");
                String best = g.op("ArgMax", List.of(p), attrs("axis", 1, "keepdims", 0));
                p = g.op("OneHot", best, g.longs(classes), g.floats("off_on", new float[] {0, 1}, 2));
                g.scope(null);
            }
            each.add(p);
        }
        g.scope("vote");
        String y = weightedMean(g, each, weights);
        g.scope(null);
        return y;
    }

    /** {@code Σ w_m · y_m / Σ w_m}, members of weight 0 (null here) left out. */
    private static String weightedMean(OnnxGraph g, List<String> values, double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        String sum = null;
        for (int m = 0; m < values.size(); m++) {
            if (weights[m] == 0 || values.get(m) == null) continue;
            String term = g.op("Mul", values.get(m), g.scalar(weights[m]));
            sum = sum == null ? term : g.op("Add", sum, term);
        }
        return g.op("Div", sum, g.scalar(total));
    }

    /** {@code predictProba} of a network classifier: softmax or sigmoid when the loss takes logits; one column made two. */
    private static String probabilities(OnnxGraph g, Model model, Value y) {
        boolean logits = model.loss() != null && model.loss().fromLogits();
        int[] shape = y.shape();
        boolean single = shape.length == 0 || (shape.length == 1 && shape[0] == 1);
        g.scope("probabilities");
        String out;
        if (single) {
            String p1 = g.op("Reshape", y.name(), g.longs(-1, 1));
            out = twoColumns(g, logits ? g.op("Sigmoid", p1) : p1);
        } else {
            out = logits ? g.op("Softmax", List.of(y.name()), attrs("axis", 1)) : y.name();
        }
        g.scope(null);
        return out;
    }

    /** {@code [1 - p, p]} from the probability {@code p [N, 1]} of class 1. */
    private static String twoColumns(OnnxGraph g, String p1) {
        return g.op("Concat", List.of(g.op("Sub", g.scalar(1), p1), p1), attrs("axis", 1));
    }

    private static String affine(OnnxGraph g, double[][] coef, double[] intercept, String x) {
        int f = coef.length;
        int o = intercept.length;
        double[] w = new double[f * o];
        for (int i = 0; i < f; i++) for (int j = 0; j < o; j++) w[i * o + j] = coef[i][j];
        return g.op("Add", g.op("MatMul", x, g.floats("coef", w, f, o)), g.floats("intercept", intercept, o));
    }
}
