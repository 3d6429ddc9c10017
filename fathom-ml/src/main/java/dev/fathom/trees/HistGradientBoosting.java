package dev.fathom.trees;

import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.FeatureImportances;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * What {@link HistGradientBoostingClassifier} and {@link HistGradientBoostingRegressor} share, in
 * the manner of scikit-learn's {@code HistGradientBoosting} and LightGBM: the features are binned
 * once ({@link Binner}: at most 255 bins by quantiles, missing values and unseen categories in a
 * bin of their own), then each iteration grows one tree per output ({@link HistTreeGrower}, leaf by
 * leaf on gradient histograms) on the gradients and hessians of the loss at the current
 * predictions, and adds its leaves, times the learning rate, to them. With early stopping (on by
 * default above 10,000 rows, as scikit-learn), a share of the rows is held out and boosting stops
 * once {@code nIterNoChange} iterations in a row have not lowered its loss by more than
 * {@code tol}.
 *
 * <p>Trees take raw features, NaN for missing; the columns named by {@link #categoricalFeatures}
 * hold category codes (whole numbers ≥ 0, at most {@code maxBins} of them) and are split by sets
 * of categories rather than thresholds. The same seed (feature subsampling, the validation split,
 * the binning sample) gives the same model whatever the number of threads.
 *
 * <pre>{@code
 * var gbm = new HistGradientBoostingClassifier().learningRate(0.05).maxIter(300).maxLeafNodes(15)
 *         .l2Regularization(1.0).categoricalFeatures(3).earlyStopping(true).seed(1).fit(x, y);
 * gbm.iterations();   // how many boosting rounds early stopping kept
 * }</pre>
 *
 * @param <S> the estimator class itself, so the settings chain
 */
public abstract sealed class HistGradientBoosting<S extends HistGradientBoosting<S>> implements FeatureImportances
        permits HistGradientBoostingClassifier, HistGradientBoostingRegressor {
    final String owner;
    BoostingLoss loss;
    double learningRate = 0.1;
    int maxIter = 100;
    int maxLeafNodes = 31;
    int maxDepth = Integer.MAX_VALUE;
    int minSamplesLeaf = 20;
    double l2 = 0;
    int maxBins = 255;
    double maxFeatures = 1.0;
    int[] categoricalFeatures = new int[0];
    String earlyStopping = "auto";
    double validationFraction = 0.1;
    int nIterNoChange = 10;
    double tol = 1e-7;
    long seed;

    // fitted
    Binner binner;
    double[] baseline;
    List<HistTree> trees;
    int outputs;            // raw outputs: 1 for regression and binary classification, else the classes
    int features = -1;
    double[] importances;
    double[] validationScores = new double[0];

    HistGradientBoosting(String owner, BoostingLoss loss) {
        this.owner = owner;
        this.loss = loss;
    }

    @SuppressWarnings("unchecked")
    final S self() {
        return (S) this;
    }

    /** Sets the shrinkage applied to every tree's leaves (default 0.1): smaller needs more iterations and generalizes better. */
    public S learningRate(double rate) {
        if (!(rate > 0 && rate <= 10)) throw new IllegalArgumentException(owner + ": learningRate must be in (0, 10], got " + rate);
        learningRate = rate;
        return self();
    }

    /** Sets the most boosting iterations (default 100); each grows one tree per class (one in all for two classes or a regression). */
    public S maxIter(int iterations) {
        if (iterations < 1) throw new IllegalArgumentException(owner + ": maxIter must be at least 1, got " + iterations);
        maxIter = iterations;
        return self();
    }

    /** Sets the most leaves of a tree (default 31). */
    public S maxLeafNodes(int leaves) {
        if (leaves < 2) throw new IllegalArgumentException(owner + ": maxLeafNodes must be at least 2, got " + leaves);
        maxLeafNodes = leaves;
        return self();
    }

    /** Sets the deepest a tree may grow, in edges from the root (default unlimited: maxLeafNodes bounds it). */
    public S maxDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException(owner + ": maxDepth must be at least 1, got " + depth);
        maxDepth = depth;
        return self();
    }

    /** Sets the fewest rows a leaf may hold (default 20). */
    public S minSamplesLeaf(int rows) {
        if (rows < 1) throw new IllegalArgumentException(owner + ": minSamplesLeaf must be at least 1, got " + rows);
        minSamplesLeaf = rows;
        return self();
    }

    /** Sets the L2 penalty λ on leaf values (default 0): a leaf predicts {@code -G/(H + λ)}. */
    public S l2Regularization(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException(owner + ": l2Regularization must be finite and >= 0, got " + lambda);
        }
        l2 = lambda;
        return self();
    }

    /** Sets the most bins per feature, missing values aside (default 255, the most). */
    public S maxBins(int bins) {
        if (bins < 2 || bins > 255) throw new IllegalArgumentException(owner + ": maxBins must be in [2, 255], got " + bins);
        maxBins = bins;
        return self();
    }

    /** Sets the share of the features drawn at random at each split (default 1: all of them). */
    public S maxFeatures(double share) {
        if (!(share > 0 && share <= 1)) throw new IllegalArgumentException(owner + ": maxFeatures must be a share in (0, 1], got " + share);
        maxFeatures = share;
        return self();
    }

    /** Names the columns that hold category codes (whole numbers >= 0, NaN for missing), split by sets of categories. */
    public S categoricalFeatures(int... columns) {
        int[] c = columns.clone();
        for (int j : c) if (j < 0) throw new IllegalArgumentException(owner + ": categorical feature index " + j + " is negative");
        categoricalFeatures = Arrays.stream(c).distinct().sorted().toArray();
        return self();
    }

    /** Turns early stopping on or off; by default it is on when there are more than 10,000 rows, as in scikit-learn. */
    public S earlyStopping(boolean on) {
        earlyStopping = on ? "on" : "off";
        return self();
    }

    /**
     * Sets early stopping's held-out share (default 0.1), patience (default 10 iterations) and the
     * loss decrease that counts as better (default 1e-7).
     */
    public S validation(double fraction, int nIterNoChange, double tol) {
        if (!(fraction > 0 && fraction < 1) || nIterNoChange < 1 || !(tol >= 0)) {
            throw new IllegalArgumentException(owner + ": validation needs a fraction in (0, 1), nIterNoChange >= 1 and tol >= 0, got "
                    + fraction + ", " + nIterNoChange + ", " + tol);
        }
        validationFraction = fraction;
        this.nIterNoChange = nIterNoChange;
        this.tol = tol;
        return self();
    }

    /** Sets the seed of the held-out rows, the binning sample and the features drawn per split (default 0). */
    public S seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** The boosting iterations fitted (fewer than maxIter when early stopping ended the fit). */
    public int iterations() {
        TreeInputs.checkFitted(trees != null, owner);
        return trees.size() / outputs;
    }

    /** The held-out loss, negated, before the first and after each iteration (empty without early stopping): scikit-learn's {@code validation_score_}. */
    public double[] validationScores() {
        TreeInputs.checkFitted(trees != null, owner);
        return validationScores.clone();
    }

    /**
     * Each feature's share of the split gains of all trees (sums to 1; all 0 when no tree split),
     * LightGBM's {@code importance_type="gain"}; scikit-learn's HistGradientBoosting keeps none.
     */
    @Override
    public double[] featureImportances() {
        TreeInputs.checkFitted(trees != null, owner);
        return importances.clone();
    }

    /**
     * Boosts on feature columns and targets (class indices as numbers for log loss).
     *
     * @param classification whether to stratify the held-out rows by class
     */
    final void boost(double[][] cols, double[] y, int outputs, boolean classification) {
        int n = y.length;
        int f = cols.length;
        for (int j : categoricalFeatures) {
            if (j >= f) throw new IllegalArgumentException(owner + ": categorical feature " + j + " is outside the " + f + " features of x");
        }
        boolean early = switch (earlyStopping) {
            case "on" -> true;
            case "off" -> false;
            default -> n > 10_000;
        };
        int[] trainRows = null, valRows = null;
        if (early) {
            int[][] parts = holdOut(y, classification, n);
            trainRows = parts[0];
            valRows = parts[1];
            if (valRows.length == 0 || trainRows.length == 0) {
                throw new IllegalArgumentException(owner + ": " + n + " rows are too few to hold out a validation share of "
                        + validationFraction + "; call earlyStopping(false)");
            }
        }
        double[][] trainCols = trainRows == null ? cols : select(cols, trainRows);
        double[] yTrain = trainRows == null ? y : select(y, trainRows);
        boolean[] cat = new boolean[f];
        for (int j : categoricalFeatures) cat[j] = true;
        Binner b = Binner.fit(trainCols, cat, maxBins, TreeInputs.derive(seed, -1), owner);
        byte[][] binsTrain = b.transform(trainCols);
        byte[][] binsVal = valRows == null ? null : b.transform(select(cols, valRows));
        double[] yVal = valRows == null ? null : select(y, valRows);
        boolean[] hasMissing = new boolean[f];
        TreeThreads.forEach(f, j -> {
            for (byte v : binsTrain[j]) {
                if ((v & 0xFF) == b.missingBin(j)) {
                    hasMissing[j] = true;
                    break;
                }
            }
        });

        Histograms.Packed packed = Histograms.pack(binsTrain, TreeThreads.available());

        int m = yTrain.length;
        double[] base = loss.baseline(yTrain, outputs);
        double[] raw = new double[m * outputs];
        for (int i = 0; i < m; i++) System.arraycopy(base, 0, raw, i * outputs, outputs);
        double[] rawVal = null;
        List<Double> scores = new ArrayList<>();
        if (early) {
            rawVal = new double[yVal.length * outputs];
            for (int i = 0; i < yVal.length; i++) System.arraycopy(base, 0, rawVal, i * outputs, outputs);
            scores.add(-loss.loss(yVal, rawVal, outputs));
        }
        float[][] g = new float[outputs][m];
        float[][] h = loss.constantHessian() ? new float[outputs][] : new float[outputs][m];
        var params = new HistTreeGrower.Params(maxLeafNodes, maxDepth, minSamplesLeaf, l2, learningRate, maxFeatures);
        List<HistTree> grown = new ArrayList<>();
        var scratch = new HistTreeGrower.Scratch(packed, !loss.constantHessian());
        for (int it = 0; it < maxIter; it++) {
            loss.gradients(yTrain, raw, outputs, g, h);
            for (int k = 0; k < outputs; k++) {
                var rng = new SplittableRandom(TreeInputs.derive(seed, (long) it * outputs + k));
                HistTreeGrower.Grown t = new HistTreeGrower(params, binsTrain, packed, b, hasMissing, g[k], h[k], rng, scratch).grow();
                if (loss == BoostingLoss.ABSOLUTE_ERROR) medianLeaves(t, yTrain, raw);
                int out = k;
                // the leaves hold disjoint rows: they update in parallel, each row once
                IntConsumer addLeaf = j -> {
                    double v = t.tree().value[t.leafNode()[j]];
                    for (int i = t.leafStart()[j]; i < t.leafEnd()[j]; i++) raw[t.rows()[i] * outputs + out] += v;
                };
                if (m < 1 << 16) for (int j = 0; j < t.leafNode().length; j++) addLeaf.accept(j);
                else TreeThreads.forEach(t.leafNode().length, addLeaf);
                if (early) {
                    for (int r = 0; r < yVal.length; r++) rawVal[r * outputs + k] += t.tree().value[t.tree().leaf(binsVal, r, b.missingBins)];
                }
                grown.add(t.tree());
            }
            if (early) {
                scores.add(-loss.loss(yVal, rawVal, outputs));
                if (shouldStop(scores)) break;
            }
        }
        this.binner = b;
        this.baseline = base;
        this.trees = grown;
        this.outputs = outputs;
        this.features = f;
        this.validationScores = scores.stream().mapToDouble(Double::doubleValue).toArray();
        double[] imp = new double[f];
        for (HistTree t : grown) for (int i = 0; i < t.nodes(); i++) if (t.feature[i] >= 0) imp[t.feature[i]] += t.gain[i];
        this.importances = Tree.normalized(imp);
    }

    /** Absolute error: each leaf predicts the median of its rows' residuals, times the learning rate (scikit-learn's leaf update). */
    private void medianLeaves(HistTreeGrower.Grown t, double[] y, double[] raw) {
        double[] buf = new double[y.length];
        for (int j = 0; j < t.leafNode().length; j++) {
            int s = t.leafStart()[j], e = t.leafEnd()[j];
            for (int i = s; i < e; i++) {
                int r = t.rows()[i];
                buf[i - s] = y[r] - raw[r];
            }
            t.tree().value[t.leafNode()[j]] = learningRate * BoostingLoss.median(buf, e - s);
        }
    }

    /** scikit-learn's rule: stop when none of the last nIterNoChange scores beats the one before them by more than tol. */
    private boolean shouldStop(List<Double> scores) {
        int ref = nIterNoChange + 1;
        if (scores.size() < ref) return false;
        double reference = scores.get(scores.size() - ref) + tol;
        for (int i = scores.size() - ref + 1; i < scores.size(); i++) if (scores.get(i) > reference) return false;
        return true;
    }

    /** Training and held-out rows (both ascending), the held-out ones drawn per class for a classifier. */
    private int[][] holdOut(double[] y, boolean classification, int n) {
        SplittableRandom rng = new SplittableRandom(TreeInputs.derive(seed, -2));
        boolean[] val = new boolean[n];
        if (classification) {
            int classes = 0;
            for (double v : y) classes = Math.max(classes, (int) v + 1);
            int[][] byClass = new int[classes][];
            int[] count = new int[classes];
            for (double v : y) count[(int) v]++;
            for (int c = 0; c < classes; c++) byClass[c] = new int[count[c]];
            int[] at = new int[classes];
            for (int i = 0; i < n; i++) byClass[(int) y[i]][at[(int) y[i]]++] = i;
            for (int[] rows : byClass) pick(rows, (int) Math.round(validationFraction * rows.length), rng, val);
        } else {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            pick(all, (int) Math.ceil(validationFraction * n), rng, val);
        }
        int nv = 0;
        for (boolean v : val) if (v) nv++;
        int[] train = new int[n - nv], held = new int[nv];
        for (int i = 0, a = 0, c = 0; i < n; i++) {
            if (val[i]) held[c++] = i;
            else train[a++] = i;
        }
        return new int[][] {train, held};
    }

    private static void pick(int[] rows, int k, SplittableRandom rng, boolean[] out) {
        int[] r = rows.clone();
        for (int i = 0; i < k && i < r.length; i++) {
            int j = i + rng.nextInt(r.length - i);
            int t = r[i];
            r[i] = r[j];
            r[j] = t;
            out[r[i]] = true;
        }
    }

    private static double[][] select(double[][] cols, int[] rows) {
        double[][] out = new double[cols.length][rows.length];
        for (int j = 0; j < cols.length; j++) for (int i = 0; i < rows.length; i++) out[j][i] = cols[j][rows[i]];
        return out;
    }

    private static double[] select(double[] y, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = y[rows[i]];
        return out;
    }

    /** The raw predictions {@code [rows * outputs]}: the baseline plus every tree's leaf. */
    final double[] raw(Tensor x) {
        TreeInputs.checkFitted(trees != null, owner);
        double[][] cols = TreeInputs.columns(x, features, true, owner);
        byte[][] bins = binner.transform(cols);
        int n = x.shape(0);
        double[] out = new double[n * outputs];
        int block = 512;
        TreeThreads.forEach((n + block - 1) / block, blk -> {
            int end = Math.min(n, (blk + 1) * block);
            for (int r = blk * block; r < end; r++) System.arraycopy(baseline, 0, out, r * outputs, outputs);
            // Tree by tree over the block, so that one tree's nodes stay in the cache while its rows pass
            // through it; each row still adds the trees in the same order, so the sums keep their bits.
            for (int t = 0; t < trees.size(); t++) {
                HistTree tree = trees.get(t);
                int o = t % outputs;
                for (int r = blk * block; r < end; r++) out[r * outputs + o] += tree.value[tree.leaf(bins, r, binner.missingBins)];
            }
        });
        return out;
    }

    // ---- saving ---------------------------------------------------------------------------------

    final void saveModel(EstimatorState state) {
        TreeInputs.checkFitted(trees != null, owner);
        state.put("loss", loss.name()).put("learningRate", learningRate).put("maxIter", maxIter).put("maxLeafNodes", maxLeafNodes)
                .put("maxDepth", maxDepth).put("minSamplesLeaf", minSamplesLeaf).put("l2Regularization", l2).put("maxBins", maxBins)
                .put("maxFeatures", maxFeatures).put("categoricalFeatures", Arrays.stream(categoricalFeatures).boxed().toList())
                .put("earlyStopping", earlyStopping).put("validationFraction", validationFraction).put("nIterNoChange", nIterNoChange)
                .put("tol", tol).put("seed", seed).put("features", features).put("outputs", outputs);
        int[] edgeCounts = new int[features];
        int total = 0;
        for (int j = 0; j < features; j++) total += edgeCounts[j] = binner.edges[j].length;
        double[] edges = new double[total];
        for (int j = 0, at = 0; j < features; j++) {
            System.arraycopy(binner.edges[j], 0, edges, at, edgeCounts[j]);
            at += edgeCounts[j];
        }
        int nodes = 0;
        int[] perTree = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) nodes += perTree[t] = trees.get(t).nodes();
        int[] feature = new int[nodes], thr = new int[nodes], flags = new int[nodes], left = new int[nodes], right = new int[nodes];
        int[] cats = new int[8 * nodes];
        double[] value = new double[nodes];
        int at = 0;
        for (HistTree t : trees) {
            for (int i = 0; i < t.nodes(); i++, at++) {
                feature[at] = t.feature[i];
                thr[at] = t.binThreshold[i];
                flags[at] = (t.missingLeft[i] ? 1 : 0) | (t.categorical[i] ? 2 : 0);
                left[at] = t.left[i];
                right[at] = t.right[i];
                value[at] = t.value[i];
                for (int w = 0; w < 4; w++) {
                    long bits = t.categories[4 * i + w];
                    cats[8 * at + 2 * w] = (int) bits;
                    cats[8 * at + 2 * w + 1] = (int) (bits >>> 32);
                }
            }
        }
        state.putDoubles("baseline", baseline).putInts("edgeCounts", edgeCounts).putDoubles("edges", edges)
                .putDoubles("validationScores", validationScores).putDoubles("importances", importances)
                .putInts("nodes", perTree).putInts("feature", feature).putInts("binThreshold", thr).putInts("flags", flags)
                .putInts("left", left).putInts("right", right).putInts("categories", cats).putDoubles("value", value);
    }

    final S loadModel(EstimatorState state) {
        learningRate(state.number("learningRate"));
        maxIter(state.integer("maxIter"));
        maxLeafNodes(state.integer("maxLeafNodes"));
        maxDepth(state.integer("maxDepth"));
        minSamplesLeaf(state.integer("minSamplesLeaf"));
        l2Regularization(state.number("l2Regularization"));
        maxBins(state.integer("maxBins"));
        maxFeatures(state.number("maxFeatures"));
        categoricalFeatures(state.integers("categoricalFeatures"));
        earlyStopping = state.string("earlyStopping");
        if (!List.of("auto", "on", "off").contains(earlyStopping)) {
            throw new IllegalArgumentException(state.path() + ": earlyStopping is '" + earlyStopping + "', not auto, on or off");
        }
        validation(state.number("validationFraction"), state.integer("nIterNoChange"), state.number("tol"));
        seed(state.longValue("seed"));
        int f = state.integer("features");
        int k = state.integer("outputs");
        if (f < 1 || k < 1 || Arrays.stream(categoricalFeatures).anyMatch(j -> j >= f)) {
            throw new IllegalArgumentException(state.path() + ": " + f + " features, " + k + " outputs and categorical features "
                    + Arrays.toString(categoricalFeatures) + " cannot be a fitted model; the file is damaged or was edited");
        }
        double[] base = state.finiteDoubles("baseline");
        int[] edgeCounts = state.ints("edgeCounts");
        double[] edges = state.doubles("edges");
        double[] imp = state.finiteDoubles("importances");
        long edgeTotal = 0;
        for (int c : edgeCounts) edgeTotal += Math.max(0, c);
        if (base.length != k || edgeCounts.length != f || edgeTotal != edges.length || imp.length != f) {
            throw new IllegalArgumentException(state.path() + ": the baseline, bin edges and importances do not fit " + f
                    + " features and " + k + " outputs; the file is damaged or was edited");
        }
        double[][] perFeature = new double[f][];
        boolean[] cat = new boolean[f];
        for (int j : categoricalFeatures) cat[j] = true;
        for (int j = 0, at = 0; j < f; j++) {
            if (edgeCounts[j] < 0) throw new IllegalArgumentException(state.path() + ": feature " + j + " has a negative bin count");
            perFeature[j] = Arrays.copyOfRange(edges, at, at + edgeCounts[j]);
            at += edgeCounts[j];
        }
        Binner b = Binner.checked(perFeature, cat, maxBins, state.path());
        int[] perTree = state.ints("nodes");
        int[] feature = state.ints("feature"), thr = state.ints("binThreshold"), flags = state.ints("flags");
        int[] left = state.ints("left"), right = state.ints("right"), cats = state.ints("categories");
        double[] value = state.doubles("value");
        long total = 0;
        for (int m : perTree) total += m;
        if (perTree.length % k != 0 || Arrays.stream(perTree).anyMatch(m -> m < 1) || total != feature.length || thr.length != total
                || flags.length != total || left.length != total || right.length != total || cats.length != 8 * total
                || value.length != total) {
            throw new IllegalArgumentException(state.path() + ": the trees' node arrays disagree in length; the file is damaged or was edited");
        }
        List<HistTree> out = new ArrayList<>();
        int at = 0;
        for (int t = 0; t < perTree.length; t++) {
            int m = perTree[t];
            boolean[] ml = new boolean[m], ct = new boolean[m];
            long[] bits = new long[4 * m];
            for (int i = 0; i < m; i++) {
                ml[i] = (flags[at + i] & 1) != 0;
                ct[i] = (flags[at + i] & 2) != 0;
                if (ct[i] && (at + i < 0 || feature[at + i] < 0 || feature[at + i] >= f || !cat[feature[at + i]])) {
                    throw new IllegalArgumentException(state.path() + ", tree " + t + ": node " + i
                            + " splits by categories on a feature that is not categorical; the file is damaged or was edited");
                }
                for (int w = 0; w < 4; w++) {
                    bits[4 * i + w] = (cats[8 * (at + i) + 2 * w] & 0xFFFFFFFFL) | ((long) cats[8 * (at + i) + 2 * w + 1] << 32);
                }
            }
            out.add(HistTree.checked(Arrays.copyOfRange(feature, at, at + m), Arrays.copyOfRange(thr, at, at + m), ml, ct, bits,
                    Arrays.copyOfRange(left, at, at + m), Arrays.copyOfRange(right, at, at + m), Arrays.copyOfRange(value, at, at + m), f,
                    state.path() + ", tree " + t));
            at += m;
        }
        binner = b;
        baseline = base;
        trees = out;
        outputs = k;
        features = f;
        importances = imp;
        validationScores = state.doubles("validationScores");
        return self();
    }

    final String describe() {
        return owner + "(loss=" + loss.name().toLowerCase(java.util.Locale.ROOT) + ", learningRate=" + learningRate + ", maxIter=" + maxIter
                + ", maxLeafNodes=" + maxLeafNodes + (maxDepth == Integer.MAX_VALUE ? "" : ", maxDepth=" + maxDepth)
                + ", minSamplesLeaf=" + minSamplesLeaf + ", l2=" + l2 + (maxFeatures < 1 ? ", maxFeatures=" + maxFeatures : "")
                + (categoricalFeatures.length > 0 ? ", categorical=" + Arrays.toString(categoricalFeatures) : "") + ", seed=" + seed + ")";
    }
}
