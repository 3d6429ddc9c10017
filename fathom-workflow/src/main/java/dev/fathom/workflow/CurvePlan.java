package dev.fathom.workflow;

import java.util.Locale;

/**
 * Whether, at which training-set sizes and on how many of the leaderboard's folds the report draws
 * the final model's learning curve (score against training-set size, cross-validated on the
 * leaderboard's folds), and the line that says why when it draws fewer sizes, fewer folds or none.
 * The curve refits the model once per fold and size, so its cost is estimated from the model's
 * measured seconds per fold (fit time grows about linearly with the rows) and held under
 * {@link #MAX_SECONDS}: four sizes on every fold when they fit, else three, else three on the
 * first folds that fit (at least {@link #MIN_FOLDS}); a slower model gets three sizes on
 * {@link #MIN_FOLDS} folds up to {@link #MAX_SECONDS_SLOW}, else none — never silently.
 *
 * <p>The seconds per fold are those the leaderboard shows, measured while the folds share the
 * cores, so the curve's refits (which share them too) take about {@code cost / folds at once ×
 * cores}: the 6 s allowed here are about a second on two cores with five folds.
 *
 * @param sizes the training-set sizes as fractions of the training split; empty when no curve is drawn
 * @param folds how many of the leaderboard's folds the curve uses (the first ones); 0 when no curve is drawn
 * @param note  why fewer sizes, fewer folds or no curve, one line for the console and the report; null when all are drawn
 */
record CurvePlan(double[] sizes, int folds, String note) {
    /** The refits' summed seconds per fold, as the leaderboard measures them, may come to about this many. */
    static final double MAX_SECONDS = 6;
    static final double[] SIZES = {0.25, 0.5, 0.75, 1.0};
    static final double[] FEW_SIZES = {0.2, 0.5, 1.0};
    /** What the smallest curve (3 sizes on {@link #MIN_FOLDS} folds) of a slow model may cost; past it, none is drawn. */
    static final double MAX_SECONDS_SLOW = 30;
    /** A curve on fewer folds has at least this many (a spread needs two). */
    static final int MIN_FOLDS = 2;

    /** Whether a curve is drawn. */
    boolean draws() {
        return sizes.length > 0;
    }

    /** The plan for {@code entry}, the final model's leaderboard entry. */
    static CurvePlan of(LeaderboardEntry entry) {
        int folds = entry.foldScores().length;
        if (folds < 2) {
            return new CurvePlan(new double[0], 0, "no learning curve over training-set sizes: " + entry.name() + " was not cross-validated"
                    + " (the run stopped before it), and the curve refits it on the same folds");
        }
        double perFold = entry.fitSeconds();
        if (cost(folds, perFold, SIZES) <= MAX_SECONDS) return new CurvePlan(SIZES.clone(), folds, null);
        if (cost(folds, perFold, FEW_SIZES) <= MAX_SECONDS) {
            return new CurvePlan(FEW_SIZES.clone(), folds, String.format(Locale.ROOT, "learning curve at 3 training-set sizes instead of 4:"
                    + " %s takes %.1f s per fold, and the curve may add about %.0f s", entry.name(), perFold, MAX_SECONDS));
        }
        int fewest = Math.min(MIN_FOLDS, folds);
        for (int some = folds - 1; some >= fewest; some--) {
            if (cost(some, perFold, FEW_SIZES) <= MAX_SECONDS) return onFirst(some, folds, entry, perFold, MAX_SECONDS);
        }
        // A slow model still gets the curve it had when the curve was allowed 30 s: on the fewest folds, at a higher cost.
        if (cost(fewest, perFold, FEW_SIZES) <= MAX_SECONDS_SLOW) {
            return onFirst(fewest, folds, entry, perFold, cost(fewest, perFold, FEW_SIZES));
        }
        return new CurvePlan(new double[0], 0, String.format(Locale.ROOT, "no learning curve over training-set sizes: %s takes %.1f s per"
                        + " fold, so even 3 sizes over %d folds would add about %.0f s (the curve may add %.0f s); the leaderboard's"
                        + " cross-validated score is the estimate of how it does on new rows", entry.name(), perFold, fewest,
                cost(fewest, perFold, FEW_SIZES), MAX_SECONDS_SLOW));
    }

    private static CurvePlan onFirst(int some, int folds, LeaderboardEntry entry, double perFold, double seconds) {
        return new CurvePlan(FEW_SIZES.clone(), some, String.format(Locale.ROOT, "learning curve at 3 training-set sizes on the first %d of"
                + " the %d folds: %s takes %.1f s per fold, and the curve may add about %.0f s", some, folds, entry.name(), perFold, seconds));
    }

    private static double cost(int folds, double perFold, double[] sizes) {
        double total = 0;
        for (double s : sizes) total += s;
        return folds * perFold * total;
    }
}
