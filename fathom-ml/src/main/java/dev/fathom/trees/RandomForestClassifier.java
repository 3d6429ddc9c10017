package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

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
public final class RandomForestClassifier extends TreeModel<RandomForestClassifier> implements Classifier, SavableEstimator {
    /** scikit-learn's defaults: 100 trees, Gini impurity, bootstrap samples, sqrt features per split, no depth limit. */
    public RandomForestClassifier() {
        super("RandomForestClassifier", false, Criterion.GINI, 100, true, MaxFeatures.sqrt());
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

    /**
     * Grows the trees on {@code x [samples, features]} (raw features; no scaling needed) and class indices {@code y}.
     *
     * @throws IllegalArgumentException when x and y disagree, a label is not a class index, or x holds NaN or infinity
     */
    @Override
    public RandomForestClassifier fit(Tensor x, Tensor y) {
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
    public static RandomForestClassifier fromState(EstimatorState state) {
        return new RandomForestClassifier().loadTrees(state);
    }

    @Override
    public String toString() {
        return describe();
    }
}
