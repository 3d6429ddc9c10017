package dev.fathom.validation;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Cross-validation with its options: the splitter, the scorer (accuracy for classifiers and R²
 * for regressors unless named), whether to score the training rows too, and how many folds run
 * at once. Each fold gets a fresh estimator from the factory, so no fold sees another's weights;
 * by default all folds run at once, one thread each (up to four per core, fewer when the heap is
 * short), and the scores are the same whatever the thread count. {@link Validation} has the one-line forms.
 *
 * <pre>{@code
 * CrossValidationResult cv = new CrossValidator(new StratifiedKFold(5))
 *         .scoring("f1_macro")
 *         .returnTrainScore(true)
 *         .run(() -> new KNeighborsClassifier(5), x, y);
 * System.out.println(cv);
 * LearningCurve curve = new CrossValidator(new KFold(5)).learningCurve(LinearRegression::new, x, y, 0.1, 0.5, 1.0);
 * }</pre>
 */
public final class CrossValidator {
    private final Splitter splitter;
    private Scorer scorer;          // null: the estimator's default
    private boolean trainScore;
    private boolean keepPredictions;
    private int threads;            // 0: automatic

    /** Cross-validation over the folds of {@code splitter}. */
    public CrossValidator(Splitter splitter) {
        this.splitter = Objects.requireNonNull(splitter, "splitter");
    }

    /** Scores with the named scorer (see {@link Scorer}), e.g. {@code "f1_macro"} or {@code "neg_rmse"}. */
    public CrossValidator scoring(String name) {
        scorer = Scorer.of(name);
        return this;
    }

    /** Scores with {@code scorer}; null returns to the default (accuracy or R²). */
    public CrossValidator scoring(Scorer scorer) {
        this.scorer = scorer;
        return this;
    }

    /**
     * Keeps each fold's predictions of its test rows (default false): {@link CrossValidationResult#outOfFold()},
     * the out-of-fold predictions ensemble selection and stacking learn from. Returns this.
     */
    public CrossValidator keepPredictions(boolean yes) {
        keepPredictions = yes;
        return this;
    }

    /** Also scores each fold's model on its training rows (default false), to see over-fitting. */
    public CrossValidator returnTrainScore(boolean yes) {
        trainScore = yes;
        return this;
    }

    /**
     * Runs at most {@code n} folds at once; 1 runs them one after another on the calling thread.
     * The default (0) runs every fold at once (up to four per core), fewer when the free heap is short: equal folds
     * sharing the cores finish together, where one thread per core would leave the last fold
     * running alone. When the folds fill the cores, each fold's kernels stay on its own thread.
     */
    public CrossValidator threads(int n) {
        if (n < 0) throw new IllegalArgumentException("CrossValidator.threads must be >= 1 (or 0 for automatic), got " + n);
        threads = n;
        return this;
    }

    /** The splitter. */
    public Splitter splitter() {
        return splitter;
    }

    /**
     * Fits a fresh estimator from {@code factory} on each fold's training rows and scores it on the
     * fold's test rows.
     *
     * @throws IllegalArgumentException before any training when x and y differ in samples, the
     *     scorer does not fit the estimator, or the splitter needs class labels and the estimator
     *     is a regressor; during training, prefixed with the fold, when an estimator refuses its data
     */
    public CrossValidationResult run(Supplier<? extends Estimator> factory, Tensor x, Tensor y) {
        String who = "crossValidate";
        Estimator probe = probe(who, factory);
        Scorer s = scorerFor(probe);
        List<Fold> folds = FoldRunner.folds(who, splitter, probe, x, y);
        List<FoldRunner.Job<FoldRunner.Outcome>> jobs = new ArrayList<>();
        for (Fold f : folds) {
            jobs.add(new FoldRunner.Job<>("fold " + f.index(), () ->
                    FoldRunner.fitAndScore(fresh(who, factory), f, f.trainSize(), x, y, s, trainScore, keepPredictions)));
        }
        List<FoldRunner.Outcome> outcomes = FoldRunner.run(who, jobs, FoldRunner.threads(threads, jobs.size(), x, y));
        return new CrossValidationResult(probe.toString(), s, folds, outcomes, trainScore).withOutOfFold(outcomes, x.shape(0));
    }

