package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;

/**
 * Extremely randomized trees for numbers, as scikit-learn's {@code ExtraTreesRegressor}: each node
 * tries one random threshold per feature and keeps the best of those; every tree sees all rows.
 *
 * <pre>{@code
 * ExtraTreesRegressor trees = new ExtraTreesRegressor().trees(200).fit(xTrain, yTrain);
 * trees.predict(xTest);
 * }</pre>
 */
public final class ExtraTreesRegressor extends TreeRegressorModel<ExtraTreesRegressor> implements Estimator, SavableEstimator {
    /** scikit-learn's defaults: 100 trees, squared error, all features per split, no depth limit. */
    public ExtraTreesRegressor() {
        super("ExtraTreesRegressor", true, 100, false);
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

    /** The fitted regressor {@link #saveState} wrote. */
    public static ExtraTreesRegressor fromState(EstimatorState state) {
        return new ExtraTreesRegressor().loadRegressor(state);
    }
}
