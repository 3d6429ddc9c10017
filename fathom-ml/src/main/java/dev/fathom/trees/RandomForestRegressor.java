package dev.fathom.trees;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;

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
public final class RandomForestRegressor extends TreeRegressorModel<RandomForestRegressor> implements Estimator, SavableEstimator {
    /** scikit-learn's defaults: 100 trees, squared error, bootstrap samples, all features per split, no depth limit. */
    public RandomForestRegressor() {
        super("RandomForestRegressor", false, 100, true);
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

    /** The fitted regressor {@link #saveState} wrote. */
    public static RandomForestRegressor fromState(EstimatorState state) {
        return new RandomForestRegressor().loadRegressor(state);
    }
}
