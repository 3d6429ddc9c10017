package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * Extremely randomized trees for numbers, as scikit-learn's {@code ExtraTreesRegressor}: each node
 * tries one random threshold per feature and keeps the best of those; every tree sees all rows.
 *
 * <pre>{@code
 * ExtraTreesRegressor trees = new ExtraTreesRegressor().trees(200).fit(xTrain, yTrain);
 * trees.predict(xTest);
 * }</pre>
 */
public final class ExtraTreesRegressor extends TreeModel<ExtraTreesRegressor> implements Estimator, SavableEstimator {
    private int targetRank = 1;

    /** scikit-learn's defaults: 100 trees, squared error, all features per split, no depth limit. */
    public ExtraTreesRegressor() {
        super("ExtraTreesRegressor", true, Criterion.SQUARED_ERROR, 100, false, MaxFeatures.all());
    }

    /** Sets the number of trees (default 100); more trees lower the variance, at a cost linear in their number. */
    public ExtraTreesRegressor trees(int n) {
        setTrees(n);
        return this;
    }

    /** Sets whether each tree learns from a bootstrap sample of the rows (default false) or from all of them. */
    public ExtraTreesRegressor bootstrap(boolean bootstrap) {
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
    public ExtraTreesRegressor fit(Tensor x, Tensor y) {
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
    public static ExtraTreesRegressor fromState(EstimatorState state) {
        ExtraTreesRegressor m = new ExtraTreesRegressor().loadTrees(state);
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
