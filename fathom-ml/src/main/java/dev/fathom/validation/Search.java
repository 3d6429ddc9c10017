package dev.fathom.validation;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What {@link GridSearch} and {@link RandomSearch} share: a factory that builds an estimator from
 * {@link Params}, the cross-validation that scores each configuration, and the refit of the best
 * one on all the data. Every (configuration, fold) pair is one job on a pool of up to
 * {@code cores} threads, so a search keeps the cores busy even when there are fewer folds than
 * cores.
 *
 * <p>Before any training, the factory is called once per configuration on the calling thread, so a
 * factory that asks for a parameter the search does not set fails then, naming the closest one. A
 * parameter the factory never reads fails the first fit that leaves it unread (a network's factory
 * reads its parameters only when fit builds the model), naming it and the closest name read.
 *
 * <pre>{@code
 * SearchResult r = new GridSearch(p -> new KNeighborsClassifier(p.getInt("k")), new ParameterGrid().add("k", 1, 3, 5, 9))
 *         .cv(new StratifiedKFold(5)).scoring("f1_macro").threads(2)
 *         .fit(x, y);
 * }</pre>
 *
 * @param <S> the search's own type, returned by the setters
 */
public abstract sealed class Search<S extends Search<S>> permits GridSearch, RandomSearch {
    private final Function<Params, ? extends Estimator> factory;
    private Splitter cv;            // null: 5-fold, stratified for classifiers
    private Scorer scorer;          // null: accuracy or R²
    private boolean trainScore;
    private boolean refit = true;
    private int threads;

    Search(Function<Params, ? extends Estimator> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    /** Scores each configuration over the folds of {@code splitter}; default {@code StratifiedKFold(5)} for classifiers, {@code KFold(5)} otherwise. */
    public S cv(Splitter splitter) {
        this.cv = Objects.requireNonNull(splitter, "splitter");
        return self();
    }

    /** Scores with the named scorer (see {@link Scorer}); the best configuration has the highest mean. */
    public S scoring(String name) {
        this.scorer = Scorer.of(name);
        return self();
    }

    /** Scores with {@code scorer}. */
    public S scoring(Scorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        return self();
    }

    /** Also records the mean training score of each configuration (default false). */
    public S returnTrainScore(boolean yes) {
        this.trainScore = yes;
        return self();
    }

    /** Whether to fit the best configuration on all the data for {@link SearchResult#best()} (default true). */
    public S refit(boolean yes) {
        this.refit = yes;
        return self();
    }

    /** Runs at most {@code n} fits at once (1: one after another); default 0, as many as cores. */
    public S threads(int n) {
        if (n < 0) throw new IllegalArgumentException(name() + ".threads must be >= 1 (or 0 for automatic), got " + n);
        this.threads = n;
        return self();
    }

    /** The search's name in messages and tables. */
    abstract String name();

    /** The configurations to try, in order. */
    abstract List<Params> candidates();

    /**
     * Cross-validates every configuration on {@code x, y} and refits the best on all of it.
     *
     * @throws IllegalArgumentException before any training for an empty search space, a parameter
     *     the factory does not read or asks for in vain, a scorer that does not fit, or a
     *     stratifying splitter with a regressor
     */
    public SearchResult fit(Tensor x, Tensor y) {
        String who = name();
        FoldRunner.checkData(who, x, y);
        List<Params> params = candidates();
        List<Estimator> probes = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) probes.add(build(who, params.get(i), i));
        Estimator probe = probes.getFirst();
        if (build(who, params.getFirst(), 0) == probe) {
            throw new IllegalArgumentException(who + ": the factory returned the same " + probe + " twice for " + params.getFirst()
                    + "; it must make a new estimator per call, so that folds do not share a model");
        }
        for (int i = 1; i < probes.size(); i++) {
            if (probes.get(i).isClassifier() != probe.isClassifier()) {
                throw new IllegalArgumentException(who + ": the factory made a " + kind(probe) + " for " + params.getFirst() + " but a "
                        + kind(probes.get(i)) + " for " + params.get(i) + "; one search compares estimators of one kind");
            }
        }
        Scorer s = scorer != null ? scorer : Scorer.defaultFor(probe);
        for (Estimator e : probes) s.check(e);
        Splitter splitter = cv != null ? cv : probe.isClassifier() ? new StratifiedKFold(5) : new KFold(5);
        List<Fold> folds = FoldRunner.folds(who, splitter, probe, x, y);

        List<FoldRunner.Job<FoldRunner.Outcome>> jobs = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Params p = params.get(i);
            int candidate = i;
            for (Fold f : folds) {
                jobs.add(new FoldRunner.Job<>("configuration " + i + " " + p + ", fold " + f.index(), () -> {
                    FoldRunner.Outcome o = FoldRunner.fitAndScore(build(who, p, candidate), f, f.trainSize(), x, y, s, trainScore);
                    // A network's factory reads its parameters when fit builds the model, so unread names show only now.
                    p.checkAllRead();
                    return o;
                }));
            }
        }
        List<FoldRunner.Outcome> outcomes = FoldRunner.run(who, jobs, FoldRunner.threads(threads, jobs.size(), x, y));

        int k = folds.size();
        double[] means = new double[params.size()];
        double[][] test = new double[params.size()][k];
        double[] trainMeans = new double[params.size()];
        double[] fitMeans = new double[params.size()];
        for (int i = 0; i < params.size(); i++) {
            double[] train = new double[k];
            double[] fit = new double[k];
            for (int j = 0; j < k; j++) {
                FoldRunner.Outcome o = outcomes.get(i * k + j);
                test[i][j] = o.test();
                train[j] = o.train();
                fit[j] = o.fitSeconds();
            }
            means[i] = FoldRunner.meanStd(test[i])[0];
            trainMeans[i] = trainScore ? FoldRunner.meanStd(train)[0] : Double.NaN;
            fitMeans[i] = FoldRunner.meanStd(fit)[0];
        }
        int[] ranks = SearchResult.ranks(means);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            candidates.add(new Candidate(i, params.get(i), ranks[i], means[i], FoldRunner.meanStd(test[i])[1], test[i], trainMeans[i],
                    fitMeans[i]));
        }
        Estimator refitted = null;
        double refitSeconds = 0;
        if (refit) {
            Candidate best = candidates.stream().filter(c -> c.rank() == 1).findFirst().orElseThrow();
            refitted = build(who, best.params(), best.index());
            long t0 = System.nanoTime();
            refitted.fit(x, y);
            refitSeconds = (System.nanoTime() - t0) / 1e9;
        }
        return new SearchResult(who, s, k, candidates, refitted, refitSeconds);
    }

    /** The factory's estimator for {@code p}, checked: not null, and every parameter read. */
    private Estimator build(String who, Params p, int index) {
        Estimator e;
        try {
            e = factory.apply(p);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(who + ": the factory failed on configuration " + index + " " + p + ": " + ex.getMessage(), ex);
        }
        if (e == null) throw new IllegalArgumentException(who + ": the factory returned null for " + p + "; it must return a new estimator");
        return e;
    }

    private static String kind(Estimator e) {
        return (e.isClassifier() ? "classifier " : "regressor ") + e;
    }
}
