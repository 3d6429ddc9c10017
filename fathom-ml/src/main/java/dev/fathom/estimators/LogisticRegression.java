package dev.fathom.estimators;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

/**
 * Logistic regression fitted as scikit-learn's {@code LogisticRegression(solver="lbfgs")} is: it
 * minimizes {@code Σ wᵢ·lossᵢ + ||W||² / (2C)} (C = 1 by default; the intercept is not penalized;
 * {@code wᵢ} the class weight of sample i, 1 unless set) by L-BFGS in float64, with the log loss
 * of a sigmoid for two classes and of a softmax over one output per class (multinomial) for more.
 * The objective is strictly convex, so the coefficients equal scikit-learn's for the same data, C
 * and class weights, to the solvers' tolerance. Each pass over the rows is split into fixed blocks
 * summed in order, on several threads for large data: the same data gives the same bits on any
 * number of threads. Standardize features first, as with scikit-learn: the optimum does not
 * depend on it, but the iterations do ({@link #fitStandardized} does it without a standardized
 * copy, as {@link dev.fathom.validation.StandardizedEstimator} uses it).
 *
 * <pre>{@code
 * LogisticRegression clf = new LogisticRegression(0.5).balancedClassWeight().fit(xTrainStandardized, yTrain);
 * Tensor p = clf.predictProba(xTestStandardized);   // [samples, classes]
 * clf.score(xTestStandardized, yTest);              // accuracy
 * }</pre>
 */
public final class LogisticRegression implements Classifier, SavableEstimator, FitsStandardized {
    /** Rows per block of a pass: blocks are summed in order, so the result does not depend on the threads. */
    static final int BLOCK = 256;

    private final double c;
    private int maxIter = 1000;
    private double tol = 1e-4;
    private boolean fitIntercept = true;
    private boolean balanced;
    private double[] classWeight;   // explicit weights per class index, or null
    private double[][] coef;   // [features][outputs]: one output for two classes, else one per class
    private double[] intercept;
    private int classes;
    private int iterations;
    private int evaluations;

    /** C = 1, scikit-learn's default. */
    public LogisticRegression() {
        this(1.0);
    }

    /** Inverse regularization strength {@code c}: smaller means a stronger penalty on the weights. */
    public LogisticRegression(double c) {
        if (!(c > 0) || !Double.isFinite(c)) throw new IllegalArgumentException("C must be positive and finite, got " + c);
        this.c = c;
    }

    /**
     * Sets the most L-BFGS iterations (default 1000) and the tolerance (default 1e-4, scikit-learn's
     * {@code tol}): fitting stops when no component of the gradient of {@code Σ wᵢ·lossᵢ + ||W||²/(2C)}
     * exceeds it, or when an iteration lowers that objective by less than {@code 0.22·tol²} of its
     * value (SciPy's {@code ftol} of 2.2e-9 at the default tol, which ends scikit-learn's fits on
     * large data). The coefficients approach the optimum as tol shrinks: 1e-8 gives scikit-learn's
     * optimum to about 1e-6. Returns this.
     */
    public LogisticRegression solver(int maxIter, double tol) {
        if (maxIter < 1 || !(tol > 0)) throw new IllegalArgumentException("need maxIter >= 1 and tol > 0, got " + maxIter + " and " + tol);
        this.maxIter = maxIter;
        this.tol = tol;
        return this;
    }

    /** Whether to fit an intercept (default true, as scikit-learn's {@code fit_intercept}). Returns this. */
    public LogisticRegression fitIntercept(boolean fit) {
        this.fitIntercept = fit;
        return this;
    }

    /**
     * Weights each class by {@code samples / (classes · samples of the class)}, scikit-learn's
     * {@code class_weight="balanced"}: every class counts as much in the loss, whatever its size.
     * Returns this.
     */
    public LogisticRegression balancedClassWeight() {
        this.balanced = true;
        this.classWeight = null;
        return this;
    }

