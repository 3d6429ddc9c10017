package dev.fathom.data.split;

import dev.fathom.data.Table;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * One split of {@code n} samples into a training, an optional validation, and a test set, made by
 * {@link Splits}: scikit-learn's {@code train_test_split} as a value. Sizes follow scikit-learn:
 * the test set has {@code ceil(n * testFraction)} samples, the validation set
 * {@code ceil(n * validationFraction)} and the training set the rest. The samples are shuffled
 * with the seed (each set in random order, as scikit-learn returns them) unless
 * {@link #shuffle(boolean) shuffle(false)} keeps them in order: training first, test last.
 *
 * <p>{@link #stratifiedBy(String)} makes the same split keeping each class's share in every set:
 * a class with 10% of the samples has (to within rounding) 10% of each set, and every class with
 * at least as many samples as there are sets appears in each of them.
 *
 * <pre>{@code
 * Split s = Splits.trainTest(table, 0.2, 42).stratifiedBy("species");
 * Table train = s.train(), test = s.test();
 *
 * Split t = Splits.trainValidationTest(x, 0.1, 0.2, 42).stratifiedBy(y);  // tensors, samples on axis 0
 * model.fit(t.train(x), t.train(y), Fit.epochs(10).validationData(t.validation(x), t.validation(y)));
 * }</pre>
 */
public final class Split {
    private final String op;
    private final int samples;
    private final double validationFraction;   // 0: no validation set
    private final double testFraction;
    private final long seed;
    private final boolean shuffle;
    private final Table table;                 // null unless made from a table
    private final Labels strata;               // null unless stratified
    private final int[] train;
    private final int[] validation;
    private final int[] test;

    Split(String op, int samples, double validationFraction, double testFraction, long seed, boolean shuffle, Table table,
          Labels strata) {
        this.op = op;
        this.samples = samples;
        this.validationFraction = validationFraction;
        this.testFraction = testFraction;
        this.seed = seed;
        this.shuffle = shuffle;
        this.table = table;
        this.strata = strata;
        if (strata != null && !shuffle) {
            throw new IllegalArgumentException(op + ": a stratified split draws each class's samples at random, so it"
                    + " cannot keep the samples in order; remove shuffle(false) or stratifiedBy(...)");
        }
        int nTest = partSize("testFraction", testFraction);
        int nValidation = validationFraction > 0 ? partSize("validationFraction", validationFraction) : 0;
        int nTrain = samples - nTest - nValidation;
        if (nTrain < 1) {
            throw new IllegalArgumentException(op + ": " + samples + " sample" + (samples == 1 ? "" : "s") + " give "
                    + nTest + " for testing (ceil(" + samples + " x " + testFraction + "))"
                    + (validationFraction > 0 ? " and " + nValidation + " for validation (ceil(" + samples + " x "
                    + validationFraction + "))" : "") + ", which leaves " + Math.max(0, nTrain) + " for training; use "
                    + (validationFraction > 0 ? "smaller fractions" : "a smaller testFraction") + " or more data");
        }
        Generator g = new Generator(seed);
        int[][] parts = strata != null ? stratified(nValidation, nTest, g) : plain(nTrain, nValidation, nTest, g);
        this.train = parts[0];
        this.validation = parts[1];
        this.test = parts[2];
    }

    private int partSize(String name, double fraction) {
        // ceil of the product in doubles, exactly as scikit-learn computes it (0.07 * 100 is 7.000000000000001, so 8).
        long size = (long) Math.ceil(fraction * samples);
        if (size < 1) throw new IllegalArgumentException(op + ": there are no samples to split");
        return (int) size;
    }

    /** Train, validation and test indices without stratification. */
    private int[][] plain(int nTrain, int nValidation, int nTest, Generator g) {
        int[] order = new int[samples];
        Arrays.setAll(order, i -> i);
        if (!shuffle) {
            return new int[][] {Arrays.copyOfRange(order, 0, nTrain), Arrays.copyOfRange(order, nTrain, nTrain + nValidation),
                Arrays.copyOfRange(order, nTrain + nValidation, samples)};
        }
        g.shuffle(order);
        // Test first, as scikit-learn's ShuffleSplit takes it from the front of the permutation.
        return new int[][] {Arrays.copyOfRange(order, nTest + nValidation, samples),
            Arrays.copyOfRange(order, nTest, nTest + nValidation), Arrays.copyOfRange(order, 0, nTest)};
    }

    /** Train, validation and test indices with each class's share kept. */
    private int[][] stratified(int nValidation, int nTest, Generator g) {
        boolean three = validationFraction > 0;
        int[] sizes = three ? new int[] {nTest, nValidation} : new int[] {nTest};
        String[] names = three ? new String[] {"test", "validation", "training"} : new String[] {"test", "training"};
        String[] fractions = three ? new String[] {"testFraction " + testFraction, "validationFraction " + validationFraction}
                : new String[] {"testFraction " + testFraction};
        int[][] perClass = Stratifier.allocate(op, strata, sizes, names, fractions, g);
        int[][] members = strata.members();
        int[] testOut = new int[nTest];
        int[] validationOut = new int[nValidation];
        int[] trainOut = new int[samples - nTest - nValidation];
        int t = 0;
        int v = 0;
        int r = 0;
        for (int k = 0; k < members.length; k++) {
            int[] m = members[k];
            g.shuffle(m);
            int j = 0;
            for (int c = 0; c < perClass[k][0]; c++) testOut[t++] = m[j++];
            if (three) for (int c = 0; c < perClass[k][1]; c++) validationOut[v++] = m[j++];
            while (j < m.length) trainOut[r++] = m[j++];
        }
        // Each set in random order, so a model fed a set in order does not see one class after another.
        g.shuffle(trainOut);
        g.shuffle(validationOut);
        g.shuffle(testOut);
        return new int[][] {trainOut, validationOut, testOut};
    }

    /**
     * The same split, stratified by the classes in the table column {@code column} (categorical,
     * boolean, or numbers or dates used as class labels).
     *
     * @throws IllegalStateException when the split was not made from a table (pass the labels instead)
     * @throws IllegalArgumentException naming the closest column when there is none of that name, a
     *     class with a single sample, a missing label, or a set too small to hold one of each class
     */
    public Split stratifiedBy(String column) {
        if (table == null) {
            throw new IllegalStateException(op + ": stratifiedBy(\"" + column + "\") names a table column, but this split"
                    + " was made from a sample count or a tensor; pass the labels themselves: stratifiedBy(y)");
        }
        return stratifiedBy(Labels.of(table, column));
    }

    /** The same split, stratified by one class label per sample. */
    public Split stratifiedBy(int[] labels) {
        return stratifiedBy(Labels.of(labels));
    }

    /**
     * The same split, stratified by the labels in {@code y}: class indices {@code [n]} or
     * {@code [n, 1]}, or one-hot rows {@code [n, classes]}.
     */
    public Split stratifiedBy(Tensor y) {
        return stratifiedBy(Labels.of(y));
    }

    private Split stratifiedBy(Labels labels) {
        labels.checkSize(op + ".stratifiedBy", samples);
        return new Split(op, samples, validationFraction, testFraction, seed, shuffle, table, labels);
    }

    /**
     * The same split, shuffled (default) or not; unshuffled, the training set is the first samples,
     * then the validation set, then the test set (for data in time order).
     */
    public Split shuffle(boolean shuffle) {
        return new Split(op, samples, validationFraction, testFraction, seed, shuffle, table, strata);
    }

    /** The number of samples split. */
    public int samples() {
        return samples;
    }

    /** Whether the split has a validation set (made by {@link Splits#trainValidationTest}). */
    public boolean hasValidation() {
        return validationFraction > 0;
    }

    /** Whether the split keeps class shares. */
    public boolean isStratified() {
        return strata != null;
    }

    /** The training samples' indices (a copy). */
    public int[] trainIndices() {
        return train.clone();
    }

    /**
     * The validation samples' indices (a copy).
     *
     * @throws IllegalStateException when the split has no validation set
     */
    public int[] validationIndices() {
        return requireValidation().clone();
    }

    /** The test samples' indices (a copy). */
    public int[] testIndices() {
        return test.clone();
    }

    /** The training rows of the table the split was made from. */
    public Table train() {
        return requireTable("train()").rows(train);
    }

    /** The validation rows of the table the split was made from. */
    public Table validation() {
        return requireTable("validation()").rows(requireValidation());
    }

    /** The test rows of the table the split was made from. */
    public Table test() {
        return requireTable("test()").rows(test);
    }

    /** The training samples of {@code x} (samples on axis 0, as many as were split). */
    public Tensor train(Tensor x) {
        return pick(op + ".train", x, train, samples);
    }

    /** The validation samples of {@code x} (samples on axis 0, as many as were split). */
    public Tensor validation(Tensor x) {
        return pick(op + ".validation", x, requireValidation(), samples);
    }

    /** The test samples of {@code x} (samples on axis 0, as many as were split). */
    public Tensor test(Tensor x) {
        return pick(op + ".test", x, test, samples);
    }

    private int[] requireValidation() {
        if (validationFraction == 0) {
            throw new IllegalStateException(op + ": this split has a training and a test set only; make one with a"
                    + " validation set with Splits.trainValidationTest(data, validationFraction, testFraction, seed)");
        }
        return validation;
    }

    private Table requireTable(String what) {
        if (table == null) {
            throw new IllegalStateException(op + ": " + what + " returns table rows, but this split was made from a"
                    + " sample count or a tensor; pick the rows of your data with " + what.replace("()", "(x)"));
        }
        return table;
    }

    /** {@code x[indices]} along axis 0, after checking that {@code x} has the samples that were split. */
    static Tensor pick(String op, Tensor x, int[] indices, int samples) {
        if (x == null) throw new IllegalArgumentException(op + ": the tensor is null");
        if (x.rank() < 1) throw new IllegalArgumentException(op + ": needs samples on axis 0, got a scalar");
        checkRows(op, x.shape(0), samples);
        return x.indexSelect(0, Tensor.of(indices));
    }

    static void checkRows(String op, int rows, int samples) {
        if (rows != samples) {
            throw new IllegalArgumentException(op + ": the data has " + rows + " samples but " + samples + " were split;"
                    + " use the split on the data it was made for (or one with the same samples in the same order)");
        }
    }

    /** {@code Split(train 120, validation 15, test 15, stratified by column 'species', seed 42)}. */
    @Override
    public String toString() {
        return "Split(train " + train.length + (validationFraction > 0 ? ", validation " + validation.length : "")
                + ", test " + test.length + (strata != null ? ", stratified by " + strata.source : "")
                + (shuffle ? ", seed " + seed : ", in order") + ")";
    }
}
