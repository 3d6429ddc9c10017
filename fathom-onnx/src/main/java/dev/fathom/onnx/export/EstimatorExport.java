package dev.fathom.onnx.export;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.estimators.NetworkRegressor;
import dev.fathom.models.Model;
import dev.fathom.validation.StandardizedEstimator;

import java.util.List;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * A pipeline's fitted estimator as ONNX operators on the features {@code [N, features]}: class
 * probabilities {@code [N, classes]} for a classifier (what {@code predictProba} returns), values
 * {@code [N, targets]} for a regressor. Networks are written by {@link ModelExport} (with the
 * softmax or sigmoid {@code predictProba} adds when the loss takes logits, and one sigmoid output
 * made into two columns); linear and logistic regression are a MatMul and an Add (then Sigmoid or
 * Softmax); a {@link StandardizedEstimator} subtracts and divides first. Other estimators are
 * refused, named, with the reason.
 */
final class EstimatorExport {
    /** The estimators this exporter writes, for messages. */
    static final String SUPPORTED = "NetworkClassifier, NetworkRegressor, LogisticRegression, LinearRegression, and"
            + " StandardizedEstimator around one of them";

    private EstimatorExport() {}

    /** Throws, naming the estimator and why, when it cannot be exported. */
    static void requireSupported(Estimator e) {
        switch (e) {
            case NetworkClassifier n -> ModelExport.requireExportable(n.model());
            case NetworkRegressor n -> ModelExport.requireExportable(n.model());
            case LogisticRegression l -> { }
            case LinearRegression l -> { }
            case StandardizedEstimator s -> requireSupported(s.inner());
            default -> throw new IllegalArgumentException("the estimator " + e + " (" + e.getClass().getSimpleName() + ") has no"
                    + " ONNX export: ONNX export writes " + SUPPORTED + "; " + reason(e));
        }
    }

    private static String reason(Estimator e) {
        String type = e.getClass().getSimpleName();
        if (type.startsWith("KNeighbors")) return "a nearest-neighbours model predicts from its stored training rows, which"
                + " ONNX has no operator for; train a LogisticRegression or a network for export";
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
            case StandardizedEstimator s -> {
                g.scope("standardize");
                String z = g.op("Div", g.op("Sub", x.name(), g.floats("mean", s.mean(), 1, s.mean().length)),
                        g.floats("scale", s.scale(), 1, s.scale().length));
                g.scope(null);
                yield write(g, s.inner(), Value.floats(z, x.shape()));
            }
            default -> {
                requireSupported(e);
                throw new IllegalStateException("no exporter for " + e);
            }
        };
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
