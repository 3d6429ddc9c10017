package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * Histogram gradient boosting for numbers, as scikit-learn's {@code HistGradientBoostingRegressor}:
 * squared error (default) or absolute error ({@link #loss}), one target. Missing values (NaN) need
 * no imputation. See {@link HistGradientBoosting} for the settings.
 *
 * <pre>{@code
 * var gbm = new HistGradientBoostingRegressor().loss(BoostingLoss.ABSOLUTE_ERROR).maxIter(300).fit(xTrain, yTrain);
 * gbm.score(xTest, yTest);   // R²
 * }</pre>
 */
public final class HistGradientBoostingRegressor extends HistGradientBoosting<HistGradientBoostingRegressor>
        implements Estimator, SavableEstimator {
    private int targetRank = 1;

    /** scikit-learn's defaults: squared error, learning rate 0.1, 100 iterations, 31 leaves, 20 rows per leaf, early stopping above 10,000 rows. */
    public HistGradientBoostingRegressor() {
        super("HistGradientBoostingRegressor", BoostingLoss.SQUARED_ERROR);
    }

    /** Sets the loss: {@link BoostingLoss#SQUARED_ERROR} (default) or {@link BoostingLoss#ABSOLUTE_ERROR}. */
    public HistGradientBoostingRegressor loss(BoostingLoss loss) {
        if (loss == null || loss == BoostingLoss.LOG_LOSS) {
            throw new IllegalArgumentException(owner + ": loss " + loss + " is not a regression loss; use SQUARED_ERROR or ABSOLUTE_ERROR"
                    + " (LOG_LOSS is HistGradientBoostingClassifier's)");
        }
        this.loss = loss;
        return this;
    }

    /**
     * Boosts on {@code x [samples, features]} (raw features, NaN for missing) and targets {@code y [samples]} or {@code [samples, 1]}.
     *
     * @throws IllegalArgumentException when x and y disagree, y has several targets or non-finite values, or x holds infinity
     */
    @Override
    public HistGradientBoostingRegressor fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        double[][] t = TreeInputs.targets(y, owner);
        if (t[0].length != 1) {
            throw new IllegalArgumentException(owner + " predicts one target but y has " + t[0].length
                    + "; fit one model per target, or use RandomForestRegressor, which predicts several");
        }
        double[] target = new double[t.length];
        for (int i = 0; i < t.length; i++) target[i] = t[i][0];
        boost(TreeInputs.columns(x, -1, true, owner), target, 1, false);
        targetRank = y.rank();
        return this;
    }

    /** Float32 predictions {@code [samples]} (or {@code [samples, 1]} when fitted on such a y). */
    @Override
    public Tensor predict(Tensor x) {
        return TreeInputs.floats(raw(x), x.shape(0), targetRank == 1 ? -1 : 1);
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveModel(state);
        state.put("targetRank", targetRank);
    }

    /** The fitted regressor {@link #saveState} wrote. */
    public static HistGradientBoostingRegressor fromState(EstimatorState state) {
        var m = new HistGradientBoostingRegressor();
        m.loss(state.keyword("loss", BoostingLoss.class));
        m.loadModel(state);
        m.targetRank = state.integer("targetRank");
        if (m.outputs != 1 || (m.targetRank != 1 && m.targetRank != 2)) {
            throw new IllegalArgumentException(state.path() + ": a regressor of " + m.outputs + " outputs and target rank " + m.targetRank
                    + "; the file is damaged or was edited");
        }
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
