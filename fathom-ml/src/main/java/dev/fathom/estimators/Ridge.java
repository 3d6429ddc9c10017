package dev.fathom.estimators;

import dev.fathom.backend.DType;
import dev.fathom.backend.Threads;
import dev.fathom.tensor.Tensor;

import java.util.stream.IntStream;

/**
 * Linear least squares with an L2 penalty, scikit-learn's {@code Ridge}: it minimizes
 * {@code ||y - X·w - b||² + alpha·||w||²} (the intercept b not penalized) by a direct solve in
 * float64: the centered normal equations {@code (XᵀX + alpha·I)·w = Xᵀy}, each column scaled to
 * unit norm first (so their condition is that of the correlations, not of the units), factored by
 * Cholesky. One or several targets ([samples] or [samples, targets]). A constant column gets
 * coefficient 0, as in scikit-learn.
 *
 * <p>The solve needs only the sums of one pass over the rows ({@code features²} numbers), so data
 * too large to hold at once is fitted batch by batch with {@link #partialFit}: the result is the
 * same as one {@code fit} on all the rows, to rounding.
 *
 * <pre>{@code
 * Ridge ridge = new Ridge(1.0).fit(x, y);
 * ridge.coefficients();   // [features][targets]
 * ridge.predict(xTest);
 *
 * Ridge streamed = new Ridge(1.0);
 * for (Tensor[] batch : batches) streamed.partialFit(batch[0], batch[1]);   // rows never all in memory
 * }</pre>
 */
public final class Ridge implements Estimator, SavableEstimator {
    private final double alpha;
    private boolean fitIntercept = true;
    private CoMoments moments;   // null after load: the sums are not saved
    private double[][] coef;     // [features][targets]
    private double[] intercept;
    private int[] targetShape;

    /** alpha = 1, scikit-learn's default. */
    public Ridge() {
        this(1.0);
    }

    /** The penalty {@code alpha} >= 0 on the squared weights; 0 is ordinary least squares. */
    public Ridge(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        this.alpha = alpha;
    }

    /** Whether to fit an intercept (default true, scikit-learn's {@code fit_intercept}). Returns this. */
    public Ridge fitIntercept(boolean fit) {
        if (moments != null && moments.count > 0 && fit != fitIntercept) {
            throw new IllegalStateException("Ridge: fitIntercept cannot change between partialFit calls; start a new Ridge");
        }
        this.fitIntercept = fit;
        return this;
    }

    @Override
    public Ridge fit(Tensor x, Tensor y) {
        moments = null;
        return partialFit(x, y);
    }

