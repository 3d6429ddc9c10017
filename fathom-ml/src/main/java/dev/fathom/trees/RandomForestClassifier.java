package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;

/**
 * A random forest for classes, as scikit-learn's {@code RandomForestClassifier}: many deep CART
 * trees, each grown on a bootstrap sample of the rows with a random √features of the features tried
 * at each node, whose class probabilities are averaged. Strong with no tuning on most tables.
 * <p>The trees grow in parallel on the CPU threads ({@code FATHOM_THREADS}); the same seed gives
 * the same forest whatever their number.
 *
 * <pre>{@code
 * RandomForestClassifier forest = new RandomForestClassifier().trees(300).seed(42).fit(xTrain, yTrain);
 * forest.score(xTest, yTest);         // accuracy
 * forest.featureImportances();
 * }</pre>
 */
public final class RandomForestClassifier extends TreeClassifierModel<RandomForestClassifier> implements Classifier, SavableEstimator {
    /** scikit-learn's defaults: 100 trees, Gini impurity, bootstrap samples, sqrt features per split, no depth limit. */
    public RandomForestClassifier() {
        super("RandomForestClassifier", false, 100, true, MaxFeatures.sqrt());
    }

    /** Sets the number of trees (default 100); more trees lower the variance, at a cost linear in their number. */
    public RandomForestClassifier trees(int n) {
        setTrees(n);
        return this;
    }

    /** Sets whether each tree learns from a bootstrap sample of the rows (default true) or from all of them. */
    public RandomForestClassifier bootstrap(boolean bootstrap) {
        this.bootstrap = bootstrap;
        return this;
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static RandomForestClassifier fromState(EstimatorState state) {
        return new RandomForestClassifier().loadTrees(state);
    }
}
