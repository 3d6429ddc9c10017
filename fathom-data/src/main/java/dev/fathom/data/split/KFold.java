package dev.fathom.data.split;

import dev.fathom.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * K-fold cross-validation, as scikit-learn's {@code KFold}: the samples are cut into
 * {@code nSplits} consecutive blocks (shuffled first when asked); each block is the test set of
 * one fold and the rest is its training set. The first {@code n % nSplits} blocks hold one sample
 * more than the others, so block sizes differ by at most one.
 *
 * <pre>{@code
 * List<Fold> folds = new KFold(5).split(100);              // test blocks 0-19, 20-39, ...
 * List<Fold> mixed = new KFold(5).shuffle(42).split(100);  // the same sizes, random members
 * }</pre>
 */
public final class KFold implements Splitter {
    private final int nSplits;
    private final boolean shuffle;
    private final long seed;

    /**
     * Unshuffled k-fold.
     *
     * @param nSplits the number of folds, at least 2
     */
    public KFold(int nSplits) {
        this(checkSplits("KFold", nSplits), false, 0);
    }

    private KFold(int nSplits, boolean shuffle, long seed) {
        this.nSplits = nSplits;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** This splitter, shuffling the samples with {@code seed} before cutting them into blocks. */
    public KFold shuffle(long seed) {
        return new KFold(nSplits, true, seed);
    }

    /** The number of folds. */
    public int nSplits() {
        return nSplits;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when there are fewer samples than folds
     */
    @Override
    public List<Fold> split(int n) {
        checkSamples("KFold", nSplits, n);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        if (shuffle) new Generator(seed).shuffle(order);
        int[] sizes = foldSizes(n, nSplits);
        List<Fold> folds = new ArrayList<>(nSplits);
        int start = 0;
        for (int k = 0; k < nSplits; k++) {
            boolean[] inTest = new boolean[n];
            for (int i = start; i < start + sizes[k]; i++) inTest[order[i]] = true;
            folds.add(fromMask(k, inTest));
            start += sizes[k];
        }
        return List.copyOf(folds);
    }

    /** Fold sizes as scikit-learn's: {@code n / k} each, one more for the first {@code n % k}. */
    static int[] foldSizes(int n, int k) {
        int[] sizes = new int[k];
        for (int i = 0; i < k; i++) sizes[i] = n / k + (i < n % k ? 1 : 0);
        return sizes;
    }

    /** A fold whose test rows are those marked, and whose training rows are the others, both ascending. */
    static Fold fromMask(int index, boolean[] inTest) {
        int testCount = 0;
        for (boolean t : inTest) if (t) testCount++;
        int[] test = new int[testCount];
        int[] train = new int[inTest.length - testCount];
        int a = 0;
        int b = 0;
        for (int i = 0; i < inTest.length; i++) {
            if (inTest[i]) test[a++] = i;
            else train[b++] = i;
        }
        return new Fold(index, inTest.length, train, test);
    }

    static int checkSplits(String splitter, int nSplits) {
        if (nSplits < 2) {
            throw new IllegalArgumentException(splitter + " needs at least 2 folds, got nSplits = " + nSplits
                    + "; for one train/test split use Splits.trainTest(...)");
        }
        return nSplits;
    }

    static void checkSamples(String splitter, int nSplits, int n) {
        if (n < 0) throw new IllegalArgumentException(splitter + ": the number of samples cannot be negative, got " + n);
        if (nSplits > n) {
            throw new IllegalArgumentException(splitter + "(" + nSplits + "): cannot make " + nSplits + " folds of " + n
                    + " sample" + (n == 1 ? "" : "s") + "; every fold needs at least one test sample, so "
                    + (n < 2 ? "cross-validation needs at least 2 samples" : "use at most " + n + " folds (or LeaveOneOut)"));
        }
    }

    @Override
    public String toString() {
        return "KFold(nSplits=" + nSplits + (shuffle ? ", shuffle, seed=" + seed : "") + ")";
    }
}
