package dev.fathom.data.split;

import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * One round of cross-validation: the row indices to train on and the row indices to test on,
 * each in ascending order (as scikit-learn's splitters return them). A {@link Splitter} makes a
 * list of folds; the fold then picks its rows out of a table or out of any tensor whose samples
 * are on axis 0.
 *
 * <pre>{@code
 * for (Fold fold : new KFold(5).shuffle(42).split(x.shape(0))) {
 *     Model model = newModel();
 *     model.fit(fold.train(x), fold.train(y), Fit.epochs(10).silent());
 *     scores.add(model.evaluate(fold.test(x), fold.test(y)).get("loss"));
 * }
 * }</pre>
 */
public final class Fold {
    private final int index;
    private final int samples;
    private final int[] train;
    private final int[] test;

    /**
     * A fold of these index sets (kept as given: the caller hands them over).
     *
     * @param index the fold's position in its splitter's list (0-based)
     * @param samples the number of samples that were split
     */
    Fold(int index, int samples, int[] train, int[] test) {
        this.index = index;
        this.samples = samples;
        this.train = train;
        this.test = test;
    }

    /** The fold's position in the list its splitter returned (0-based). */
    public int index() {
        return index;
    }

    /** The training rows, ascending (a copy). */
    public int[] trainIndices() {
        return train.clone();
    }

    /** The test rows, ascending (a copy). */
    public int[] testIndices() {
        return test.clone();
    }

    /** The number of samples that were split: the rows the data given to {@link #train(Tensor)} must have. */
    public int samples() {
        return samples;
    }

    /** The number of training rows. */
    public int trainSize() {
        return train.length;
    }

    /** The number of test rows. */
    public int testSize() {
        return test.length;
    }

    /** The training rows of {@code x} (samples on axis 0): {@code x[trainIndices()]}. */
    public Tensor train(Tensor x) {
        return Split.pick("Fold.train", x, train, samples);
    }

    /** The test rows of {@code x} (samples on axis 0): {@code x[testIndices()]}. */
    public Tensor test(Tensor x) {
        return Split.pick("Fold.test", x, test, samples);
    }

    /** The training rows of {@code table}. */
    public Table train(Table table) {
        Split.checkRows("Fold.train", table.rowCount(), samples);
        return table.rows(train);
    }

    /** The test rows of {@code table}. */
    public Table test(Table table) {
        Split.checkRows("Fold.test", table.rowCount(), samples);
        return table.rows(test);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fold f && f.index == index && f.samples == samples && Arrays.equals(f.train, train) && Arrays.equals(f.test, test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + Arrays.hashCode(train)) + Arrays.hashCode(test);
    }

    /** {@code Fold 2: train 80 rows, test 20 rows [40, 41, ...]}. */
    @Override
    public String toString() {
        String head = Arrays.toString(test.length <= 8 ? test : Arrays.copyOf(test, 8));
        if (test.length > 8) head = head.substring(0, head.length() - 1) + ", ...]";
        return "Fold " + index + ": train " + train.length + " rows, test " + test.length + " rows " + head;
    }
}
