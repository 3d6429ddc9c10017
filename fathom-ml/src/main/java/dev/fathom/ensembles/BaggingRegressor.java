package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.metrics.Regression;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Bootstrap aggregating for regression, as scikit-learn's {@code BaggingRegressor}:
 * {@code nEstimators} copies of a regressor, each fitted on its own bootstrap sample of the rows
 * (and, optionally, a random subset of the features), whose predictions are averaged. The same
 * seed gives the same members.
 *
 * <p>With {@link #oobScore(boolean) oobScore(true)}, each training row is predicted by the members
 * that did not draw it, and {@link #oobScore()} is the R² of those predictions (averaged over the
 * targets, as scikit-learn's {@code r2_score}) on the rows at least one member left out.
 *
 * <pre>{@code
 * BaggingRegressor bag = new BaggingRegressor(() -> new KNeighborsRegressor(1), 50).seed(7).oobScore(true);
 * bag.fit(xTrain, yTrain);
 * bag.oobScore();             // out-of-bag R²
 * bag.score(xTest, yTest);    // R² on held-out data
 * }</pre>
 */
public final class BaggingRegressor extends Bagging<BaggingRegressor> implements Estimator, SavableEstimator {
    private int[] targetShape;
    private int width;
    private double[][] oobPrediction;
    private double oobScore = Double.NaN;

    /**
     * {@code nEstimators} regressors made by {@code factory}, which must return a new one on each call.
     *
     * @throws IllegalArgumentException when {@code factory} is null or {@code nEstimators < 1}
     */
    public BaggingRegressor(Supplier<? extends Estimator> factory, int nEstimators) {
        super("BaggingRegressor", factory, nEstimators);
    }

    /**
     * Draws the members' samples from {@code x [samples, features]} and {@code y [samples]} or
     * {@code [samples, targets]} and fits them.
     *
     * @throws IllegalArgumentException when the supplier gives a classifier, null, or the same instance twice
     * @throws IllegalStateException when the out-of-bag score is asked for without bootstrap
     */
    @Override
    public BaggingRegressor fit(Tensor x, Tensor y) {
        Ensembles.checkSamples(x, y, "BaggingRegressor");
        fitMembers(x, y, false);
        targetShape = y.shape();
        width = y.size() / y.shape(0);
        oobPrediction = null;
        oobScore = Double.NaN;
        if (oob) outOfBag(x, y);
        return this;
    }

    private void outOfBag(Tensor x, Tensor y) {
        int n = x.shape(0);
        double[][] sum = new double[n][width];
        int[] count = new int[n];
        for (int m = 0; m < members.size(); m++) {
            int[] rows = outOfBag(m);
            if (rows.length == 0) continue;
            Tensor xm = columnsOf(x.indexSelect(0, Tensor.of(rows, rows.length)), m);
            double[][] p = Ensembles.values(members.get(m), xm, width, "BaggingRegressor", "member " + m);
            for (int r = 0; r < rows.length; r++) {
                count[rows[r]]++;
                for (int t = 0; t < width; t++) sum[rows[r]][t] += p[r][t];
            }
        }
        int[] scored = java.util.stream.IntStream.range(0, n).filter(i -> count[i] > 0).toArray();
        if (scored.length < 2) {
            throw new IllegalArgumentException("BaggingRegressor: only " + scored.length + " training row(s) were left out by some"
                    + " member, too few for an out-of-bag R²; use more members or rows, or turn oobScore off");
        }
        for (int i = 0; i < n; i++) for (int t = 0; t < width; t++) sum[i][t] = count[i] == 0 ? Double.NaN : sum[i][t] / count[i];
        double[] truth = y.toDoubleArray();
        double r2 = 0;
        for (int t = 0; t < width; t++) {
            double[] yt = new double[scored.length];
            double[] pt = new double[scored.length];
            for (int j = 0; j < scored.length; j++) {
                yt[j] = truth[scored[j] * width + t];
                pt[j] = sum[scored[j]][t];
            }
            r2 += Regression.r2(yt, pt) / width;
        }
        oobPrediction = sum;
        oobScore = r2;
    }

    /** The mean of the members' predictions, shaped like the targets. */
    @Override
    public Tensor predict(Tensor x) {
        checkFitted();
        Ensembles.checkFeatures(x, features, "BaggingRegressor");
        double[][] out = new double[x.shape(0)][width];
        int count = members.size();
        for (int m = 0; m < count; m++) {
            double[][] p = Ensembles.values(members.get(m), columnsOf(x, m), width, "BaggingRegressor", "member " + m);
            for (int i = 0; i < out.length; i++) for (int t = 0; t < width; t++) out[i][t] += p[i][t] / count;
        }
        return Ensembles.targets(out, targetShape);
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /**
     * The R² of the out-of-bag predictions on the training rows that at least one member left out.
     *
     * @throws IllegalStateException before fit, or when {@code oobScore(true)} was not set
     */
    public double oobScore() {
        checkOob();
        return oobScore;
    }

    /**
     * The out-of-bag prediction of each training row, shaped like the targets (scikit-learn's
     * {@code oob_prediction_}); rows no member left out are NaN.
     *
     * @throws IllegalStateException before fit, or when {@code oobScore(true)} was not set
     */
    public Tensor oobPrediction() {
        checkOob();
        return Ensembles.targets(oobPrediction, targetShape);
    }

    /** The fitted members, in order. */
    public List<Estimator> estimators() {
        checkFitted();
        return members;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveMembers(state);
        state.put("targetShape", Ensembles.shapeList(targetShape)).putDoubles("oobScore", new double[] {oobScore});
        if (oobPrediction != null) state.putMatrix("oobPrediction", oobPrediction);
    }

    /** The fitted ensemble {@link #saveState} wrote; fitting it again needs a new one with a supplier. */
    public static BaggingRegressor fromState(EstimatorState state) {
        BaggingRegressor b = new BaggingRegressor(unsavedFactory("BaggingRegressor"), state.integer("nEstimators"));
        b.restoreMembers(state);
        b.targetShape = Ensembles.targetShape(state);
        b.width = b.targetShape.length == 1 ? 1 : b.targetShape[1];
        b.oobScore = state.doubles("oobScore")[0];
        b.oobPrediction = state.hasTensor("oobPrediction") ? state.matrix("oobPrediction") : null;
        return b;
    }

    @Override
    public String toString() {
        return "BaggingRegressor(" + settings() + ")";
    }
}