    /** Weights the loss of class {@code k} by {@code weights[k]} (classes beyond the array weigh 1). Returns this. */
    public LogisticRegression classWeight(double... weights) {
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0) || !Double.isFinite(weights[k])) {
                throw new IllegalArgumentException("class weight " + k + " must be finite and >= 0, got " + weights[k]);
            }
        }
        this.classWeight = weights.clone();
        this.balanced = false;
        return this;
    }

    @Override
    public LogisticRegression fit(Tensor x, Tensor y) {
        return fitScaled(x, y, null, null);
    }

    /**
     * Fits as {@link #fit} on {@code (x − mean) / scale} column by column would (a standard
     * scaler's output), without making that standardized copy: the rows are read as they are, the
     * mean subtracted as each tile of rows is loaded and the scale folded into the weights. The
     * coefficients are those of the standardized features, so {@link #predictProba} takes
     * standardized rows, as after {@code fit(standardized, y)}; {@link
     * dev.fathom.validation.StandardizedEstimator} fits its inner logistic regression this way. A
     * float32 {@code x} is read without a float64 copy. Returns this.
     *
     * <pre>{@code
     * double[] mean = {10, 200}, scale = {2, 50};   // a standard scaler's, one per column of x
     * var lr = new LogisticRegression().fitStandardized(x, y, mean, scale);   // as fit on (x - mean) / scale
     * }</pre>
     *
     * @throws IllegalArgumentException when mean or scale do not hold one finite value per feature,
     *     or a scale is not positive
     */
    @Override
    public LogisticRegression fitStandardized(Tensor x, Tensor y, double[] mean, double[] scale) {
        Estimators.checkSamples(x, y, "LogisticRegression");
        Estimators.rows(x.slice(0, 0, 1), -1, "LogisticRegression");   // the shape check, on one row
        int f = x.shape(1);
        if (mean.length != f || scale.length != f) {
            throw new IllegalArgumentException("LogisticRegression.fitStandardized: x has " + f + " features but mean has " + mean.length
                    + " and scale " + scale.length + " values; pass one of each per column");
        }
        return fitScaled(x, y, mean.clone(), scale.clone());
    }

    private LogisticRegression fitScaled(Tensor x, Tensor y, double[] mean, double[] scale) {
        Estimators.checkSamples(x, y, "LogisticRegression");
        Estimators.rows(x.slice(0, 0, 1), -1, "LogisticRegression");   // the shape check, on one row
        int[] labels = Estimators.labels(y);
        classes = Math.max(2, Estimators.classCount(labels));
        int n = labels.length;
        int f = x.shape(1);
        int outputs = classes == 2 ? 1 : classes;
        double[] weights = sampleWeights(labels);
        LogisticLoss loss;
        if (x.dtype() == DType.FLOAT32) {   // read as it is: float64 sums over float32 rows need no float64 copy
            float[] flat = x.toFloatArray();
            for (int i = 0; i < flat.length; i++) if (!Float.isFinite(flat[i])) notFinite(i, f, flat[i]);
            loss = new LogisticLoss(flat, mean, scale, n, f, labels, weights, outputs, fitIntercept, c, null);
        } else {
            double[] flat = x.asType(DType.FLOAT64).toDoubleArray();
            for (int i = 0; i < flat.length; i++) if (!Double.isFinite(flat[i])) notFinite(i, f, flat[i]);
            loss = new LogisticLoss(flat, mean, scale, n, f, labels, weights, outputs, fitIntercept, c, null);
        }
        for (int j = 0; mean != null && j < f; j++) {   // after the rows' own check, whose message names the cell
            if (!Double.isFinite(mean[j]) || !(scale[j] > 0) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("LogisticRegression.fitStandardized: feature " + j + " has mean " + mean[j] + " and scale "
                        + scale[j] + "; need a finite mean and a positive, finite scale");
            }
        }
        // scikit-learn's tol bounds the gradient of the summed objective; the loss here is that sum over n.
        Lbfgs.Result r = Lbfgs.minimize(loss, new double[loss.parameters()], maxIter, tol / n, 0.22 * tol * tol, 1.0 / n);
        iterations = r.iterations();
        evaluations = r.evaluations();
        coef = new double[f][outputs];
        intercept = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            for (int j = 0; j < f; j++) coef[j][k] = r.x()[j * outputs + k];
            if (fitIntercept) intercept[k] = r.x()[f * outputs + k];
        }
        return this;
    }

    private static void notFinite(int i, int f, double value) {
        throw new IllegalArgumentException("LogisticRegression: x[" + i / f + ", " + i % f + "] is " + value
                + "; impute or drop missing values before fitting");
    }

    /** The weight of each sample's loss: its class's weight, or 1. */
    private double[] sampleWeights(int[] labels) {
        if (!balanced && classWeight == null) return null;
        double[] perClass = new double[classes];
        java.util.Arrays.fill(perClass, 1);
        if (balanced) {
            int[] counts = new int[classes];
            for (int l : labels) counts[l]++;
            int present = 0;
            for (int count : counts) if (count > 0) present++;
            for (int k = 0; k < classes; k++) perClass[k] = counts[k] == 0 ? 1 : labels.length / (double) (present * counts[k]);
        } else {
            for (int k = 0; k < Math.min(classes, classWeight.length); k++) perClass[k] = classWeight[k];
        }
        double[] w = new double[labels.length];
        for (int i = 0; i < w.length; i++) w[i] = perClass[labels[i]];
        return w;
    }

    /** The L-BFGS iterations the last fit took. */
    public int iterations() {
        return iterations;
    }

    /**
     * The evaluations of the loss and its gradient (passes over the rows) the last fit took: one
     * per iteration whose first step was accepted, more where the line search shortened it, plus
     * the start (SciPy's {@code nfev}).
     */
    public int evaluations() {
        return evaluations;
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
        state.put("c", c).put("maxIter", maxIter).put("tol", tol).put("fitIntercept", fitIntercept).put("balanced", balanced)
                .put("classes", classes).putMatrix("coef", coef).putDoubles("intercept", intercept);
        if (classWeight != null) state.putDoubles("classWeight", classWeight);
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static LogisticRegression fromState(EstimatorState state) {
        LogisticRegression lr = new LogisticRegression(state.number("c"));
        // Files from before the L-BFGS solver hold maxEpochs and learningRate instead: the fitted coefficients are what counts.
        if (state.has("maxIter")) lr.solver(state.integer("maxIter"), state.number("tol"));
        if (state.has("fitIntercept")) lr.fitIntercept(state.bool("fitIntercept"));
        if (state.has("balanced") && state.bool("balanced")) lr.balancedClassWeight();
        if (state.has("classWeight")) lr.classWeight(state.finiteDoubles("classWeight"));
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
        return "LogisticRegression(C=" + c + (balanced ? ", class_weight=balanced" : "") + (fitIntercept ? "" : ", fit_intercept=false") + ")";
    }
}
