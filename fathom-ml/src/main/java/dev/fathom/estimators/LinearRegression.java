package dev.fathom.estimators;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Initializer;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.models.EarlyStopping;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.SGD;
import dev.fathom.tensor.Tensor;

/**
 * Ordinary least squares as a one-layer network: a Dense layer without activation trained on mean
 * squared error by full-batch gradient descent (Nesterov momentum, step 1/L from the data's largest
 * curvature). Features and targets are standardized inside, so the descent converges whatever
 * their units; the coefficients are reported in the original units. {@link #leastSquares} gives
 * the closed-form solution the descent converges to, as a check.
 *
 * <pre>{@code
 * LinearRegression lr = new LinearRegression().fit(x, y);
 * lr.coefficients();   // [features][targets], in y's units per unit of each feature
 * lr.intercept();
 * lr.score(xTest, yTest);   // R²
 * }</pre>
 */
public final class LinearRegression implements Estimator, SavableEstimator {
    private int maxEpochs = 3000;
    private double[][] coef;     // [features][targets]
    private double[] intercept;
    private int[] targetShape;
    private int epochsRun;

    /** Sets the most full-batch steps (default 3000); training stops earlier once the loss stops improving. */
    public LinearRegression maxEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("maxEpochs must be >= 1, got " + n);
        maxEpochs = n;
        return this;
    }

    @Override
    public LinearRegression fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "LinearRegression");
        double[][] xr = Estimators.rows(x, -1, "LinearRegression");
        int n = xr.length;
        int f = xr[0].length;
        int t = y.size() / n;
        double[][] yr = Estimators.rows(y.reshape(n, t), t, "LinearRegression targets");
        Standardizer sx = Standardizer.of(xr);
        Standardizer sy = Standardizer.of(yr);
        double[][] xs = sx.apply(xr);
        double[][] ys = sy.apply(yr);

        // Mean squared error over n·t values has curvature 2·λmax(XᵀX/n)/t; a step of 1/L never overshoots.
        double curvature = 2 * largestEigenvalue(xs) / t;
        Model net = new Sequential(new Dense(t).kernelInitializer(Initializer.zeros())).seed(0).output(Estimators.QUIET).build(f)
                .compile(new SGD(1 / Math.max(curvature, 1e-12), 0.9, true, 0), new MeanSquaredError());
        var history = net.fit(Estimators.matrix(xs, f), Estimators.matrix(ys, t), Fit.epochs(maxEpochs).batchSize(n).shuffle(false)
                .silent().callbacks(new EarlyStopping("loss", 25, true).minDelta(1e-10)));
        epochsRun = history.epochs();
        float[] w = net.weights().get(0).value().toFloatArray();   // [f, t]
        float[] b = net.weights().get(1).value().toFloatArray();   // [t]
        coef = new double[f][t];
        intercept = new double[t];
        for (int j = 0; j < t; j++) {
            double c = sy.mean[j] + sy.scale[j] * b[j];
            for (int i = 0; i < f; i++) {
                coef[i][j] = w[i * t + j] * sy.scale[j] / sx.scale[i];
                c -= coef[i][j] * sx.mean[i];
            }
            intercept[j] = c;
        }
        targetShape = y.shape();
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        return Estimators.predictLinear(x, coef, intercept, targetShape, "LinearRegression");
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /** The fitted coefficients, [features][targets]. */
    public double[][] coefficients() {
        Estimators.checkFitted(coef != null, "LinearRegression");
        return Estimators.copy(coef);
    }

    /** The fitted intercept of each target. */
    public double[] intercept() {
        Estimators.checkFitted(coef != null, "LinearRegression");
        return intercept.clone();
    }

    /** How many full-batch steps the last fit took. */
    public int epochsRun() {
        return epochsRun;
    }

    /**
     * The closed-form least-squares solution of {@code y ≈ x·coef + intercept}, by Householder QR in
     * float64: row {@code f} of the result (the last) is the intercept, rows 0..f-1 the coefficients.
     *
     * @throws IllegalArgumentException when the features are linearly dependent (no unique solution)
     */
    public static double[][] leastSquares(double[][] x, double[][] y) {
        int n = x.length;
        int p = x[0].length + 1;
        int t = y[0].length;
        if (n < p) throw new IllegalArgumentException("least squares needs at least " + p + " samples for " + (p - 1)
                + " features and an intercept, got " + n);
        double[][] a = new double[n][p];
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, a[i], 0, p - 1);
            a[i][p - 1] = 1;
            b[i] = y[i].clone();
        }
        for (int k = 0; k < p; k++) {
            double norm = 0;
            for (int i = k; i < n; i++) norm += a[i][k] * a[i][k];
            norm = Math.sqrt(norm);
            if (norm < 1e-12) throw new IllegalArgumentException("feature " + k + " is a linear combination of the others"
                    + " (or constant); drop it or use regularization");
            double alpha = a[k][k] > 0 ? -norm : norm;
            double[] v = new double[n];
            for (int i = k; i < n; i++) v[i] = a[i][k];
            v[k] -= alpha;
            double vv = 0;
            for (int i = k; i < n; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int j = k; j < p; j++) reflect(v, vv, k, n, a, j);
            for (int j = 0; j < t; j++) reflect(v, vv, k, n, b, j);
        }
        double[][] solution = new double[p][t];
        for (int j = 0; j < t; j++) {
            for (int k = p - 1; k >= 0; k--) {
                double s = b[k][j];
                for (int m = k + 1; m < p; m++) s -= a[k][m] * solution[m][j];
                solution[k][j] = s / a[k][k];
            }
        }
        return solution;
    }

    private static void reflect(double[] v, double vv, int k, int n, double[][] m, int column) {
        double dot = 0;
        for (int i = k; i < n; i++) dot += v[i] * m[i][column];
        double s = 2 * dot / vv;
        for (int i = k; i < n; i++) m[i][column] -= s * v[i];
    }

    /** λmax of XᵀX/n by power iteration. */
    static double largestEigenvalue(double[][] x) {
        int f = x[0].length;
        double[] v = new double[f];
        java.util.Arrays.fill(v, 1 / Math.sqrt(f));
        double lambda = 0;
        for (int it = 0; it < 100; it++) {
            double[] w = new double[f];
            for (double[] row : x) {
                double d = 0;
                for (int i = 0; i < f; i++) d += row[i] * v[i];
                for (int i = 0; i < f; i++) w[i] += d * row[i] / x.length;
            }
            double norm = 0;
            for (double c : w) norm += c * c;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            for (int i = 0; i < f; i++) v[i] = w[i] / norm;
            if (Math.abs(norm - lambda) <= 1e-9 * norm) return norm;
            lambda = norm;
        }
        return lambda;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(coef != null, "LinearRegression");
        state.put("maxEpochs", maxEpochs).put("epochsRun", epochsRun).put("targetShape", Estimators.shapeList(targetShape))
                .putMatrix("coef", coef).putDoubles("intercept", intercept);
    }

    /** The fitted regression {@link #saveState} wrote. */
    public static LinearRegression fromState(EstimatorState state) {
        LinearRegression lr = new LinearRegression().maxEpochs(state.integer("maxEpochs"));
        lr.epochsRun = state.integer("epochsRun");
        lr.coef = state.finiteMatrix("coef");
        lr.intercept = state.finiteDoubles("intercept");
        Estimators.checkCoefficients(state, lr.coef, lr.intercept.length);
        lr.targetShape = Estimators.checkTargetShape(state, lr.intercept.length);
        return lr;
    }

    @Override
    public String toString() {
        return "LinearRegression";
    }
}