    /**
     * Scores against the number of training samples: for each size, a fresh estimator is fitted
     * on the first {@code size} rows of each fold's training set, and scored on those rows and on
     * the fold's test rows, as scikit-learn's {@code learning_curve}.
     *
     * @param sizes fractions in (0, 1] of the first fold's training set, or whole numbers of rows
     *     greater than 1; rounded down, at least 1 row, repeats dropped, ascending
     * @throws IllegalArgumentException for no sizes, a size that is not positive, or a size larger
     *     than the smallest training fold
     */
    public LearningCurve learningCurve(Supplier<? extends Estimator> factory, Tensor x, Tensor y, double... sizes) {
        String who = "learningCurve";
        Estimator probe = probe(who, factory);
        Scorer s = scorerFor(probe);
        List<Fold> folds = FoldRunner.folds(who, splitter, probe, x, y);
        int[] rows = absoluteSizes(who, sizes, folds);
        List<FoldRunner.Job<FoldRunner.Outcome>> jobs = new ArrayList<>();
        for (int n : rows) {
            for (Fold f : folds) {
                jobs.add(new FoldRunner.Job<>(n + " training rows, fold " + f.index(), () ->
                        FoldRunner.fitAndScore(fresh(who, factory), f, n, x, y, s, true)));
            }
        }
        List<FoldRunner.Outcome> outcomes = FoldRunner.run(who, jobs, FoldRunner.threads(threads, jobs.size(), x, y));
        int k = folds.size();
        double[][] train = new double[rows.length][k];
        double[][] validation = new double[rows.length][k];
        double[][] fit = new double[rows.length][k];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < k; j++) {
                FoldRunner.Outcome o = outcomes.get(i * k + j);
                train[i][j] = o.train();
                validation[i][j] = o.test();
                fit[i][j] = o.fitSeconds();
            }
        }
        return new LearningCurve(probe.toString(), s.name(), rows, train, validation, fit);
    }

    /** Sizes as rows, as scikit-learn: fractions of the first training fold, floored; repeats dropped. */
    static int[] absoluteSizes(String who, double[] sizes, List<Fold> folds) {
        if (sizes == null || sizes.length == 0) {
            throw new IllegalArgumentException(who + ": no training sizes; give fractions such as 0.1, 0.325, 0.55, 0.775, 1.0");
        }
        int max = folds.getFirst().trainSize();
        int smallest = folds.stream().mapToInt(Fold::trainSize).min().orElseThrow();
        TreeSet<Integer> out = new TreeSet<>();
        for (double s : sizes) {
            if (!(s > 0) || (s > 1 && s != Math.rint(s))) {
                throw new IllegalArgumentException(who + ": training size " + s + " is neither a fraction in (0, 1] nor a whole"
                        + " number of rows; sizes are fractions of the training fold (0.5) or row counts (100)");
            }
            int n = s <= 1 ? Math.max(1, (int) (s * max)) : (int) s;
            if (n > smallest) {
                throw new IllegalArgumentException(who + ": training size " + Params.show(s) + " means " + n + " rows, but the"
                        + " smallest training fold has " + smallest + "; use at most " + smallest + " rows or a fraction");
            }
            out.add(n);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The scorer to use for {@code probe}, checked against it. */
    Scorer scorerFor(Estimator probe) {
        Scorer s = scorer != null ? scorer : Scorer.defaultFor(probe);
        s.check(probe);
        return s;
    }

    boolean trainScore() {
        return trainScore;
    }

    int threads() {
        return threads;
    }

    /**
     * One estimator from the factory, to learn its kind before any training; a factory that hands
     * out the same instance twice would let parallel folds train one model at once, so it is refused.
     */
    static Estimator probe(String who, Supplier<? extends Estimator> factory) {
        Estimator first = fresh(who, factory);
        if (fresh(who, factory) == first) {
            throw new IllegalArgumentException(who + ": the estimator factory returned the same " + first + " twice; it must"
                    + " make a new one per call, e.g. () -> new KNeighborsClassifier(5), so that folds do not share a model");
        }
        return first;
    }

    static Estimator fresh(String who, Supplier<? extends Estimator> factory) {
        if (factory == null) throw new IllegalArgumentException(who + ": the estimator factory is null");
        Estimator e = factory.get();
        if (e == null) throw new IllegalArgumentException(who + ": the estimator factory returned null; it must return a new estimator");
        return e;
    }

    @Override
    public String toString() {
        return "CrossValidator(" + splitter + (scorer != null ? ", scoring=" + scorer.name() : "") + (trainScore ? ", train scores" : "")
                + (threads > 0 ? ", threads=" + threads : "") + ")";
    }
}
