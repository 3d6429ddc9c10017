package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * A random forest for numbers, as scikit-learn's {@code RandomForestRegressor}: many deep CART
 * trees on bootstrap samples whose predictions are averaged (every feature tried at each node by
 * default, as scikit-learn since 1.1; {@code maxFeatures(MaxFeatures.fraction(0.33))} decorrelates
 * the trees more).
 * <p>The trees grow in parallel on the CPU threads; the same seed gives the same forest whatever
 * their number.
 *
 * <pre>{@code
 * RandomForestRegressor forest = new RandomForestRegressor().trees(200).seed(3).fit(xTrain, yTrain);
 * forest.score(xTest, yTest);   // R²
 * }</pre>
 */
public final class RandomForestRegressor extends TreeModel<RandomForestRegressor> implements Estimator, SavableEstimator {
    private int targetRank = 1;

    /** scikit-learn's defaults: 100 trees, squared error, bootstrap samples, all features per split, no depth limit. */
    public RandomForestRegressor() {
        super("RandomForestRegressor", false, Criterion.SQUARED_ERROR, 100, true, MaxFeatures.all());
    }

    /** Sets the number of trees (default 100); more trees lower the variance, at a cost linear in their number. */
    public RandomForestRegressor trees(int n) {
        setTrees(n);
        return this;
    }

    /** Sets whether each tree learns from a bootstrap sample of the rows (default true) or from all of them. */
    public RandomForestRegressor bootstrap(boolean bootstrap) {
        this.bootstrap = bootstrap;
        return this;
    }

    /**
     * Grows the trees on {@code x [samples, features]} (raw features; no scaling needed) and targets
     * {@code y [samples]} or {@code [samples, targets]} (one tree predicts every target).
     *
     * @throws IllegalArgumentException when x and y disagree or hold NaN or infinity
     */
    @Override
    public RandomForestRegressor fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        double[][] rows = TreeInputs.targets(y, owner);
        int k = rows[0].length;
        double[] flat = new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * k, k);
        double[][] cols = TreeInputs.columns(x, -1, false, owner);
        targetRank = y.rank();
        grow(cols, null, flat, k);
        return this;
    }

    /** The mean over the trees of the leaf each row reaches: float32 {@code [samples]}, or {@code [samples, targets]} when fitted on several. */
    @Override
    public Tensor predict(Tensor x) {
        return TreeInputs.floats(average(x), x.shape(0), targetRank == 1 ? -1 : outputs);
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    boolean classifies() {
        return false;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveTrees(state);
        state.put("targetRank", targetRank);
    }

    /** The fitted regressor {@link #saveState} wrote. */
    public static RandomForestRegressor fromState(EstimatorState state) {
        RandomForestRegressor m = new RandomForestRegressor().loadTrees(state);
        m.targetRank = state.integer("targetRank");
        if (m.targetRank != 1 && m.targetRank != 2 || m.targetRank == 1 && m.outputs != 1) {
            throw new IllegalArgumentException(state.path() + ": targetRank " + m.targetRank + " with " + m.outputs
                    + " outputs; the file is damaged or was edited");
        }
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
