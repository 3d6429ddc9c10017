package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;

/**
 * A CART decision tree for classes, as scikit-learn's {@code DecisionTreeClassifier}: each node splits
 * one feature at the threshold that lowers the Gini impurity (or entropy) the most, down to pure or
 * small leaves, which predict their class shares. Easy to read, quick to overfit: bound it with
 * {@link #maxDepth} or {@link #minSamplesLeaf}, or average many in a {@link RandomForestClassifier}.
 *
 * <pre>{@code
 * DecisionTreeClassifier tree = new DecisionTreeClassifier().maxDepth(4).fit(x, y);
 * tree.predictProba(xNew);        // [samples, classes]
 * tree.featureImportances();      // which features the splits used
 * }</pre>
 */
public final class DecisionTreeClassifier extends TreeClassifierModel<DecisionTreeClassifier> implements Classifier, SavableEstimator {
    /** scikit-learn's defaults: Gini impurity, all features per split, no depth limit. */
    public DecisionTreeClassifier() {
        super("DecisionTreeClassifier", false, 1, false, MaxFeatures.all());
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static DecisionTreeClassifier fromState(EstimatorState state) {
        return new DecisionTreeClassifier().loadTrees(state);
    }
}