    /**
     * Adds the rows of one batch to those seen so far and solves again: after each call the model
     * is the ridge fit of every row given since the last {@link #fit}. Returns this.
     *
     * @throws IllegalArgumentException when the batch's features or targets differ in number from the first batch's
     */
    public Ridge partialFit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "Ridge");
        if (x.rank() != 2) Estimators.rows(x, -1, "Ridge");   // the shape error
        int n = x.shape(0);
        int f = x.shape(1);
        int t = y.size() / n;
        if (moments != null && (moments.f != f || moments.t != t)) {
            throw new IllegalArgumentException("Ridge: this batch has " + f + " features and " + t + " target(s), the first had "
                    + moments.f + " and " + moments.t + "; every batch must have the same columns");
        }
        if (moments == null) {
            moments = new CoMoments(f, t, fitIntercept);
            targetShape = y.shape();
        }
        double[] xs = finite(x.asType(DType.FLOAT64).toDoubleArray(), f, "x");
        double[] ys = finite(y.asType(DType.FLOAT64).toDoubleArray(), t, "y");
        int blocks = (n + LogisticRegression.BLOCK - 1) / LogisticRegression.BLOCK;
        CoMoments[] parts = new CoMoments[blocks];
        boolean parallel = blocks > 1 && Threads.count() > 1 && !Threads.isSerial();
        IntStream range = IntStream.range(0, blocks);
        (parallel ? range.parallel() : range).forEach(b -> parts[b] = CoMoments.of(xs, ys, f, t, b * LogisticRegression.BLOCK,
                Math.min(n, (b + 1) * LogisticRegression.BLOCK), fitIntercept));
        for (CoMoments part : parts) moments.merge(part);
        solve();
        return this;
    }

    private static double[] finite(double[] v, int width, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("Ridge: " + name + "[" + i / width + ", " + i % width + "] is " + v[i]
                        + "; impute or drop missing values before fitting");
            }
        }
        return v;
    }

    private void solve() {
        CoMoments m = moments;
        int f = m.f, t = m.t;
        double[] scale = new double[f];
        double top = 0;
        for (int j = 0; j < f; j++) top = Math.max(top, m.xx[j][j]);
        double largest = top;
        int[] active = IntStream.range(0, f).filter(j -> m.xx[j][j] > 1e-24 * largest && m.xx[j][j] > 0).toArray();
        for (int j : active) scale[j] = Math.sqrt(m.xx[j][j]);
        int p = active.length;
        double[][] a = new double[p][p];
        double[][] b = new double[p][t];
        for (int u = 0; u < p; u++) {
            int ju = active[u];
            for (int v = u; v < p; v++) {
                int jv = active[v];
                double value = (ju <= jv ? m.xx[ju][jv] : m.xx[jv][ju]) / (scale[ju] * scale[jv]);
                a[u][v] = value;
                a[v][u] = value;
            }
            a[u][u] += alpha / (scale[ju] * scale[ju]);
            for (int k = 0; k < t; k++) b[u][k] = m.xy[ju][k] / scale[ju];
        }
        double[][] solution = Cholesky.solve(a, b, alpha == 0 ? "Ridge(alpha=0): the features are linearly dependent (a column"
                + " is a combination of others, as one-hot columns of every category are with the intercept); use alpha > 0,"
                + " e.g. new Ridge(1.0), or drop a column" : "Ridge: the normal equations are not positive definite");
        coef = new double[f][t];
        for (int u = 0; u < p; u++) for (int k = 0; k < t; k++) coef[active[u]][k] = solution[u][k] / scale[active[u]];
        intercept = new double[t];
        if (fitIntercept) {
            for (int k = 0; k < t; k++) {
                double v = m.meanY[k];
                for (int j = 0; j < f; j++) v -= m.meanX[j] * coef[j][k];
                intercept[k] = v;
            }
        }
    }

    @Override
    public Tensor predict(Tensor x) {
        return Estimators.predictLinear(x, coef, intercept, targetShape, "Ridge");
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /** The penalty. */
    public double alpha() {
        return alpha;
    }

    /** The fitted coefficients, [features][targets]. */
    public double[][] coefficients() {
        Estimators.checkFitted(coef != null, "Ridge");
        return Estimators.copy(coef);
    }

    /** The fitted intercept of each target (zeros without {@link #fitIntercept}). */
    public double[] intercept() {
        Estimators.checkFitted(coef != null, "Ridge");
        return intercept.clone();
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(coef != null, "Ridge");
        state.put("alpha", alpha).put("fitIntercept", fitIntercept).put("targetShape", Estimators.shapeList(targetShape))
                .putMatrix("coef", coef).putDoubles("intercept", intercept);
    }

    /**
     * The fitted regression {@link #saveState} wrote. Its coefficients predict; the sums of the rows
     * are not saved, so a {@link #partialFit} on it starts from no rows.
     */
    public static Ridge fromState(EstimatorState state) {
        double alpha = state.number("alpha");
        if (!(alpha >= 0)) throw new IllegalArgumentException(state.path() + ": alpha must be >= 0, got " + alpha);
        Ridge r = new Ridge(alpha).fitIntercept(state.bool("fitIntercept"));
        r.coef = state.finiteMatrix("coef");
        r.intercept = state.finiteDoubles("intercept");
        Estimators.checkCoefficients(state, r.coef, r.intercept.length);
        r.targetShape = Estimators.checkTargetShape(state, r.intercept.length);
        return r;
    }

    @Override
    public String toString() {
        return "Ridge(alpha=" + alpha + (fitIntercept ? "" : ", fit_intercept=false") + ")";
    }
}
