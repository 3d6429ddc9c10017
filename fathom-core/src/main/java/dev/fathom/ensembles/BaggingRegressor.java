package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;
import dev.fathom.metrics.Regression;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
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
 * bag.oobScore();               // out-of-bag R²
 * bag.score(xTest, yTest);      // R² on held-out data
 * }</pre>
 */
public final class BaggingRegressor implements Estimator {
    private final Bag bag;
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
        bag = new Bag("BaggingRegressor", factory, nEstimators);
    }

    /** Sets the share of the rows each member draws (default 1: as many as there are). Returns this. */
    public BaggingRegressor maxSamples(double fraction) {
        bag.maxSamples(fraction);
        return this;
    }

    /** Sets the share of the features each member sees, drawn at random per member (default 1: all). Returns this. */
    public BaggingRegressor maxFeatures(double fraction) {
        bag.maxFeatures(fraction);
        return this;
    }

    /** Whether rows are drawn with replacement (default true); without, each member gets a random subset. Returns this. */
    public BaggingRegressor bootstrap(boolean withReplacement) {
        bag.bootstrap = withReplacement;
        return this;
    }

    /** Whether features are drawn with replacement (default false). Returns this. */
    public BaggingRegressor bootstrapFeatures(boolean withReplacement) {
        bag.bootstrapFeatures = withReplacement;
        return this;
    }

    /** Sets the seed of the draws (default 0). Returns this. */
    public BaggingRegressor seed(long seed) {
        bag.seed = seed;
        return this;
    }

    /** Whether {@link #fit} also computes the out-of-bag score (default false; needs bootstrap). Returns this. */
    public BaggingRegressor oobScore(boolean compute) {
        bag.oob = compute;
        return this;
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
        bag.fit(x, y, false);
        targetShape = y.shape();
        width = y.size() / y.shape(0);
        oobPrediction = null;
        oobScore = Double.NaN;
        if (bag.oob) outOfBag(x, y);
        return this;
    }

    private void outOfBag(Tensor x, Tensor y) {
        int n = x.shape(0);
        double[][] sum = new double[n][width];
        int[] count = new int[n];
        for (int m = 0; m < bag.members.size(); m++) {
            int[] rows = bag.outOfBag(m);
            if (rows.length == 0) continue;
            Tensor xm = bag.columnsOf(x.indexSelect(0, Tensor.of(rows, rows.length)), m);
            double[][] p = Ensembles.values(bag.members.get(m), xm, width, "BaggingRegressor", "member " + m);
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
        bag.checkFitted();
        Ensembles.checkFeatures(x, bag.features, "BaggingRegressor");
        double[][] out = new double[x.shape(0)][width];
        int members = bag.members.size();
        for (int m = 0; m < members; m++) {
            double[][] p = Ensembles.values(bag.members.get(m), bag.columnsOf(x, m), width, "BaggingRegressor", "member " + m);
            for (int i = 0; i < out.length; i++) for (int t = 0; t < width; t++) out[i][t] += p[i][t] / members;
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
        bag.checkOob();
        return oobScore;
    }

    /**
     * The out-of-bag prediction of each training row, shaped like the targets (scikit-learn's
     * {@code oob_prediction_}); rows no member left out are NaN.
     *
     * @throws IllegalStateException before fit, or when {@code oobScore(true)} was not set
     */
    public Tensor oobPrediction() {
        bag.checkOob();
        return Ensembles.targets(oobPrediction, targetShape);
    }

    /** The fitted members, in order. */
    public List<Estimator> estimators() {
        bag.checkFitted();
        return bag.members;
    }

    /** Whether each member drew each training row, {@code [member][sample]}. */
    public boolean[][] inBagMasks() {
        bag.checkFitted();
        return Arrays.stream(bag.inBag).map(boolean[]::clone).toArray(boolean[][]::new);
    }

    /** The feature indices each member sees (scikit-learn's {@code estimators_features_}). */
    public int[][] estimatorsFeatures() {
        bag.checkFitted();
        return Arrays.stream(bag.columns).map(c -> c != null ? c.clone()
                : java.util.stream.IntStream.range(0, bag.features).toArray()).toArray(int[][]::new);
    }

    @Override
    public String toString() {
        return "BaggingRegressor(" + bag.settings() + ")";
    }
}
