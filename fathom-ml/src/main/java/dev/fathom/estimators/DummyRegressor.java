package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * A regressor that ignores the features and predicts the training targets' mean (R² 0 on the
 * training data) or median: the score any real model must beat.
 *
 * <pre>{@code
 * Estimator floor = new DummyRegressor().fit(xTrain, yTrain);
 * floor.score(xTest, yTest);   // about 0, or below when the test mean differs
 * }</pre>
 */
public final class DummyRegressor implements Estimator, SavableEstimator {
    /** What the dummy predicts. */
    public enum Strategy { MEAN, MEDIAN }

    private final Strategy strategy;
    private double[] value;
    private int[] targetShape;

    /** The mean baseline. */
    public DummyRegressor() {
        this(Strategy.MEAN);
    }

    /** A baseline predicting the training targets' mean or median. */
    public DummyRegressor(Strategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public DummyRegressor fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "DummyRegressor");
        int n = y.shape(0);
        int t = y.size() / n;
        double[] v = y.toDoubleArray();
        value = new double[t];
        for (int j = 0; j < t; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) col[i] = v[i * t + j];
            value[j] = strategy == Strategy.MEAN ? Arrays.stream(col).average().orElseThrow() : median(col);
        }
        targetShape = y.shape();
        return this;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    @Override
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(value != null, "DummyRegressor");
        int n = x.shape(0);
        float[] out = new float[n * value.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < value.length; j++) out[i * value.length + j] = (float) value[j];
        return Tensor.of(out, Estimators.targetShape(targetShape, n));
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(value != null, "DummyRegressor");
        state.put("strategy", strategy.name()).put("targetShape", Estimators.shapeList(targetShape)).putDoubles("value", value);
    }

    /** The fitted regressor {@link #saveState} wrote. */
    public static DummyRegressor fromState(EstimatorState state) {
        DummyRegressor d = new DummyRegressor(state.keyword("strategy", Strategy.class));
        d.value = state.doubles("value");
        d.targetShape = Estimators.checkTargetShape(state, d.value.length);
        return d;
    }

    @Override
    public String toString() {
        return "DummyRegressor(" + strategy.name().toLowerCase() + ")";
    }
}
