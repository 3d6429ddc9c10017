package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * A CART decision tree for numbers, as scikit-learn's {@code DecisionTreeRegressor}: each node
 * splits one feature at the threshold that lowers the squared error the most; leaves predict the
 * mean of their rows. Several targets share one tree.
 *
 * <pre>{@code
 * DecisionTreeRegressor tree = new DecisionTreeRegressor().maxDepth(6).minSamplesLeaf(5).fit(x, y);
 * Tensor yHat = tree.predict(xNew);
 * }</pre>
 */
public final class DecisionTreeRegressor extends TreeModel<DecisionTreeRegressor> implements Estimator, SavableEstimator {
    private int targetRank = 1;

    /** scikit-learn's defaults: squared error, all features per split, no depth limit. */
    public DecisionTreeRegressor() {
        super("DecisionTreeRegressor", false, Criterion.SQUARED_ERROR, 1, false, MaxFeatures.all());
    }

    /**
     * Grows the tree on {@code x [samples, features]} (raw features; no scaling needed) and targets
     * {@code y [samples]} or {@code [samples, targets]} (one tree predicts every target).
     *
     * @throws IllegalArgumentException when x and y disagree or hold NaN or infinity
     */
    @Override
    public DecisionTreeRegressor fit(Tensor x, Tensor y) {
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
    public static DecisionTreeRegressor fromState(EstimatorState state) {
        DecisionTreeRegressor m = new DecisionTreeRegressor().loadTrees(state);
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
