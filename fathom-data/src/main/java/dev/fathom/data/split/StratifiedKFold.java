package dev.fathom.data.split;

import dev.fathom.data.Table;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * K-fold cross-validation that keeps each class's share in every fold, as scikit-learn's
 * {@code StratifiedKFold} (and with the same folds when not shuffled): the samples are sorted by
 * class, dealt out to the folds in turn, and each class's fold numbers are then given to that
 * class's samples in their original order (shuffled first when asked). Fold sizes differ by at
 * most one and each class's count per fold differs by at most one.
 *
 * <p>A class with fewer members than folds cannot be in every test fold; as in scikit-learn this
 * is allowed (with a warning logged) unless every class is that small, which is an error.
 *
 * <pre>{@code
 * for (Fold fold : new StratifiedKFold(5).shuffle(7).split(table, "species")) {
 *     Table train = fold.train(table), test = fold.test(table);
 * }
 * }</pre>
 */
public final class StratifiedKFold implements Splitter {
    private static final System.Logger LOG = System.getLogger(StratifiedKFold.class.getName());

    private final int nSplits;
    private final boolean shuffle;
    private final long seed;

    /**
     * Unshuffled stratified k-fold.
     *
     * @param nSplits the number of folds, at least 2
     */
    public StratifiedKFold(int nSplits) {
        this(KFold.checkSplits("StratifiedKFold", nSplits), false, 0);
    }

    private StratifiedKFold(int nSplits, boolean shuffle, long seed) {
        this.nSplits = nSplits;
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** This splitter, shuffling which samples of each class go to which fold with {@code seed}. */
    public StratifiedKFold shuffle(long seed) {
        return new StratifiedKFold(nSplits, true, seed);
    }

    /** The number of folds. */
    public int nSplits() {
        return nSplits;
    }

    /**
     * Not available: stratifying needs the labels.
     *
     * @throws IllegalArgumentException always, saying which overload to call
     */
    @Override
    public List<Fold> split(int n) {
        throw new IllegalArgumentException("StratifiedKFold.split(" + n + "): stratifying needs the class labels;"
                + " call split(labels), split(y) or split(table, \"labelColumn\"), or use KFold for folds without stratification");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when there are fewer samples than folds, or every class has
     *     fewer members than folds
     */
    @Override
    public List<Fold> split(int[] labels) {
        return split(Labels.of(labels));
    }

    /** {@inheritDoc} */
    @Override
    public List<Fold> split(Tensor y) {
        return split(Labels.of(y));
    }

    /** {@inheritDoc} */
    @Override
    public List<Fold> split(Table table, String labelColumn) {
        return split(Labels.of(table, labelColumn));
    }

    /** The stratified folds of these labels. */
    private List<Fold> split(Labels labels) {
        int n = labels.size();
        KFold.checkSamples("StratifiedKFold", nSplits, n);
        int[] counts = labels.counts();
        int largest = 0;
        int smallest = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[largest]) largest = k;
            if (counts[k] < counts[smallest]) smallest = k;
        }
        if (counts[largest] < nSplits) {
            throw new IllegalArgumentException("StratifiedKFold(" + nSplits + ") of " + labels.source + ": every class has"
                    + " fewer than " + nSplits + " members (the largest, '" + labels.names.get(largest) + "', has "
                    + counts[largest] + "); use at most " + counts[largest] + " folds");
        }
        if (counts[smallest] < nSplits) {
            LOG.log(System.Logger.Level.WARNING, "StratifiedKFold(" + nSplits + ") of " + labels.source + ": class '"
                    + labels.names.get(smallest) + "' has only " + counts[smallest] + " members, fewer than the "
                    + nSplits + " folds, so some test folds will not contain it");
        }
        // Deal the class-sorted samples out to the folds in turn: allocation[f][k] is how many of
        // class k fold f tests (scikit-learn's bincount of y_sorted[f::n_splits]).
        int[][] allocation = new int[nSplits][counts.length];
        int position = 0;
        for (int k = 0; k < counts.length; k++) {
            for (int j = 0; j < counts[k]; j++, position++) allocation[position % nSplits][k]++;
        }
        Generator g = shuffle ? new Generator(seed) : null;
        int[] testFold = new int[n];
        int[][] members = labels.members();
        for (int k = 0; k < counts.length; k++) {
            int[] foldOfMember = new int[counts[k]];
            int m = 0;
            for (int f = 0; f < nSplits; f++) for (int j = 0; j < allocation[f][k]; j++) foldOfMember[m++] = f;
            if (g != null) g.shuffle(foldOfMember);
            for (int j = 0; j < counts[k]; j++) testFold[members[k][j]] = foldOfMember[j];
        }
        List<Fold> folds = new ArrayList<>(nSplits);
        for (int f = 0; f < nSplits; f++) {
            boolean[] inTest = new boolean[n];
            for (int i = 0; i < n; i++) inTest[i] = testFold[i] == f;
            folds.add(KFold.fromMask(f, inTest));
        }
        return List.copyOf(folds);
    }

    @Override
    public String toString() {
        return "StratifiedKFold(nSplits=" + nSplits + (shuffle ? ", shuffle, seed=" + seed : "") + ")";
    }
}
