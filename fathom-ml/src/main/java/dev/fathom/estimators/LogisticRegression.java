package dev.fathom.estimators;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.Regularizer;
import dev.fathom.losses.BinaryCrossentropy;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.EarlyStopping;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.optimizers.CosineDecay;
import dev.fathom.tensor.Tensor;

/**
 * Logistic regression as a one-layer network: a Dense layer trained on cross-entropy from logits
 * (sigmoid for two classes, softmax for more) by full-batch gradient descent, with scikit-learn's
 * L2 penalty: it minimizes {@code C · Σ loss + ½ ||w||²} (C = 1 by default; the intercept is not
 * penalized), so its coefficients approach scikit-learn's {@code LogisticRegression(C=C)}.
 * Standardize features first, as with scikit-learn: descent on raw features of very different
 * scales converges slowly.
 *
 * <pre>{@code
 * LogisticRegression clf = new LogisticRegression().fit(xTrainStandardized, yTrain);
 * Tensor p = clf.predictProba(xTestStandardized);   // [samples, classes]
 * clf.score(xTestStandardized, yTest);              // accuracy
 * }</pre>
 */
public final class LogisticRegression implements Classifier, SavableEstimator {
    private final double c;
    private int maxEpochs = 1000;
    private double learningRate = 0.1;
    private double[][] coef;   // [features][outputs]: one output for two classes, else one per class
    private double[] intercept;
    private int classes;

    /** C = 1, scikit-learn's default. */
    public LogisticRegression() {
        this(1.0);
    }

    /** Inverse regularization strength {@code c}: smaller means a stronger penalty on the weights. */
    public LogisticRegression(double c) {
        if (!(c > 0)) throw new IllegalArgumentException("C must be positive, got " + c);
        this.c = c;
    }

    /** Sets the most full-batch steps (default 1000) and the starting Adam step (default 0.1), decayed by a cosine. */
    public LogisticRegression training(int maxEpochs, double learningRate) {
        if (maxEpochs < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("need maxEpochs >= 1 and learningRate > 0, got " + maxEpochs + " and " + learningRate);
        }
        this.maxEpochs = maxEpochs;
        this.learningRate = learningRate;
        return this;
    }

    @Override
    public LogisticRegression fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "LogisticRegression");
        Estimators.rows(x, -1, "LogisticRegression");
        int[] labels = Estimators.labels(y);
        classes = Math.max(2, Estimators.classCount(labels));
        int n = labels.length;
        int f = x.shape(1);
        int outputs = classes == 2 ? 1 : classes;
        // mean loss + ||w||² / (2·n·C) has the same minimum as scikit-learn's C·Σ loss + ½||w||².
        Dense layer = new Dense(outputs).kernelInitializer(Initializer.zeros()).kernelRegularizer(Regularizer.l2(1 / (2 * n * c)));
        Model net = new Sequential(layer).seed(0).output(Estimators.QUIET).build(f).compile(
                new Adam(learningRate).schedule(new CosineDecay(maxEpochs)),
                classes == 2 ? new BinaryCrossentropy(true) : new SparseCategoricalCrossentropy(true));
        Tensor target = classes == 2 ? Tensor.of(toFloats(labels), n, 1) : Tensor.of(labels, n);
        net.fit(x, target, Fit.epochs(maxEpochs).batchSize(n).shuffle(false).silent()
                .callbacks(new EarlyStopping("loss", 30, true).minDelta(1e-9)));
        float[] w = net.weights().get(0).value().toFloatArray();
        float[] b = net.weights().get(1).value().toFloatArray();
        coef = new double[f][outputs];
        intercept = new double[outputs];
        for (int j = 0; j < outputs; j++) {
            intercept[j] = b[j];
            for (int i = 0; i < f; i++) coef[i][j] = w[i * outputs + j];
        }
        return this;
    }

    private static float[] toFloats(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }

    @Override
    public Tensor predictProba(Tensor x) {
        Estimators.checkFitted(coef != null, "LogisticRegression");
        double[][] xr = Estimators.rows(x, coef.length, "LogisticRegression");
        int outputs = intercept.length;
        float[] p = new float[xr.length * classes];
        double[][] logits = Estimators.affine(xr, coef, intercept);
        for (int r = 0; r < xr.length; r++) {
            double[] z = logits[r];
            if (outputs == 1) {
                double p1 = 1 / (1 + Math.exp(-z[0]));
                p[r * 2] = (float) (1 - p1);
                p[r * 2 + 1] = (float) p1;
            } else {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) max = Math.max(max, v);
                for (int j = 0; j < outputs; j++) sum += Math.exp(z[j] - max);
                for (int j = 0; j < outputs; j++) p[r * classes + j] = (float) (Math.exp(z[j] - max) / sum);
            }
        }
        return Tensor.of(p, xr.length, classes);
    }

    @Override
    public int classCount() {
        Estimators.checkFitted(coef != null, "LogisticRegression");
        return classes;
    }

    /** The fitted weights, [features][outputs]: one output column for two classes, one per class otherwise. */
    public double[][] coefficients() {
        Estimators.checkFitted(coef != null, "LogisticRegression");
        return Estimators.copy(coef);
    }

    /** The fitted intercepts, one per output column. */
    public double[] intercept() {
        Estimators.checkFitted(coef != null, "LogisticRegression");
        return intercept.clone();
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(coef != null, "LogisticRegression");
        state.put("c", c).put("maxEpochs", maxEpochs).put("learningRate", learningRate).put("classes", classes)
                .putMatrix("coef", coef).putDoubles("intercept", intercept);
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static LogisticRegression fromState(EstimatorState state) {
        LogisticRegression lr = new LogisticRegression(state.number("c")).training(state.integer("maxEpochs"), state.number("learningRate"));
        lr.classes = state.integer("classes");
        lr.coef = state.finiteMatrix("coef");
        lr.intercept = state.finiteDoubles("intercept");
        int outputs = lr.classes == 2 ? 1 : lr.classes;
        if (lr.classes < 2 || lr.intercept.length != outputs) {
            throw new IllegalArgumentException(state.path() + ": " + lr.classes + " classes need " + outputs + " intercepts, got "
                    + lr.intercept.length);
        }
        Estimators.checkCoefficients(state, lr.coef, outputs);
        return lr;
    }

    @Override
    public String toString() {
        return "LogisticRegression(C=" + c + ")";
    }
}
