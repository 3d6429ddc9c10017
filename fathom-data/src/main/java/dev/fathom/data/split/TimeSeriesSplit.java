package dev.fathom.data.split;

import java.util.ArrayList;
import java.util.List;

/**
 * Cross-validation for ordered data (time series), as scikit-learn's {@code TimeSeriesSplit}: the
 * test sets are the last {@code nSplits} consecutive blocks of the samples, and each fold trains
 * on what came before its block (an expanding window). No fold ever looks ahead: every training
 * index precedes every test index.
 *
 * <p>Test blocks hold {@code n / (nSplits + 1)} samples unless {@link #testSize} says otherwise;
 * earlier samples that do not fill a block go to the first training set. {@link #gap} leaves out
 * that many samples just before each test block (so features built from a window of the past do
 * not leak), and {@link #maxTrainSize} keeps only the latest samples for training (a sliding
 * window).
 *
 * <pre>{@code
 * // 5 folds over 120 days: test on days 20-39, 40-59, ..., 100-119; train on all days before each
 * List<Fold> folds = new TimeSeriesSplit(5).split(120);
 * // skip 2 days between training and test, train on at most 60 days
 * List<Fold> sliding = new TimeSeriesSplit(5).gap(2).maxTrainSize(60).split(120);
 * }</pre>
 */
public final class TimeSeriesSplit implements Splitter {
    private final int nSplits;
    private final int maxTrainSize;   // 0: no limit
    private final int testSize;       // 0: n / (nSplits + 1)
    private final int gap;

    /**
     * Expanding-window splits.
     *
     * @param nSplits the number of folds, at least 2
     */
    public TimeSeriesSplit(int nSplits) {
        this(KFold.checkSplits("TimeSeriesSplit", nSplits), 0, 0, 0);
    }

    private TimeSeriesSplit(int nSplits, int maxTrainSize, int testSize, int gap) {
        this.nSplits = nSplits;
        this.maxTrainSize = maxTrainSize;
        this.testSize = testSize;
        this.gap = gap;
    }

    /** This splitter, training each fold on at most the latest {@code size} samples before its gap. */
    public TimeSeriesSplit maxTrainSize(int size) {
        if (size < 1) throw new IllegalArgumentException("TimeSeriesSplit.maxTrainSize must be >= 1, got " + size);
        return new TimeSeriesSplit(nSplits, size, testSize, gap);
    }

    /** This splitter, with test blocks of {@code size} samples instead of {@code n / (nSplits + 1)}. */
    public TimeSeriesSplit testSize(int size) {
        if (size < 1) throw new IllegalArgumentException("TimeSeriesSplit.testSize must be >= 1, got " + size);
        return new TimeSeriesSplit(nSplits, maxTrainSize, size, gap);
    }

    /** This splitter, leaving out the {@code samples} just before each test block from training. */
    public TimeSeriesSplit gap(int samples) {
        if (samples < 0) throw new IllegalArgumentException("TimeSeriesSplit.gap must be >= 0, got " + samples);
        return new TimeSeriesSplit(nSplits, maxTrainSize, testSize, samples);
    }

    /** The number of folds. */
    public int nSplits() {
        return nSplits;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the samples cannot hold {@code nSplits} test blocks, the
     *     gap and at least one training sample
     */
    @Override
    public List<Fold> split(int n) {
        if (nSplits + 1 > n) {
            throw new IllegalArgumentException("TimeSeriesSplit(" + nSplits + "): " + n + " samples cannot make "
                    + nSplits + " folds, which need " + (nSplits + 1) + " blocks (the first for training only);"
                    + " use at most " + Math.max(1, n - 1) + " folds or more samples");
        }
        int size = testSize > 0 ? testSize : n / (nSplits + 1);
        long firstTest = (long) n - (long) nSplits * size;
        if (firstTest - gap <= 0) {
            throw new IllegalArgumentException("TimeSeriesSplit(" + nSplits + "): " + nSplits + " test blocks of " + size
                    + " samples" + (gap > 0 ? " and a gap of " + gap : "") + " leave no training samples out of " + n
                    + "; use fewer folds" + (testSize > 0 ? ", a smaller testSize" : "") + (gap > 0 ? ", a smaller gap" : "")
                    + " or more samples");
        }
        List<Fold> folds = new ArrayList<>(nSplits);
        for (int k = 0; k < nSplits; k++) {
            int testStart = (int) firstTest + k * size;
            int trainEnd = testStart - gap;
            int trainStart = maxTrainSize > 0 && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0;
            folds.add(new Fold(k, n, range(trainStart, trainEnd), range(testStart, testStart + size)));
        }
        return List.copyOf(folds);
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }

    @Override
    public String toString() {
        return "TimeSeriesSplit(nSplits=" + nSplits + (maxTrainSize > 0 ? ", maxTrainSize=" + maxTrainSize : "")
                + (testSize > 0 ? ", testSize=" + testSize : "") + (gap > 0 ? ", gap=" + gap : "") + ")";
    }
}
