package dev.fathom.trees;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

/**
 * Histogram gradient boosting for classes, as scikit-learn's {@code HistGradientBoostingClassifier}:
 * log loss on one logit for two classes, one raw score per class (a tree each per iteration) for
 * more. Missing values (NaN) need no imputation: each split learns where they go. See
 * {@link HistGradientBoosting} for the settings.
 *
 * <pre>{@code
 * var gbm = new HistGradientBoostingClassifier().maxIter(200).learningRate(0.1).seed(0).fit(xTrain, yTrain);
 * Tensor p = gbm.predictProba(xTest);   // [samples, classes]
 * gbm.score(xTest, yTest);              // accuracy
 * }</pre>
 */
public final class HistGradientBoostingClassifier extends HistGradientBoosting<HistGradientBoostingClassifier>
        implements Classifier, SavableEstimator {
    private int classes = -1;

    /** scikit-learn's defaults: log loss, learning rate 0.1, 100 iterations, 31 leaves, 20 rows per leaf, no L2, early stopping above 10,000 rows. */
    public HistGradientBoostingClassifier() {
        super("HistGradientBoostingClassifier", BoostingLoss.LOG_LOSS);
    }

    /**
     * Boosts on {@code x [samples, features]} (raw features, NaN for missing) and class indices {@code y}.
     *
     * @throws IllegalArgumentException when x and y disagree, a label is not a class index, or x holds infinity
     */
    @Override
    public HistGradientBoostingClassifier fit(Tensor x, Tensor y) {
        TreeInputs.checkSamples(x, y, owner);
        int[] labels = TreeInputs.labels(y, owner);
        int k = Math.max(2, TreeInputs.classCount(labels));
        double[] target = new double[labels.length];
        for (int i = 0; i < labels.length; i++) target[i] = labels[i];
        boost(TreeInputs.columns(x, -1, true, owner), target, k == 2 ? 1 : k, true);
        classes = k;
        return this;
    }

    /** The raw scores {@code [samples, 1]} (the logit, two classes) or {@code [samples, classes]}: scikit-learn's {@code decision_function}. */
    public Tensor decisionFunction(Tensor x) {
        return TreeInputs.floats(raw(x), x.shape(0), outputs);
    }

    @Override
    public Tensor predictProba(Tensor x) {
        double[] raw = raw(x);
        int n = x.shape(0);
        double[] p = new double[n * classes];
        double[] row = new double[classes];
        for (int r = 0; r < n; r++) {
            if (outputs == 1) {
                double p1 = BoostingLoss.sigmoid(raw[r]);
                p[2 * r] = 1 - p1;
                p[2 * r + 1] = p1;
            } else {
                BoostingLoss.softmax(raw, r * classes, classes, row);
                System.arraycopy(row, 0, p, r * classes, classes);
            }
        }
        return TreeInputs.floats(p, n, classes);
    }

    @Override
    public int classCount() {
        TreeInputs.checkFitted(trees != null, owner);
        return classes;
    }

    @Override
    public void saveState(EstimatorState state) {
        saveModel(state);
        state.put("classes", classes);
    }

    /** The fitted classifier {@link #saveState} wrote. */
    public static HistGradientBoostingClassifier fromState(EstimatorState state) {
        var m = new HistGradientBoostingClassifier().loadModel(state);
        m.classes = state.integer("classes");
        if (m.classes < 2 || m.outputs != (m.classes == 2 ? 1 : m.classes)) {
            throw new IllegalArgumentException(state.path() + ": " + m.classes + " classes with " + m.outputs
                    + " raw outputs; the file is damaged or was edited");
        }
        return m;
    }

    @Override
    public String toString() {
        return describe();
    }
}
