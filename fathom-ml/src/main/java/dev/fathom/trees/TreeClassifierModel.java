package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * What the CART-tree classifiers share — {@link DecisionTreeClassifier}, {@link RandomForestClassifier},
 * {@link ExtraTreesClassifier}: fitting on class indices, class probabilities as the mean of the
 * trees' leaf class shares, and the saved form (the trees alone).
 *
 * <pre>{@code
 * RandomForestClassifier forest = new RandomForestClassifier().trees(50).fit(x, labels);
 * forest.predictProba(xNew);   // [samples, classes]
 * }</pre>
 *
 * @param <S> the estimator class itself, so the settings chain
 */
abstract sealed class TreeClassifierModel<S extends TreeClassifierModel<S>> extends TreeModel<S>
        implements Classifier, SavableEstimator
        permits DecisionTreeClassifier, RandomForestClassifier, ExtraTreesClassifier {

    TreeClassifierModel(String owner, boolean random, int nEstimators, boolean bootstrap, MaxFeatures maxFeatures) {
        super(owner, random, Criterion.GINI, nEstimators, bootstrap, maxFeatures);
    }

    /**
     * Grows the trees (one for a decision tree) on {@code x [samples, features]} (raw features; no
     * scaling needed) and class indices {@code y}.
     *
     * @throws IllegalArgumentException when x and y disagree, a label is not a class index, or x holds NaN or infinity
     */
    @Override
    public S fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        int[] labels = TreeInputs.labels(y, owner);
        double[][] cols = TreeInputs.columns(x, -1, false, owner);
        grow(cols, labels, null, TreeInputs.classCount(labels));
        return self();
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
    final boolean classifies() {
        return true;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveTrees(state);
    }
}
