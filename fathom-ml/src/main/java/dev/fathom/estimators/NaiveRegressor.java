package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;

/**
 * A forecasting baseline on lag features: predicts one feature column as it is. With a column of
 * the last observed value it is the persistence forecast ("tomorrow as today"); with the value one
 * season back it is the seasonal-naive forecast. Learns nothing, so any model that does not beat it
 * on a time series has learnt nothing useful.
 *
 * <pre>{@code
 * Table lags = LagFeatures.of(series, List.of("sales"), 12, "sales");   // sales[t-12] ... sales[t-1], sales
 * Tensor x = lags.features("sales");                                    // column 11 is sales[t-1]
 * Estimator persistence = new NaiveRegressor(11, "sales[t-1]").fit(x, y);
 * persistence.predict(x);                                               // sales[t-1], row by row
 * }</pre>
 */
public final class NaiveRegressor implements Estimator, SavableEstimator {
    private final int column;
    private final String columnName;
    private boolean fitted;

    /**
     * A baseline predicting feature {@code column} (0-based) of each row.
     *
     * @param columnName the column's name, for messages and {@link #toString()}
     */
    public NaiveRegressor(int column, String columnName) {
        if (column < 0) throw new IllegalArgumentException("NaiveRegressor: the feature column must be >= 0, got " + column);
        this.column = column;
        this.columnName = columnName == null ? "feature " + column : columnName;
    }

    /** Checks the feature exists; there is nothing to learn. */
    @Override
    public NaiveRegressor fit(Tensor x, Tensor y) {
        Estimators.checkSamples(x, y, "NaiveRegressor");
        if (y.rank() > 2 || (y.rank() == 2 && y.shape(1) != 1)) {
            throw new IllegalArgumentException("NaiveRegressor predicts one target, got targets of shape "
                    + java.util.Arrays.toString(y.shape()));
        }
        checkColumn(x);
        fitted = true;
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(fitted, "NaiveRegressor");
        checkColumn(x);
        int n = x.shape(0);
        int width = x.size() / n;
        float[] v = x.toFloatArray();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = v[i * width + column];
        return Tensor.of(out, n);
    }

    private void checkColumn(Tensor x) {
        int width = x.shape(0) == 0 ? 0 : x.size() / x.shape(0);
        if (x.rank() != 2 || column >= width) {
            throw new IllegalArgumentException("NaiveRegressor copies " + columnName + " (feature " + column + ") but the features have shape "
                    + java.util.Arrays.toString(x.shape()) + "; give [samples, features] with at least " + (column + 1) + " features");
        }
    }

    /** The feature predicted. */
    public int column() {
        return column;
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(fitted, "NaiveRegressor");
        state.put("column", column).put("columnName", columnName);
    }

    /** The regressor {@link #saveState} wrote. */
    public static NaiveRegressor fromState(EstimatorState state) {
        NaiveRegressor r = new NaiveRegressor(state.integer("column"), state.string("columnName"));
        r.fitted = true;
        return r;
    }

    @Override
    public String toString() {
        return "NaiveRegressor(" + columnName + ")";
    }
}
