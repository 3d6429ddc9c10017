package dev.fathom.ensembles;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Cross-validated predictions, as scikit-learn's {@code cross_val_predict}: each sample is
 * predicted by the estimator fitted on the folds that do not test it, so the predictions a
 * stacking meta-model learns from are as honest as those it will see on new data.
 */
final class OutOfFold {
    private OutOfFold() {}

    /**
     * The folds of {@code cv} over the samples of {@code y}, checked to test every sample exactly
     * once (stacking needs a prediction for every row).
     */
    static List<Fold> partition(String owner, Splitter cv, Tensor y) {
        List<Fold> folds = cv.split(y);
        int n = y.shape(0);
        int[] tested = new int[n];
        for (Fold f : folds) for (int i : f.testIndices()) tested[i]++;
        for (int i = 0; i < n; i++) {
            if (tested[i] != 1) {
                throw new IllegalArgumentException(owner + ": the cross-validation " + cv + " tests sample " + i + " "
                        + (tested[i] == 0 ? "in no fold" : tested[i] + " times") + "; stacking needs folds whose test sets"
                        + " cover every sample exactly once, such as KFold or StratifiedKFold (not TimeSeriesSplit)");
            }
        }
        return folds;
    }

    /**
     * Fills {@code [n][width]} with the predictions of {@code base} refitted on each fold's training
     * rows and applied to its test rows; {@code predict} turns a fitted estimator and rows into
     * {@code [rows][width]} values.
     */
    static double[][] predictions(Estimator base, Tensor x, Tensor y, List<Fold> folds, int width,
            BiFunction<Estimator, Tensor, double[][]> predict) {
        double[][] out = new double[x.shape(0)][width];
        for (Fold fold : folds) {
            base.fit(x, y, fold.trainIndices());
            double[][] p = predict.apply(base, fold.test(x));
            int[] test = fold.testIndices();
            for (int r = 0; r < test.length; r++) System.arraycopy(p[r], 0, out[test[r]], 0, width);
        }
        return out;
    }

    /** The meta-model's features: the blocks side by side, then the original features when {@code passthrough}. */
    static Tensor features(List<double[][]> blocks, Tensor x, boolean passthrough) {
        int n = x.shape(0);
        int width = blocks.stream().mapToInt(b -> b[0].length).sum();
        double[][] rows = new double[n][width];
        int at = 0;
        for (double[][] b : blocks) {
            for (int i = 0; i < n; i++) System.arraycopy(b[i], 0, rows[i], at, b[i].length);
            at += b[0].length;
        }
        Tensor stacked = Ensembles.matrix(rows, width);
        return passthrough ? Tensor.concat(1, stacked, x.asType(dev.fathom.backend.DType.FLOAT32)) : stacked;
    }
}
