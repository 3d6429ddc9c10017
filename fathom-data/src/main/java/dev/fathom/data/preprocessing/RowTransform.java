package dev.fathom.data.preprocessing;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A fitted {@link Preprocessor} applied to rows of numbers, one value at a time, with no
 * {@link dev.fathom.data.Table} built: what a server needs to answer one record in microseconds.
 * {@link Preprocessor#rowTransform} makes one when every step maps a number to one number (the
 * scalers and a numeric {@link SimpleImputer}; an encoder has no row form). The features it writes
 * are exactly those {@link Preprocessor#transformToTensor} gives for a table of the same rows, bit
 * for bit; it takes the statistics fitted when it was made.
 *
 * <pre>{@code
 * Preprocessor prep = Preprocessor.builder()
 *         .numeric(List.of("age", "fare"), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
 *         .build();
 * prep.fit(train);
 * RowTransform rows = prep.rowTransform(List.of("age", "fare")).orElseThrow();
 * float[] features = new float[rows.featureCount()];
 * boolean ok = rows.transform(new double[] {30, Double.NaN}, features, 0);   // fare imputed, both scaled
 * }</pre>
 */
public final class RowTransform {
    private static final DoubleUnaryOperator[] NO_STEPS = new DoubleUnaryOperator[0];

    private final int inputCount;
    /** For each output feature: the index of the row value it comes from, and the value maps applied to it in order. */
    private final int[] source;
    private final DoubleUnaryOperator[][] steps;

    RowTransform(int inputCount, int[] source, List<DoubleUnaryOperator[]> steps) {
        this.inputCount = inputCount;
        this.source = source.clone();
        this.steps = steps.toArray(DoubleUnaryOperator[][]::new);
    }

    /** An output feature passed through unchanged (the remainder). */
    static DoubleUnaryOperator[] unchanged() {
        return NO_STEPS;
    }

    /** How many values a row holds: the input columns, in the order given to {@link Preprocessor#rowTransform}. */
    public int inputCount() {
        return inputCount;
    }

    /** How many features it writes per row: {@code Preprocessor.featureNames().size()}. */
    public int featureCount() {
        return source.length;
    }

    /**
     * Writes the features of {@code row} (NaN for a missing value) into {@code out} from
     * {@code offset}. Returns false, leaving a partial row written, when a feature is missing
     * after every step (no imputer for it): the table path refuses such a row with its message.
     *
     * @throws IllegalArgumentException when {@code row} does not hold {@link #inputCount()} values
     */
    public boolean transform(double[] row, float[] out, int offset) {
        if (row.length != inputCount) {
            throw new IllegalArgumentException("RowTransform.transform: the row holds " + row.length + " values but the"
                    + " preprocessing reads " + inputCount + " columns; give one value per column, in the order given to rowTransform");
        }
        for (int f = 0; f < source.length; f++) {
            double v = row[source[f]];
            for (DoubleUnaryOperator step : steps[f]) v = step.applyAsDouble(v);
            if (Double.isNaN(v)) return false;
            out[offset + f] = (float) v;
        }
        return true;
    }
}
