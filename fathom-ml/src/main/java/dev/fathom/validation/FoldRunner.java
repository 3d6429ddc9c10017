package dev.fathom.validation;

import dev.fathom.backend.DeviceUnavailableException;

import dev.fathom.backend.Threads;
import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What cross-validation, learning curves and searches share: making the folds for the kind of
 * estimator, fitting and scoring one fold, and running many such jobs on a small thread pool.
 *
 * <p>Each job runs wholly on one pool thread. Fathom's kernels called from there find the kernel
 * pool busy (or their work too small) and run on that thread, so k folds keep k cores busy
 * without oversubscribing them; results do not depend on the thread count, because every job's
 * randomness comes from its own estimator's seeds and kernels split work only along axes that do
 * not change the order of sums.
 */
final class FoldRunner {
    private FoldRunner() {}

    /** One fold's scores and timings; {@code train} is NaN when not asked for. */
    record Outcome(double test, double train, double fitSeconds, double scoreSeconds, double[][] predictions) {
        Outcome(double test, double train, double fitSeconds, double scoreSeconds) {
            this(test, train, fitSeconds, scoreSeconds, null);
        }
    }

    /** One unit of work and what to call it in messages ("fold 2", "candidate 3 {k=5}, fold 2"). */
    record Job<T>(String label, Callable<T> work) {}

    /** Checks x and y describe the same samples. */
    static void checkData(String who, Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException(who + ": x and y must not be null");
        if (x.rank() < 1 || y.rank() < 1) {
            throw new IllegalArgumentException(who + ": x and y need samples on axis 0, got shapes " + Arrays.toString(x.shape())
                    + " and " + Arrays.toString(y.shape()));
        }
        if (x.shape(0) != y.shape(0)) {
            throw new IllegalArgumentException(who + ": x has " + x.shape(0) + " samples but y has " + y.shape(0)
                    + "; they must describe the same samples, in the same order");
        }
    }

