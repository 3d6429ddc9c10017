package dev.fathom.validation;

import dev.fathom.estimators.Estimator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link GridSearch} or {@link RandomSearch} found: every configuration with its
 * cross-validated scores, ranked by mean score, and the best configuration refitted on all the data
 * it was given (scikit-learn's {@code best_estimator_}, {@code best_params_}, {@code best_score_},
 * {@code cv_results_}). Printed, it is a table sorted by rank.
 *
 * <pre>{@code
 * SearchResult r = new GridSearch(p -> new KNeighborsClassifier(p.getInt("k")), new ParameterGrid().add("k", 1, 5, 15))
 *         .fit(x, y);
 * r.bestParams();       // {k=5}
 * r.bestScore();        // its mean accuracy over the folds
 * r.best().predict(xNew);
 * System.out.println(r);
 * }</pre>
 */
public final class SearchResult {
    private final String search;
    private final Scorer scorer;
    private final int folds;
    private final List<Candidate> candidates;
    private final Candidate best;
    private final Estimator refitted;   // null when refit was off
    private final double refitSeconds;

    SearchResult(String search, Scorer scorer, int folds, List<Candidate> candidates, Estimator refitted, double refitSeconds) {
        this.search = search;
        this.scorer = scorer;
        this.folds = folds;
        this.candidates = List.copyOf(candidates);
        this.best = this.candidates.stream().min(RANKED).orElseThrow();
        this.refitted = refitted;
        this.refitSeconds = refitSeconds;
    }

    /** Best rank first; among equal ranks, the configuration tried first. */
    private static final Comparator<Candidate> RANKED = Comparator.comparingInt(Candidate::rank).thenComparingInt(Candidate::index);

    /** Ranks: 1 + the number of configurations with a strictly higher mean score (NaN ranks last). */
    static int[] ranks(double[] means) {
        int[] rank = new int[means.length];
        for (int i = 0; i < means.length; i++) {
            int higher = 0;
            for (double m : means) {
                if (Double.isNaN(means[i]) ? !Double.isNaN(m) : m > means[i]) higher++;
            }
            rank[i] = higher + 1;
        }
        return rank;
    }

    /** The scorer's name. */
    public String scoring() {
        return scorer.name();
    }

    /** Every configuration, in the order tried. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** Every configuration, best first. */
    public List<Candidate> ranked() {
        return candidates.stream().sorted(RANKED).toList();
    }

    /** The best configuration (rank 1; the first tried among equals). */
    public Candidate bestCandidate() {
        return best;
    }

    /** The best configuration's hyperparameters. */
    public Params bestParams() {
        return best.params();
    }

    /** The best configuration's mean cross-validated score. */
    public double bestScore() {
        return best.meanScore();
    }

    /** The best configuration's position in the order tried. */
    public int bestIndex() {
        return best.index();
    }

    /**
     * The best configuration's estimator, fitted on all the data the search was given.
     *
     * @throws IllegalStateException when the search ran with {@code refit(false)}
     */
    public Estimator best() {
        if (refitted == null) {
            throw new IllegalStateException(search + " ran with refit(false), so no estimator was fitted on all the data;"
                    + " build one from bestParams() and fit it, or search with refit(true)");
        }
        return refitted;
    }

    /** The seconds the refit on all the data took (0 without refit). */
    public double refitSeconds() {
        return refitSeconds;
    }

    /** A table sorted by rank: rank, each parameter, mean ± std score, mean fit time. */
    @Override
    public String toString() {
        List<String> names = new ArrayList<>(candidates.getFirst().params().names());
        for (Candidate c : candidates) for (String n : c.params().names()) if (!names.contains(n)) names.add(n);
        boolean train = candidates.stream().anyMatch(c -> !Double.isNaN(c.meanTrainScore()));
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("rank"));
        head.addAll(names);
        head.add(scorer.name());
        if (train) head.add("train");
        head.add("fit s");
        rows.add(head.toArray(String[]::new));
        for (Candidate c : ranked()) {
            List<String> r = new ArrayList<>(List.of(Integer.toString(c.rank())));
            for (String n : names) r.add(c.params().names().contains(n) ? Params.show(c.params().asMap().get(n)) : "");
            r.add(CrossValidationResult.num(c.meanScore()) + " ± " + CrossValidationResult.num(c.stdScore()));
            if (train) r.add(CrossValidationResult.num(c.meanTrainScore()));
            r.add(String.format(Locale.ROOT, "%.3f", c.meanFitTime()));
            rows.add(r.toArray(String[]::new));
        }
        return search + ": " + candidates.size() + " configurations × " + folds + " folds, " + scorer.name()
                + " (± is the population std over folds); best " + best.params() + "\n" + Tables.aligned(rows);
    }
}
