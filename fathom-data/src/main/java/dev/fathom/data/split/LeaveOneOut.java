package dev.fathom.data.split;

import java.util.ArrayList;
import java.util.List;

/**
 * Leave-one-out cross-validation, as scikit-learn's {@code LeaveOneOut}: {@code n} folds, fold
 * {@code i} testing on sample {@code i} alone and training on all the others. The same as
 * {@code new KFold(n)}, for small data sets where every sample counts.
 *
 * <pre>{@code
 * List<Fold> folds = new LeaveOneOut().split(4);
 * folds.get(2).testIndices();     // [2]
 * folds.get(2).trainIndices();    // [0, 1, 3]
 * }</pre>
 */
public final class LeaveOneOut implements Splitter {

    /** The leave-one-out splitter (it has no options). */
    public LeaveOneOut() {}

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for fewer than 2 samples
     */
    @Override
    public List<Fold> split(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("LeaveOneOut: cannot leave one out of " + n + " sample" + (n == 1 ? "" : "s")
                    + "; the training set would be empty, so it needs at least 2 samples");
        }
        List<Fold> folds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] train = new int[n - 1];
            for (int j = 0, t = 0; j < n; j++) if (j != i) train[t++] = j;
            folds.add(new Fold(i, n, train, new int[] {i}));
        }
        return List.copyOf(folds);
    }

    @Override
    public String toString() {
        return "LeaveOneOut()";
    }
}