    /**
     * The folds of the samples: stratified by y's classes for a classifier (when the splitter
     * stratifies), by count alone for a regressor.
     *
     * @throws IllegalArgumentException when a stratifying splitter is given a regressor's targets
     */
    static List<Fold> folds(String who, Splitter splitter, Estimator probe, Tensor x, Tensor y) {
        checkData(who, x, y);
        if (splitter == null) throw new IllegalArgumentException(who + ": the splitter is null; pass e.g. new KFold(5)");
        if (probe.isClassifier()) {
            Scorer.labels(y);   // whole class indices, checked with a message that names the sample
            return splitter.split(y);
        }
        String hint = "; use KFold (new KFold(5), or new KFold(5).shuffle(seed) when the rows are in a meaningful order),"
                + " or bin the target into classes and use a classifier";
        if (splitter instanceof StratifiedKFold) {
            throw new IllegalArgumentException(who + ": " + splitter + " stratifies by class labels, but " + probe
                    + " is a regressor whose targets are continuous (y[0] = " + first(y) + ")" + hint);
        }
        try {
            return splitter.split(x.shape(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ": " + splitter + " could not split the targets of regressor " + probe + ": "
                    + e.getMessage(), e);
        }
    }

    private static String first(Tensor y) {
        double v = y.reshape(-1).slice(0, 0, 1).toDoubleArray()[0];
        return Params.show(v);
    }

    /** Fits {@code estimator} on the fold's training rows (or the first {@code trainRows} of them) and scores it. */
    static Outcome fitAndScore(Estimator estimator, Fold fold, int trainRows, Tensor x, Tensor y, Scorer scorer, boolean trainScore) {
        return fitAndScore(estimator, fold, trainRows, x, y, scorer, trainScore, false);
    }

    /** As above; with {@code keepPredictions}, also the fold's test predictions ({@link CrossValidationResult#outOfFold}). */
    static Outcome fitAndScore(Estimator estimator, Fold fold, int trainRows, Tensor x, Tensor y, Scorer scorer, boolean trainScore,
                               boolean keepPredictions) {
        int[] train = fold.trainIndices();
        if (trainRows < train.length) train = Arrays.copyOf(train, trainRows);
        long t0 = System.nanoTime();
        estimator.fit(x, y, train);   // networks gather their batches from x: folds at once share one copy of the data
        long t1 = System.nanoTime();
        double test = scorer.score(estimator, fold.test(x), fold.test(y));
        long t2 = System.nanoTime();
        double trainValue = Double.NaN;
        if (trainScore) {
            Tensor index = Tensor.of(train, train.length);
            trainValue = scorer.score(estimator, x.indexSelect(0, index), y.indexSelect(0, index));
        }
        double[][] predictions = keepPredictions ? predictionRows(estimator, fold.test(x)) : null;
        return new Outcome(test, trainValue, (t1 - t0) / 1e9, (t2 - t1) / 1e9, predictions);
    }

    /** A classifier's probabilities or a regressor's predictions, one row of values per sample. */
    static double[][] predictionRows(Estimator estimator, Tensor x) {
        Tensor p = estimator instanceof dev.fathom.estimators.Classifier c && estimator.isClassifier() ? c.predictProba(x) : estimator.predict(x);
        int n = x.shape(0);
        int width = n == 0 ? 0 : p.size() / n;
        double[] flat = p.toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        return rows;
    }

    /**
     * The number of threads for {@code jobs} jobs on data {@code x, y}: {@code requested} when
     * positive, else one per job up to four per core ({@code Threads.count()}: the cores, or
     * {@code FATHOM_THREADS}) and one per core past that, capped so that each running job can hold
     * a copy of the data four times over in the free heap (a network's activations come on top of
     * its inputs).
     *
     * <p>One per job even past the cores: equal jobs sharing the cores finish together (5 folds on 2
     * cores in 2.5 fold-times), where a pool of one thread per core leaves the fifth fold alone on
     * one core at the end (3 fold-times). With many jobs (a search) that tail is a small part of the
     * whole, and one thread per core is enough.
     */
    static int threads(int requested, int jobs, Tensor x, Tensor y) {
        if (requested > 0) return Math.max(1, Math.min(requested, jobs));
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        long perJob = 4L * ((long) x.size() + y.size()) * 8;
        long byMemory = Math.max(1, free / Math.max(1, perJob));
        int cores = Threads.count();
        return (int) Math.max(1, Math.min(jobs <= 4 * cores ? jobs : cores, byMemory));
    }

    /**
     * Runs the jobs and returns their results in job order. One thread runs them one after another
     * on the calling thread; more run them on a pool. The first failure in job order is rethrown,
     * its message prefixed with the job's label, and the jobs not started yet are cancelled.
     */
    static <T> List<T> run(String who, List<Job<T>> jobs, int threads) {
        // With a job on every core, each job's kernels stay on its own thread (see Threads.serially).
        return Threads.runAll("fathom-cv", jobs.stream().map(j -> (Callable<T>) () -> call(who, j)).toList(), threads,
                threads >= Threads.count(), who + ": interrupted while waiting for the folds");
    }

    private static <T> T call(String who, Job<T> job) {
        try {
            return job.work().call();
        } catch (DeviceUnavailableException e) {
            throw e;   // how the JVM was started, not this input: passed on as its one line
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who + ", " + job.label() + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(who + ", " + job.label() + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(who + ", " + job.label() + ": " + e, e);
        }
    }

    /** Population mean and standard deviation (ddof = 0, as NumPy's {@code np.std}); NaN for no values. */
    static double[] meanStd(double[] v) {
        if (v.length == 0) return new double[] {Double.NaN, Double.NaN};
        double mean = 0;
        for (double d : v) mean += d;
        mean /= v.length;
        double sq = 0;
        for (double d : v) sq += (d - mean) * (d - mean);
        return new double[] {mean, Math.sqrt(sq / v.length)};
    }
}
