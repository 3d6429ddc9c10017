package dev.fathom.data.split;

import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * A cross-validation scheme: how to cut {@code n} samples into folds of training and test rows,
 * as scikit-learn's splitters ({@code KFold}, {@code StratifiedKFold}, {@code LeaveOneOut},
 * {@code TimeSeriesSplit}). Splitters are immutable values; {@code split} may be called on any
 * data and returns the same folds for the same input.
 *
 * <p>Splitters that look only at the number of samples ({@link KFold}, {@link LeaveOneOut},
 * {@link TimeSeriesSplit}) accept labels and ignore them, so code can switch to
 * {@link StratifiedKFold} without changing its calls.
 *
 * <pre>{@code
 * Splitter cv = new StratifiedKFold(5);
 * for (Fold fold : cv.split(y)) {
 *     model.fit(fold.train(x), fold.train(y), Fit.epochs(10).silent());
 *     System.out.println(fold.index() + ": " + model.evaluate(fold.test(x), fold.test(y)));
 * }
 * }</pre>
 */
public interface Splitter {
    /**
     * The folds of samples {@code 0..n-1}, each with ascending index arrays.
     *
     * @throws IllegalArgumentException when {@code n} is too small for this many folds, or the
     *     splitter needs labels ({@link StratifiedKFold})
     */
    List<Fold> split(int n);

    /**
     * The folds of {@code labels.length} samples with these class labels; splitters that do not
     * stratify ignore the labels.
     */
    default List<Fold> split(int[] labels) {
        if (labels == null) throw new IllegalArgumentException(getClass().getSimpleName() + ".split: labels are null");
        return split(labels.length);
    }

    /**
     * The folds of the samples of {@code y} (samples on axis 0): class indices {@code [n]} or
     * one-hot rows {@code [n, classes]} for splitters that stratify.
     */
    default List<Fold> split(Tensor y) {
        if (y == null || y.rank() < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".split: needs samples on axis 0, got " + y);
        }
        return split(y.shape(0));
    }

    /** The folds of the rows of {@code table}. */
    default List<Fold> split(Table table) {
        return split(table.rowCount());
    }

    /**
     * The folds of the rows of {@code table}, stratified by the classes in {@code labelColumn} for
     * splitters that stratify (the column is checked to exist either way).
     */
    default List<Fold> split(Table table, String labelColumn) {
        table.column(labelColumn);
        return split(table.rowCount());
    }
}
