package dev.fathom.estimators;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

/**
 * k-means clustering: k centres placed by greedy k-means++ and moved by Lloyd's iterations until
 * they settle, the best of {@code nInit} seeded runs kept (lowest inertia, the sum of squared
 * distances to the nearest centre), as scikit-learn's {@code KMeans}. For grouping samples without
 * labels, and as a baseline for unsupervised structure.
 *
 * <pre>{@code
 * KMeans km = new KMeans(3).seed(0).fit(x);
 * int[] groups = km.labels();         // the cluster of each training sample
 * km.inertia();                        // 78.85 on iris' four measurements
 * Tensor c = km.predict(xNew);         // the nearest centre of new samples
 * }</pre>
 */
public final class KMeans implements SavableEstimator {
    private final int k;
    private int nInit = 10;
    private int maxIter = 300;
    private double tol = 1e-4;
    private long seed;
    private double[][] centres;
    private int[] labels;
    private double inertia;
    private int iterations;

    /** {@code k} clusters. */
    public KMeans(int k) {
        if (k < 1) throw new IllegalArgumentException("KMeans: k must be >= 1, got " + k);
        this.k = k;
    }

    /** The seed of the centre placement (default 0). */
    public KMeans seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** How many seeded runs to try, keeping the best (default 10). */
    public KMeans nInit(int n) {
        if (n < 1) throw new IllegalArgumentException("KMeans: nInit must be >= 1, got " + n);
        nInit = n;
        return this;
    }

    /**
     * The most Lloyd iterations per run (default 300) and the tolerance: a run stops when the centres
     * move less (in squared distance, summed) than {@code tol} times the mean feature variance.
     */
    public KMeans iterations(int maxIter, double tol) {
        if (maxIter < 1 || !(tol >= 0)) throw new IllegalArgumentException("KMeans: need maxIter >= 1 and tol >= 0");
        this.maxIter = maxIter;
        this.tol = tol;
        return this;
    }

    /** Clusters the rows of {@code x [samples, features]}. */
    public KMeans fit(Tensor x) {
        double[][] data = Estimators.rows(x, -1, "KMeans");
        int n = data.length;
        if (n < k) throw new IllegalArgumentException("KMeans: " + k + " clusters need at least " + k + " samples, got " + n);
        int f = data[0].length;
        double meanVariance = 0;
        for (int j = 0; j < f; j++) {
            double mean = 0, sq = 0;
            for (double[] r : data) mean += r[j] / n;
            for (double[] r : data) sq += (r[j] - mean) * (r[j] - mean) / n;
            meanVariance += sq / f;
        }
        double threshold = tol * meanVariance;
        Generator g = new Generator(seed);
        inertia = Double.POSITIVE_INFINITY;
        for (int run = 0; run < nInit; run++) {
            double[][] c = plusPlus(data, g);
            int[] assign = new int[n];
            int it = 0;
            while (true) {
                assignAll(data, c, assign);
                double[][] moved = means(data, assign, c);
                double shift = 0;
                for (int j = 0; j < k; j++) shift += squared(moved[j], c[j]);
                c = moved;
                it++;
                if (shift <= threshold || it >= maxIter) break;
            }
            double runInertia = assignAll(data, c, assign);
            if (runInertia < inertia) {
                inertia = runInertia;
                centres = c;
                labels = assign;
                iterations = it;
            }
        }
        return this;
    }

    /** Greedy k-means++: each new centre is the best of 2 + ln k candidates drawn in proportion to squared distance. */
    private double[][] plusPlus(double[][] data, Generator g) {
        int n = data.length;
        int trials = 2 + (int) Math.log(k);
        double[][] c = new double[k][];
        c[0] = data[(int) (g.nextDouble() * n)].clone();
        double[] closest = new double[n];
        double potential = 0;
        for (int i = 0; i < n; i++) {
            closest[i] = squared(data[i], c[0]);
            potential += closest[i];
        }
        for (int j = 1; j < k; j++) {
            int bestCandidate = -1;
            double bestPotential = Double.POSITIVE_INFINITY;
            for (int t = 0; t < trials; t++) {
                int cand = sample(closest, potential, g);
                double pot = 0;
                for (int i = 0; i < n; i++) pot += Math.min(closest[i], squared(data[i], data[cand]));
                if (pot < bestPotential) {
                    bestPotential = pot;
                    bestCandidate = cand;
                }
            }
            c[j] = data[bestCandidate].clone();
            potential = 0;
            for (int i = 0; i < n; i++) {
                closest[i] = Math.min(closest[i], squared(data[i], c[j]));
                potential += closest[i];
            }
        }
        return c;
    }

