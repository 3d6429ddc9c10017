package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@link BaggingClassifier} and {@link BaggingRegressor} share: the settings, the draw of
 * each member's rows and columns, fitting the members, and which rows each member left out (for
 * the out-of-bag score). Member {@code i}'s draws come from its own generator seeded by (seed, i),
 * so a member's sample does not depend on how many numbers the others drew.
 *
 * <pre>{@code
 * new BaggingRegressor(() -> new KNeighborsRegressor(1), 50).maxSamples(0.8).maxFeatures(0.5).seed(3).oobScore(true);
 * }</pre>
 *
 * @param <S> the bagging class itself, so the settings chain
 */
public abstract sealed class Bagging<S extends Bagging<S>> permits BaggingClassifier, BaggingRegressor {
    final String owner;
    final Supplier<? extends Estimator> factory;
    final int nEstimators;
    double maxSamples = 1.0;
    double maxFeatures = 1.0;
    boolean bootstrap = true;
    boolean bootstrapFeatures;
    boolean oob;
    long seed;

    List<Estimator> members;
    int[][] columns;      // each member's feature indices, or null for all features in order
    boolean[][] inBag;    // [member][sample]: whether the member trained on the sample
    int features = -1;

    Bagging(String owner, Supplier<? extends Estimator> factory, int nEstimators) {
        if (factory == null) throw new IllegalArgumentException(owner + ": the estimator supplier is null; pass e.g. () -> new KNeighborsClassifier(1)");
        if (nEstimators < 1) throw new IllegalArgumentException(owner + " needs nEstimators >= 1, got " + nEstimators);
        this.owner = owner;
        this.factory = factory;
        this.nEstimators = nEstimators;
    }

    /** Sets the share of the rows each member draws (default 1: as many as there are). Returns this. */
    public S maxSamples(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(owner + ": maxSamples must be in (0, 1], got " + fraction
                    + "; it is the share of the training rows each member draws, e.g. 0.8");
        }
        maxSamples = fraction;
        return self();
    }

    /** Sets the share of the features each member sees, drawn at random per member (default 1: all). Returns this. */
    public S maxFeatures(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(owner + ": maxFeatures must be in (0, 1], got " + fraction
                    + "; it is the share of the features each member sees, e.g. 0.5");
        }
        maxFeatures = fraction;
        return self();
    }

    /** Whether rows are drawn with replacement (default true); without, each member gets a random subset. Returns this. */
    public S bootstrap(boolean withReplacement) {
        bootstrap = withReplacement;
        return self();
    }

    /** Whether features are drawn with replacement (default false). Returns this. */
    public S bootstrapFeatures(boolean withReplacement) {
        bootstrapFeatures = withReplacement;
        return self();
    }

    /** Sets the seed of the draws (default 0). Returns this. */
    public S seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Whether {@code fit} also computes the out-of-bag score (default false; needs bootstrap). Returns this. */
    public S oobScore(boolean compute) {
        oob = compute;
        return self();
    }

    /** Whether each member drew each training row, {@code [member][sample]} (scikit-learn's {@code estimators_samples_} as masks). */
    public boolean[][] inBagMasks() {
        checkFitted();
        return Arrays.stream(inBag).map(boolean[]::clone).toArray(boolean[][]::new);
    }

    /** The feature indices each member sees, ascending unless drawn with replacement (scikit-learn's {@code estimators_features_}). */
    public int[][] estimatorsFeatures() {
        checkFitted();
        return Arrays.stream(columns).map(c -> c != null ? c.clone()
                : java.util.stream.IntStream.range(0, features).toArray()).toArray(int[][]::new);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Draws and fits every member; {@code classifier} says which kind the supplier must give. */
    void fitMembers(Tensor x, Tensor y, boolean classifier) {
        Ensembles.checkSamples(x, y, owner);
        if (oob && !bootstrap) {
            throw new IllegalStateException(owner + ": the out-of-bag score needs bootstrap samples; set bootstrap(true)"
                    + " or turn oobScore off");
        }
        int n = x.shape(0);
        int f = x.shape(1);
        int rows = Math.max(1, (int) (maxSamples * n));
        int cols = Math.max(1, (int) (maxFeatures * f));
        List<Estimator> fitted = new ArrayList<>(nEstimators);
        Map<Estimator, Boolean> seen = new IdentityHashMap<>();
        int[][] chosenColumns = new int[nEstimators][];
        boolean[][] used = new boolean[nEstimators][n];
        for (int i = 0; i < nEstimators; i++) {
            Estimator e = factory.get();
            if (e == null) throw new IllegalArgumentException(owner + ": the estimator supplier returned null for member " + i);
            if (seen.put(e, Boolean.TRUE) != null) {
                throw new IllegalArgumentException(owner + ": the supplier returned the same " + e + " twice; it must make a new"
                        + " estimator on each call, as () -> new KNeighborsClassifier(1), not () -> knn");
            }
            Members.checkKind(owner, "member " + i, e, classifier);
            Generator g = new Generator(mix(seed, i));
            int[] sample = draw(g, n, rows, bootstrap);
            for (int s : sample) used[i][s] = true;
            chosenColumns[i] = cols == f && !bootstrapFeatures ? null : draw(g, f, cols, bootstrapFeatures);
            Tensor index = Tensor.of(sample, sample.length);
            Tensor xi = select(x.indexSelect(0, index), chosenColumns[i]);
            e.fit(xi, y.indexSelect(0, index));
            fitted.add(e);
        }
        members = List.copyOf(fitted);
        columns = chosenColumns;
        inBag = used;
        features = f;
    }

    /**
     * {@code count} indices of {@code 0..n-1}: drawn with replacement, or a random subset without
     * (ascending, like a mask).
     */
    static int[] draw(Generator g, int n, int count, boolean withReplacement) {
        int[] out = new int[count];
        if (withReplacement) {
            for (int i = 0; i < count; i++) out[i] = g.nextInt(n);
            return out;
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        g.shuffle(order);
        System.arraycopy(order, 0, out, 0, count);
        Arrays.sort(out);
        return out;
    }

    /** The columns of {@code x} member {@code m} sees. */
    Tensor columnsOf(Tensor x, int m) {
        return select(x, columns[m]);
    }

    private static Tensor select(Tensor x, int[] cols) {
        return cols == null ? x : x.indexSelect(1, Tensor.of(cols, cols.length));
    }

    /** The rows member {@code m} did not train on, ascending. */
    int[] outOfBag(int m) {
        return java.util.stream.IntStream.range(0, inBag[m].length).filter(i -> !inBag[m][i]).toArray();
    }

    void checkFitted() {
        Ensembles.checkFitted(members != null, owner);
    }

    void checkOob() {
        checkFitted();
        if (!oob) {
            throw new IllegalStateException(owner + " did not compute an out-of-bag score; set oobScore(true) before fit");
        }
    }

    /** A well-mixed seed for member {@code i}: SplitMix64's finalizer over (seed, i). */
    static long mix(long seed, long i) {
        long z = seed ^ 0x9E3779B97F4A7C15L;
        z = finish(z);
        return finish(z + 0x9E3779B97F4A7C15L * (i + 1));
    }

    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** {@code nEstimators=10, maxSamples=0.8, ...}: the settings, for toString. */
    String settings() {
        return "nEstimators=" + nEstimators + ", maxSamples=" + maxSamples + ", maxFeatures=" + maxFeatures
                + (bootstrap ? "" : ", no bootstrap") + (bootstrapFeatures ? ", bootstrapFeatures" : "") + ", seed=" + seed
                + ", of " + (members == null ? "?" : members.get(0));
    }
}
