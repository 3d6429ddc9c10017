package dev.fathom.workflow;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.Random;

/**
 * An estimator fitted on a random subsample of at most {@code rows} of the rows it is given, for
 * a model the time budget cannot afford on all of them ({@link TimeBudget}). For a classifier the
 * sample holds at least one row of every class, so the fitted model knows them all. Predictions
 * are the inner estimator's; the pipeline keeps the fitted inner estimator ({@link #fitted}).
 */
final class Subsampled implements Classifier {
    private final Estimator inner;
    private final int rows;
    private final long seed;

    Subsampled(Estimator inner, int rows, long seed) {
        this.inner = inner;
        this.rows = rows;
        this.seed = seed;
    }

    /** The inner estimator, fitted on the sample once {@link #fit} ran. */
    Estimator fitted() {
        return inner;
    }

    @Override
    public Subsampled fit(Tensor x, Tensor y) {
        int n = x.shape(0);
        if (n <= rows) {
            inner.fit(x, y);
            return this;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(order, rows);
        if (inner.isClassifier() && y.rank() == 1) {
            // The first row of each class missing from the sample replaces a sampled row of a class it holds twice or more.
            int[] labels = y.toIntArray();
            int classes = java.util.Arrays.stream(labels).max().orElse(0) + 1;
            int[] inSample = new int[classes];
            for (int i : picked) inSample[labels[i]]++;
            int slot = rows - 1;
            for (int i = 0; i < n && slot >= 0; i++) {
                int c = labels[i];
                if (inSample[c] > 0) continue;
                while (slot >= 0 && inSample[labels[picked[slot]]] < 2) slot--;
                if (slot < 0) break;
                inSample[labels[picked[slot]]]--;
                picked[slot--] = i;
                inSample[c]++;
            }
        }
        java.util.Arrays.sort(picked);
        inner.fit(x, y, picked);
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        return inner.predict(x);
    }

    @Override
    public Tensor predictProba(Tensor x) {
        return ((Classifier) inner).predictProba(x);
    }

    @Override
    public int classCount() {
        return ((Classifier) inner).classCount();
    }

    @Override
    public boolean isClassifier() {
        return inner.isClassifier();
    }

    @Override
    public String toString() {
        return inner + " on at most " + rows + " rows";
    }
}
