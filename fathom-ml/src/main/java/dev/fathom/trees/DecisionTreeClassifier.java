package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

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
public final class DecisionTreeClassifier extends TreeModel<DecisionTreeClassifier> implements Classifier, SavableEstimator {
    /** scikit-learn's defaults: Gini impurity, all features per split, no depth limit. */
    public DecisionTreeClassifier() {
        super("DecisionTreeClassifier", false, Criterion.GINI, 1, false, MaxFeatures.all());
    }

    /**
     * Grows the tree on {@code x [samples, features]} (raw features; no scaling needed) and class indices {@code y}.
     *
     * @throws IllegalArgumentException when x and y disagree, a label is not a class index, or x holds NaN or infinity
     */
    @Override
    public DecisionTreeClassifier fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        int[] labels = TreeInputs.labels(y, owner);
        double[][] cols = TreeInputs.columns(x, -1, false, owner);
        grow(cols, labels, null, TreeInputs.classCount(labels));
        return this;
    }

    /** Class probabilities {@code [samples, classes]}: the mean over the trees of the class shares in the leaf each row reaches. */
    @Override
    public Tensor predictProba(Tensor x) {
        return TreeInputs.floats(average(x), x.shape(0), outputs);
    }

    @Override
    public int classCount() {
        TreeInputs.checkFitted(trees != null, owner);
        return outputs;
    }

    @Override
    boolean classifies() {
        return true;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveTrees(state);
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static DecisionTreeClassifier fromState(EstimatorState state) {
        return new DecisionTreeClassifier().loadTrees(state);
    }

    @Override
    public String toString() {
        return describe();
    }
}
