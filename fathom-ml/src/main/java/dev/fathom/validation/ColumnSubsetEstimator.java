package dev.fathom.validation;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * An estimator that sees only some columns of its input, as a scikit-learn {@code ColumnTransformer}
 * that passes those columns through and drops the rest: one feature table can then feed models that
 * read different parts of it (the TF-IDF columns of a text for a linear model, its token-id columns
 * for a network with an {@code Embedding}). The columns are given by index into the full input.
 *
 * <pre>{@code
 * // features 0..999 are TF-IDF terms, 1000..1099 token ids
 * Estimator linear = new ColumnSubsetEstimator(range(0, 1000), new LogisticRegression());
 * Estimator net = new ColumnSubsetEstimator(range(1000, 1100), new NetworkClassifier(...));
 * linear.fit(x, y).predict(x);   // x has all 1100 columns
 * }</pre>
 */
public final class ColumnSubsetEstimator extends FeatureMappingEstimator {
    private final int[] columns;
    private int inputWidth = -1;

    /**
     * @param columns the input columns {@code inner} sees, in that order (distinct, non-negative)
     * @param inner   a fresh estimator (it is fitted here)
     * @throws IllegalArgumentException when no column is given, or one is negative or repeated
     */
    public ColumnSubsetEstimator(int[] columns, Estimator inner) {
        super("ColumnSubsetEstimator", inner);
        if (columns == null || columns.length == 0) throw new IllegalArgumentException("ColumnSubsetEstimator: give at least one column");
        this.columns = columns.clone();
        boolean[] seen = new boolean[Arrays.stream(columns).max().getAsInt() + 1];
        for (int c : columns) {
            if (c < 0 || seen[c]) {
                throw new IllegalArgumentException("ColumnSubsetEstimator: column " + c + " is " + (c < 0 ? "negative" : "given twice")
                        + "; give distinct column indices from 0");
            }
            seen[c] = true;
        }
    }

    /** The columns the inner estimator sees (a copy). */
    public int[] columns() {
        return columns.clone();
    }

    /** The chosen columns of {@code x}. @throws IllegalArgumentException when x is not [samples, features] wide enough, or not the width fitted on */
    public Tensor select(Tensor x) {
        if (x.rank() != 2) throw new IllegalArgumentException("ColumnSubsetEstimator: x must be [samples, features], got shape " + Arrays.toString(x.shape()));
        if (inputWidth >= 0 && x.shape(1) != inputWidth) {
            throw new IllegalArgumentException("ColumnSubsetEstimator was fitted on " + inputWidth + " features but x has shape " + Arrays.toString(x.shape()));
        }
        int widest = Arrays.stream(columns).max().getAsInt();
        if (widest >= x.shape(1)) {
            throw new IllegalArgumentException("ColumnSubsetEstimator reads column " + widest + " but x has shape " + Arrays.toString(x.shape()));
        }
        return x.indexSelect(1, Tensor.of(columns, columns.length));
    }

    @Override
    public ColumnSubsetEstimator fit(Tensor x, Tensor y) {
        inputWidth = -1;
        Tensor part = select(x);
        inner.fit(part, y);
        inputWidth = x.shape(1);
        return this;
    }

    @Override
    Tensor innerInput(Tensor x) {
        checkFitted();
        return select(x);
    }

    private void checkFitted() {
        checkFitted(inputWidth >= 0);
    }

    /** Writes the columns, the input width and the inner estimator. */
    @Override
    public void saveState(EstimatorState state) {
        checkFitted();
        state.putInts("columns", columns).put("inputWidth", inputWidth).putChild("inner", inner);
    }

    /** The fitted wrapper {@link #saveState} wrote. */
    public static ColumnSubsetEstimator fromState(EstimatorState state) {
        int width = state.integer("inputWidth");
        int[] cols = state.ints("columns");
        for (int c : cols) {
            if (c < 0 || c >= width) throw new IllegalArgumentException(state.path() + ": column " + c + " is outside the input's " + width + " columns");
        }
        ColumnSubsetEstimator s = new ColumnSubsetEstimator(cols, state.estimator("inner"));
        s.inputWidth = width;
        return s;
    }

    @Override
    public String toString() {
        return "columns " + (columns.length > 6 ? columns.length + " of the input" : Arrays.toString(columns)) + " → " + inner;
    }
}
