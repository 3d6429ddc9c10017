package dev.fathom.data.split;

import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

/**
 * Makes train/test and train/validation/test {@link Split}s of a table, a tensor (samples on axis
 * 0) or a number of samples, as scikit-learn's {@code train_test_split}. Sizes follow
 * scikit-learn: {@code ceil(n * fraction)} samples for the test (and validation) set, the rest
 * for training. The seed fixes which samples go where.
 *
 * <pre>{@code
 * Split s = Splits.trainTest(table, 0.2, 42).stratifiedBy("species");
 * Table train = s.train(), test = s.test();
 *
 * Split t = Splits.trainValidationTest(x, 0.15, 0.15, 7);
 * Tensor xTrain = t.train(x), yTrain = t.train(y), xVal = t.validation(x), yVal = t.validation(y);
 * }</pre>
 */
public final class Splits {
    private Splits() {}

    /**
     * A shuffled split of samples {@code 0..n-1} into a training set and a test set of
     * {@code ceil(n * testFraction)} samples.
     *
     * @throws IllegalArgumentException when {@code testFraction} is outside (0, 1) or the training
     *     set would be empty
     */
    public static Split trainTest(int n, double testFraction, long seed) {
        return make("Splits.trainTest", n, 0, testFraction, seed, null);
    }

    /** A shuffled train/test split of the rows of {@code table}; see {@link #trainTest(int, double, long)}. */
    public static Split trainTest(Table table, double testFraction, long seed) {
        return make("Splits.trainTest", table.rowCount(), 0, testFraction, seed, table);
    }

    /** A shuffled train/test split of the samples of {@code x} (axis 0); see {@link #trainTest(int, double, long)}. */
    public static Split trainTest(Tensor x, double testFraction, long seed) {
        return make("Splits.trainTest", samples("Splits.trainTest", x), 0, testFraction, seed, null);
    }

    /**
     * A shuffled split of samples {@code 0..n-1} into training, validation
     * ({@code ceil(n * validationFraction)} samples) and test ({@code ceil(n * testFraction)})
     * sets. Both fractions are of all the samples.
     *
     * @throws IllegalArgumentException when a fraction is outside (0, 1), they add up to 1 or more,
     *     or the training set would be empty
     */
    public static Split trainValidationTest(int n, double validationFraction, double testFraction, long seed) {
        return make("Splits.trainValidationTest", n, checkValidation(validationFraction), testFraction, seed, null);
    }

    /** A train/validation/test split of the rows of {@code table}; see {@link #trainValidationTest(int, double, double, long)}. */
    public static Split trainValidationTest(Table table, double validationFraction, double testFraction, long seed) {
        return make("Splits.trainValidationTest", table.rowCount(), checkValidation(validationFraction), testFraction, seed,
                table);
    }

    /** A train/validation/test split of the samples of {@code x}; see {@link #trainValidationTest(int, double, double, long)}. */
    public static Split trainValidationTest(Tensor x, double validationFraction, double testFraction, long seed) {
        return make("Splits.trainValidationTest", samples("Splits.trainValidationTest", x),
                checkValidation(validationFraction), testFraction, seed, null);
    }

    private static Split make(String op, int n, double validationFraction, double testFraction, long seed, Table table) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException(op + ": testFraction must be in (0, 1), got " + testFraction
                    + "; it is the share of the samples held out for testing, e.g. 0.2 for 20%");
        }
        if (validationFraction + testFraction >= 1) {
            throw new IllegalArgumentException(op + ": validationFraction " + validationFraction + " + testFraction "
                    + testFraction + " = " + (validationFraction + testFraction) + " leaves nothing for training;"
                    + " together they must be less than 1");
        }
        if (n < 1) throw new IllegalArgumentException(op + ": there are no samples to split (n = " + n + ")");
        return new Split(op, n, validationFraction, testFraction, seed, true, table, null);
    }

    private static double checkValidation(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("Splits.trainValidationTest: validationFraction must be in (0, 1), got "
                    + fraction + "; it is the share of the samples held out for validation, e.g. 0.1 for 10%"
                    + " (for no validation set use Splits.trainTest)");
        }
        return fraction;
    }

    private static int samples(String op, Tensor x) {
        if (x == null) throw new IllegalArgumentException(op + ": the tensor is null");
        if (x.rank() < 1) throw new IllegalArgumentException(op + ": needs samples on axis 0, got a scalar");
        return x.shape(0);
    }
}
