package dev.fathom.ensembles;

import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
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
            if (chosenColumns[i] == null) {
                e.fit(x, y, sample);   // networks train from the rows in place
            } else {
                Tensor index = Tensor.of(sample, sample.length);
                e.fit(select(x.indexSelect(0, index), chosenColumns[i]), y.indexSelect(0, index));
            }
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

    /** Writes the settings, each member (child "0", "1", ...), its columns and its in-bag rows. */
    void saveMembers(EstimatorState state) {
        checkFitted();
        state.put("nEstimators", nEstimators).put("maxSamples", maxSamples).put("maxFeatures", maxFeatures)
                .put("bootstrap", bootstrap).put("bootstrapFeatures", bootstrapFeatures).put("oobScore", oob).put("seed", seed)
                .put("features", features);
        int rows = inBag[0].length;
        int[] mask = new int[members.size() * rows];
        for (int m = 0; m < members.size(); m++) for (int i = 0; i < rows; i++) mask[m * rows + i] = inBag[m][i] ? 1 : 0;
        state.putTensor("inBag", Tensor.of(mask, members.size(), rows));
        if (columns[0] != null) {
            int cols = columns[0].length;
            int[] flat = new int[members.size() * cols];
            for (int m = 0; m < members.size(); m++) System.arraycopy(columns[m], 0, flat, m * cols, cols);
            state.putTensor("columns", Tensor.of(flat, members.size(), cols));
        }
        for (int m = 0; m < members.size(); m++) state.putChild(Integer.toString(m), members.get(m));
    }

    /** Reads back what {@link #saveMembers} wrote into this fresh ensemble. */
    void restoreMembers(EstimatorState state) {
        maxSamples(state.number("maxSamples")).maxFeatures(state.number("maxFeatures")).bootstrap(state.bool("bootstrap"))
                .bootstrapFeatures(state.bool("bootstrapFeatures")).oobScore(state.bool("oobScore")).seed(state.longValue("seed"));
        features = state.integer("features");
        Tensor mask = state.tensor("inBag", dev.fathom.backend.DType.INT32, 2);
        if (mask.shape(0) != nEstimators) {
            throw new IllegalArgumentException(state.path() + ": inBag has " + mask.shape(0) + " rows for " + nEstimators + " members");
        }
        int rows = mask.shape(1);
        int[] flat = mask.toIntArray();
        inBag = new boolean[nEstimators][rows];
        for (int m = 0; m < nEstimators; m++) for (int i = 0; i < rows; i++) inBag[m][i] = flat[m * rows + i] != 0;
        columns = new int[nEstimators][];
        if (state.hasTensor("columns")) {
            Tensor c = state.tensor("columns", dev.fathom.backend.DType.INT32, 2);
            int[] cf = c.toIntArray();
            int cols = c.shape(1);
            for (int m = 0; m < nEstimators; m++) {
                columns[m] = Arrays.copyOfRange(cf, m * cols, (m + 1) * cols);
                for (int j : columns[m]) {
                    if (j < 0 || j >= features) throw new IllegalArgumentException(state.path() + ": member " + m + " reads column " + j
                            + " of " + features);
                }
            }
        }
        List<Estimator> restored = new ArrayList<>();
        for (int m = 0; m < nEstimators; m++) restored.add(state.estimator(Integer.toString(m)));
        members = List.copyOf(restored);
    }

    /** The supplier of a bagging ensemble loaded from a file, which cannot make new members. */
    static <E> Supplier<E> unsavedFactory(String owner) {
        return () -> {
            throw new IllegalStateException(owner + " was loaded from a file, which keeps its fitted members but not the supplier"
                    + " that made them; make a new " + owner + "(supplier, n) to fit afresh");
        };
    }

    /** {@code nEstimators=10, maxSamples=0.8, ...}: the settings, for toString. */
    String settings() {
        return "nEstimators=" + nEstimators + ", maxSamples=" + maxSamples + ", maxFeatures=" + maxFeatures
                + (bootstrap ? "" : ", no bootstrap") + (bootstrapFeatures ? ", bootstrapFeatures" : "") + ", seed=" + seed
                + ", of " + (members == null ? "?" : members.get(0));
    }
}
