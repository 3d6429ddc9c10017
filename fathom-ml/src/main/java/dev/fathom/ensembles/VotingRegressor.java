package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Several regressors fitted on the same data whose predictions are averaged, optionally weighted,
 * as scikit-learn's {@code VotingRegressor}. Targets may be {@code [samples]} or
 * {@code [samples, targets]}; predictions have the same shape. Members are fitted in place, side
 * by side on the cores (one after another inside a cross-validation's fold), with the same result
 * either way.
 *
 * <pre>{@code
 * VotingRegressor avg = new VotingRegressor(
 *         NamedEstimator.of("linear", new LinearRegression()),
 *         NamedEstimator.of("knn", new KNeighborsRegressor(5)))
 *     .weights(1, 2);
 * avg.fit(xTrain, yTrain).score(xTest, yTest);   // R²
 * }</pre>
 */
public final class VotingRegressor implements Estimator, SavableEstimator {
    private final Members members;
    private double[] weights;
    private int[] targetShape;
    /** The shape of one sample x was fitted on: [features] for a table, [channels, height, width] for images. */
    private int[] sampleShape;

    /**
     * An ensemble of these regressors, with equal weights.
     *
     * @throws IllegalArgumentException when there are no members, two share a name, or one is a classifier
     */
    public VotingRegressor(NamedEstimator... members) {
        this(members == null ? null : Arrays.asList(members));
    }

    /** An ensemble of these regressors; see {@link #VotingRegressor(NamedEstimator...)}. */
    public VotingRegressor(List<NamedEstimator> members) {
        this.members = new Members("VotingRegressor", members, false);
        this.weights = this.members.equalWeights();
    }

    /**
     * Sets one weight per member, in the members' order (default: all 1). Returns this.
     *
     * @throws IllegalArgumentException when the count differs from the members', or a weight is
     *     negative or not finite, or all are 0
     */
    public VotingRegressor weights(double... weights) {
        this.weights = members.checkWeights(weights);
        return this;
    }

    /**
     * Fits every member on {@code x [samples, features]} (or {@code [samples, channels, height, width]}, or any
     * shape the members read: x is handed to them whole) and {@code y [samples]} or {@code [samples, targets]}.
     */
    @Override
    public VotingRegressor fit(Tensor x, Tensor y) {
        Ensembles.checkSamplesOfAnyShape(x, y, "VotingRegressor");
        members.fitAll(x, y);
        targetShape = y.shape();
        sampleShape = Ensembles.sampleShape(x);
        return this;
    }

    /** The weighted mean of the members' predictions, shaped like the targets. */
    @Override
    public Tensor predict(Tensor x) {
        Ensembles.checkFitted(targetShape != null, "VotingRegressor");
        Ensembles.checkSampleShape(x, sampleShape, "VotingRegressor");
        int n = x.shape(0);
        int t = targetShape.length == 1 ? 1 : Arrays.stream(targetShape).skip(1).reduce(1, (a, b) -> a * b);
        double total = Arrays.stream(weights).sum();
        double[][] out = new double[n][t];
        for (int m = 0; m < members.size(); m++) {
            if (weights[m] == 0) continue;
            double[][] p = Ensembles.values(members.estimator(m), x, t, "VotingRegressor", members.name(m));
            for (int i = 0; i < n; i++) for (int j = 0; j < t; j++) out[i][j] += weights[m] * p[i][j];
        }
        for (double[] row : out) for (int j = 0; j < t; j++) row[j] /= total;
        return Ensembles.targets(out, targetShape);
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /** The members' weights, in order (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The member called {@code name}, fitted once this ensemble is. */
    public Estimator estimator(String name) {
        return members.get(name);
    }

    /** The members by name, in order (scikit-learn's {@code named_estimators_}). */
    public Map<String, Estimator> namedEstimators() {
        return members.asMap();
    }

    @Override
    public void saveState(EstimatorState state) {
        Ensembles.checkFitted(targetShape != null, "VotingRegressor");
        state.put("weights", Members.list(weights)).put("targetShape", Ensembles.shapeList(targetShape));
        Ensembles.putSampleShape(state, sampleShape);
        members.save(state);
    }

    /** The fitted ensemble {@link #saveState} wrote, its members restored. */
    public static VotingRegressor fromState(EstimatorState state) {
        VotingRegressor v = new VotingRegressor(Members.restore(state)).weights(state.numbers("weights"));
        v.targetShape = Ensembles.targetShape(state);
        v.sampleShape = Ensembles.sampleShape(state);
        return v;
    }

    @Override
    public String toString() {
        return "VotingRegressor(" + members + ")";
    }
}
