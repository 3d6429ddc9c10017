package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;

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
public final class DecisionTreeRegressor extends TreeRegressorModel<DecisionTreeRegressor> implements Estimator, SavableEstimator {
    /** scikit-learn's defaults: squared error, all features per split, no depth limit. */
    public DecisionTreeRegressor() {
        super("DecisionTreeRegressor", false, 1, false);
    }

    /** The fitted regressor {@link #saveState} wrote. */
    public static DecisionTreeRegressor fromState(EstimatorState state) {
        return new DecisionTreeRegressor().loadRegressor(state);
    }
}
