package dev.fathom.trees;

import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.FeatureImportances;
import dev.fathom.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * What the CART-tree estimators share — {@link DecisionTreeClassifier}, {@link DecisionTreeRegressor},
 * {@link RandomForestClassifier}, {@link RandomForestRegressor}, {@link ExtraTreesClassifier},
 * {@link ExtraTreesRegressor}: the settings, growing the trees (in parallel over the CPU threads),
 * predicting by the mean of the trees' leaves, the impurity importances and the saved form. Tree
 * {@code t} draws its bootstrap sample and its features from its own generator seeded by
 * (seed, t), so a seed gives the same forest whatever the number of threads.
 *
 * <p>Trees take the raw features: splits compare one feature with a threshold, so scaling changes
 * nothing. Missing values (NaN) are refused; impute them or use
 * {@link HistGradientBoostingClassifier}/{@link HistGradientBoostingRegressor}.
 *
 * <pre>{@code
 * var forest = new RandomForestClassifier().trees(200).maxDepth(12).minSamplesLeaf(2).seed(7).fit(x, y);
 * double[] importance = forest.featureImportances();   // sums to 1
 * }</pre>
 *
 * @param <S> the estimator class itself, so the settings chain
 */
public abstract sealed class TreeModel<S extends TreeModel<S>> implements FeatureImportances
        permits TreeClassifierModel, TreeRegressorModel {
    final String owner;
    final boolean random;
    Criterion criterion;
    int nEstimators;
    boolean bootstrap;
    MaxFeatures maxFeatures;
    int maxDepth = Integer.MAX_VALUE;
    int minSamplesSplit = 2;
    int minSamplesLeaf = 1;
    long seed;
    /** Read before each tree after the first: once true, no more trees are grown (a time limit). Not saved. */
    java.util.function.BooleanSupplier stop;

    Tree[] trees;
    int features = -1;
    int outputs;            // classes for a classifier, targets for a regressor
    double[] importances;

    TreeModel(String owner, boolean random, Criterion criterion, int nEstimators, boolean bootstrap, MaxFeatures maxFeatures) {
        this.owner = owner;
        this.random = random;
        this.criterion = criterion;
        this.nEstimators = nEstimators;
        this.bootstrap = bootstrap;
        this.maxFeatures = maxFeatures;
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }

    abstract boolean classifies();

    /**
     * Sets the impurity a split minimizes: {@link Criterion#GINI} (default) or
     * {@link Criterion#ENTROPY} for classifiers; regressors use {@link Criterion#SQUARED_ERROR}.
     */
    public S criterion(Criterion criterion) {
        if (criterion == null || criterion.forClassification() != classifies()) {
            throw new IllegalArgumentException(owner + ": criterion " + criterion + " is not for "
                    + (classifies() ? "classification; use GINI or ENTROPY" : "regression; use SQUARED_ERROR"));
        }
        this.criterion = criterion;
        return self();
    }

    /** Sets the deepest a tree may grow (the root is depth 0; default unlimited: until leaves are pure or too small). */
    public S maxDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException(owner + ": maxDepth must be at least 1, got " + depth);
        this.maxDepth = depth;
        return self();
    }

    /** Sets the fewest rows a node needs to be split (default 2). */
    public S minSamplesSplit(int rows) {
        if (rows < 2) throw new IllegalArgumentException(owner + ": minSamplesSplit must be at least 2, got " + rows);
        this.minSamplesSplit = rows;
        return self();
    }

    /** Sets the fewest rows each side of a split must keep (default 1); larger values smooth the model. */
    public S minSamplesLeaf(int rows) {
        if (rows < 1) throw new IllegalArgumentException(owner + ": minSamplesLeaf must be at least 1, got " + rows);
        this.minSamplesLeaf = rows;
        return self();
    }

    /** Sets how many features each node draws and searches (see {@link MaxFeatures}). */
    public S maxFeatures(MaxFeatures maxFeatures) {
        if (maxFeatures == null) throw new IllegalArgumentException(owner + ": maxFeatures is null; use MaxFeatures.all() for every feature");
        this.maxFeatures = maxFeatures;
        return self();
    }

    /** Sets the seed of the features drawn at each node and of the bootstrap samples (default 0). */
    public S seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * Stops growing trees once {@code stop} reads true (a deadline: it must stay true once it is):
     * the trees grown by then, at least one, are the forest, and {@link #treeCount} says how many.
     * Which trees those are depends on the timing; with a stop that never fires the forest is the
     * same as without one. Null removes it. Not saved with the model.
     *
     * <pre>{@code
     * long end = System.nanoTime() + 10_000_000_000L;
     * forest.stopWhen(() -> System.nanoTime() > end).fit(x, y);   // as many of the trees as 10 s allow
     * }</pre>
     */
    public S stopWhen(java.util.function.BooleanSupplier stop) {
        this.stop = stop;
        return self();
    }

    final void setTrees(int n) {
        if (n < 1) throw new IllegalArgumentException(owner + ": trees must be at least 1, got " + n);
        nEstimators = n;
    }

    /** Grows the trees on feature columns and either labels or targets [n * outputs]. */
    final void grow(double[][] cols, int[] labels, double[] targets, int outputs) {
        int n = cols.length == 0 ? 0 : cols[0].length;
        this.outputs = outputs;
        this.features = cols.length;
        var params = new TreeBuilder.Params(criterion, maxDepth, minSamplesSplit, minSamplesLeaf, maxFeatures.of(cols.length), random);
        Tree[] grown = new Tree[nEstimators];
        java.util.function.BooleanSupplier halt = stop;
        TreeThreads.forEach(nEstimators, t -> {
            if (t > 0 && halt != null && halt.getAsBoolean()) return;
            SplittableRandom rng = new SplittableRandom(TreeInputs.derive(seed, t));
            double[] w = new double[n];
            if (bootstrap) {
                for (int i = 0; i < n; i++) w[rng.nextInt(n)] += 1;
            } else {
                java.util.Arrays.fill(w, 1);
            }
            grown[t] = new TreeBuilder(params, cols, labels, outputs, targets, outputs, w, rng).build();
        });
        // Stopped early: the trees grown, in their order (threads may have skipped a few below the last grown).
        trees = halt == null ? grown : java.util.Arrays.stream(grown).filter(java.util.Objects::nonNull).toArray(Tree[]::new);
        double[] sum = new double[features];
        for (Tree t : trees) {
            double[] imp = Tree.normalized(t.importances(features));
            for (int j = 0; j < features; j++) sum[j] += imp[j];
        }
        importances = Tree.normalized(sum);
    }

    /** The mean of the trees' leaf values for each row of {@code x}: [rows * outputs]. */
    final double[] average(Tensor x) {
        TreeInputs.checkFitted(trees != null, owner);
        double[][] cols = TreeInputs.columns(x, features, false, owner);
        int n = x.shape(0);
        double[] out = new double[n * outputs];
        int block = 256;
        TreeThreads.forEach((n + block - 1) / block, b -> {
            int end = Math.min(n, (b + 1) * block);
            // Tree by tree over the block (one tree's nodes stay in the cache); each row adds the
            // trees in the same order as row by row would, so the sums keep their bits.
            for (Tree t : trees) for (int r = b * block; r < end; r++) t.addValue(t.leaf(cols, r), out, r * outputs);
            for (int i = b * block * outputs; i < end * outputs; i++) out[i] /= trees.length;
        });
        return out;
    }

    /**
     * Each feature's share of the impurity decrease of all splits (scikit-learn's
     * {@code feature_importances_}: per tree normalized to 1, averaged over the trees). Impurity
     * importance favours features of many distinct values; permutation importance does not.
     */
    @Override
    public double[] featureImportances() {
        TreeInputs.checkFitted(trees != null, owner);
        return importances.clone();
    }

    /** The number of trees a fit grows (the setting; {@link #treeCount} is the fitted model's). */
    public int trees() {
        return nEstimators;
    }

    /** Whether {@code fit} ran. */
    public boolean fitted() {
        return trees != null;
    }

    /** The number of fitted trees. */
    public int treeCount() {
        TreeInputs.checkFitted(trees != null, owner);
        return trees.length;
    }

    /** The depth of the deepest fitted tree. */
    public int depth() {
        TreeInputs.checkFitted(trees != null, owner);
        int d = 0;
        for (Tree t : trees) d = Math.max(d, t.depth());
        return d;
    }

    /** Writes the settings and every tree, concatenated: node counts, then each array of all trees in order. */
    final void saveTrees(EstimatorState state) {
        TreeInputs.checkFitted(trees != null, owner);
        state.put("criterion", criterion.name()).put("trees", trees.length).put("bootstrap", bootstrap)
                .put("maxFeatures", maxFeatures.toString()).put("maxDepth", maxDepth).put("minSamplesSplit", minSamplesSplit)
                .put("minSamplesLeaf", minSamplesLeaf).put("seed", seed).put("features", features).put("outputs", outputs);
        int total = 0;
        int[] nodes = new int[trees.length];
        for (int t = 0; t < trees.length; t++) total += nodes[t] = trees[t].nodes();
        int[] feature = new int[total], left = new int[total], right = new int[total];
        double[] threshold = new double[total], value = new double[total * outputs];
        int at = 0;
        for (Tree t : trees) {
            int m = t.nodes();
            System.arraycopy(t.feature, 0, feature, at, m);
            System.arraycopy(t.left, 0, left, at, m);
            System.arraycopy(t.right, 0, right, at, m);
            System.arraycopy(t.threshold, 0, threshold, at, m);
            System.arraycopy(t.value, 0, value, at * outputs, m * outputs);
            at += m;
        }
        state.putInts("nodes", nodes).putInts("feature", feature).putInts("left", left).putInts("right", right)
                .putDoubles("threshold", threshold).putDoubles("value", value).putDoubles("importances", importances);
    }

    /** Reads what {@link #saveTrees} wrote into this (fresh) estimator, checking every tree. */
    final S loadTrees(EstimatorState state) {
        criterion(state.keyword("criterion", Criterion.class));
        setTrees(state.integer("trees"));
        bootstrap = state.bool("bootstrap");
        maxFeatures(MaxFeatures.parse(state.string("maxFeatures")));
        maxDepth(state.integer("maxDepth"));
        minSamplesSplit(state.integer("minSamplesSplit"));
        minSamplesLeaf(state.integer("minSamplesLeaf"));
        seed(state.longValue("seed"));
        int f = state.integer("features");
        int k = state.integer("outputs");
        if (f < 1 || k < 1 || (classifies() && k < 1)) {
            throw new IllegalArgumentException(state.path() + ": " + f + " features and " + k + " outputs cannot be a fitted tree model");
        }
        int[] nodes = state.ints("nodes");
        int[] feature = state.ints("feature"), left = state.ints("left"), right = state.ints("right");
        double[] threshold = state.doubles("threshold"), value = state.doubles("value");
        double[] imp = state.finiteDoubles("importances");
        long total = 0;
        for (int m : nodes) {
            if (m < 1) throw new IllegalArgumentException(state.path() + ": a tree of " + m + " nodes; the file is damaged or was edited");
            total += m;
        }
        if (nodes.length != nEstimators || total != feature.length || value.length != total * k || imp.length != f) {
            throw new IllegalArgumentException(state.path() + ": " + nodes.length + " trees of " + total + " nodes in all, "
                    + feature.length + " nodes stored and " + imp.length + " importances for " + f
                    + " features do not agree; the file is damaged or was edited");
        }
        Tree[] out = new Tree[nodes.length];
        int at = 0;
        for (int t = 0; t < nodes.length; t++) {
            int m = nodes[t];
            out[t] = Tree.checked(java.util.Arrays.copyOfRange(feature, at, at + m), java.util.Arrays.copyOfRange(threshold, at, at + m),
                    java.util.Arrays.copyOfRange(left, at, at + m), java.util.Arrays.copyOfRange(right, at, at + m),
                    java.util.Arrays.copyOfRange(value, (int) Math.min(value.length, (long) at * k),
                            (int) Math.min(value.length, (long) (at + m) * k)), k, f, state.path() + ", tree " + t);
            at += m;
        }
        trees = out;
        features = f;
        outputs = k;
        importances = imp;
        return self();
    }

    /** The settings, as a name for logs and leaderboards. */
    @Override
    public final String toString() {
        StringBuilder b = new StringBuilder(owner).append('(');
        if (nEstimators > 1 || !owner.startsWith("DecisionTree")) b.append("trees=").append(nEstimators).append(", ");
        b.append("criterion=").append(criterion.name().toLowerCase(java.util.Locale.ROOT));
        if (maxDepth != Integer.MAX_VALUE) b.append(", maxDepth=").append(maxDepth);
        if (minSamplesLeaf != 1) b.append(", minSamplesLeaf=").append(minSamplesLeaf);
        b.append(", maxFeatures=").append(maxFeatures).append(", seed=").append(seed);
        return b.append(')').toString();
    }
}