    private static int sample(double[] weights, double total, Generator g) {
        if (total <= 0) return (int) (g.nextDouble() * weights.length);
        double u = g.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) return i;
        }
        return weights.length - 1;
    }

    private static double assignAll(double[][] data, double[][] c, int[] assign) {
        double total = 0;
        for (int i = 0; i < data.length; i++) {
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < c.length; j++) {
                double d = squared(data[i], c[j]);
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            assign[i] = best;
            total += bestD;
        }
        return total;
    }

    /** The mean of each cluster; an emptied cluster keeps its old centre. */
    private static double[][] means(double[][] data, int[] assign, double[][] old) {
        int f = data[0].length;
        double[][] sum = new double[old.length][f];
        int[] count = new int[old.length];
        for (int i = 0; i < data.length; i++) {
            count[assign[i]]++;
            for (int j = 0; j < f; j++) sum[assign[i]][j] += data[i][j];
        }
        for (int c = 0; c < old.length; c++) {
            if (count[c] == 0) sum[c] = old[c].clone();
            else for (int j = 0; j < f; j++) sum[c][j] /= count[c];
        }
        return sum;
    }

    private static double squared(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return s;
    }

    /** The nearest centre of each row of {@code x}, int32 {@code [samples]}. */
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(centres != null, "KMeans");
        double[][] data = Estimators.rows(x, centres[0].length, "KMeans");
        int[] assign = new int[data.length];
        assignAll(data, centres, assign);
        return Tensor.of(assign, data.length);
    }

    /** The cluster of each training sample. */
    public int[] labels() {
        Estimators.checkFitted(centres != null, "KMeans");
        return labels.clone();
    }

    /** The centres, [k][features]. */
    public double[][] centres() {
        Estimators.checkFitted(centres != null, "KMeans");
        return Estimators.copy(centres);
    }

    /** The sum of squared distances from each training sample to its centre (lower is tighter). */
    public double inertia() {
        Estimators.checkFitted(centres != null, "KMeans");
        return inertia;
    }

    /** Lloyd iterations of the best run. */
    public int iterationsRun() {
        Estimators.checkFitted(centres != null, "KMeans");
        return iterations;
    }

    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(centres != null, "KMeans");
        state.put("k", k).put("nInit", nInit).put("maxIter", maxIter).put("tol", tol).put("seed", seed)
                .put("iterations", iterations).putDoubles("inertia", new double[] {inertia})
                .putMatrix("centres", centres).putInts("labels", labels);
    }

    /** The fitted clustering {@link #saveState} wrote. */
    public static KMeans fromState(EstimatorState state) {
        KMeans km = new KMeans(state.integer("k")).seed(state.longValue("seed")).nInit(state.integer("nInit"))
                .iterations(state.integer("maxIter"), state.number("tol"));
        km.centres = state.matrix("centres");
        km.labels = state.ints("labels");
        double[] inertia = state.doubles("inertia");
        if (km.centres.length != km.k || inertia.length != 1) {
            throw new IllegalArgumentException(state.path() + ": " + km.centres.length + " centres saved for k = " + km.k);
        }
        for (int l : km.labels) {
            if (l < 0 || l >= km.k) throw new IllegalArgumentException(state.path() + ": label " + l + " is not one of the " + km.k + " clusters");
        }
        km.inertia = inertia[0];
        km.iterations = state.integer("iterations");
        return km;
    }

    @Override
    public String toString() {
        return "KMeans(k=" + k + ")";
    }
}
