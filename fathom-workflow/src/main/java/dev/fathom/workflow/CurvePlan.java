package dev.fathom.workflow;

import java.util.Locale;

/**
 * Whether, and at which training-set sizes, the report draws the final model's learning curve
 * (score against training-set size, cross-validated on the leaderboard's folds), and the line that
 * says why when it draws fewer sizes or none. The curve refits the model once per fold and size,
 * so its cost is estimated from the model's measured seconds per fold (fit time grows about
 * linearly with the rows) and held under {@link #MAX_SECONDS}: four sizes when they fit, three when
 * only those do, else none — never silently.
 *
 * @param sizes the training-set sizes as fractions of the training split; empty when no curve is drawn
 * @param note  why fewer sizes or no curve, one line for the console and the report; null when all four are drawn
 */
record CurvePlan(double[] sizes, String note) {
    /** The learning curve may add about this many seconds to a run. */
    static final double MAX_SECONDS = 30;
    static final double[] SIZES = {0.25, 0.5, 0.75, 1.0};
    static final double[] FEW_SIZES = {0.2, 0.5, 1.0};

    /** Whether a curve is drawn. */
    boolean draws() {
        return sizes.length > 0;
    }

    /** The plan for {@code entry}, the final model's leaderboard entry. */
    static CurvePlan of(LeaderboardEntry entry) {
        int folds = entry.foldScores().length;
        if (folds < 2) {
            return new CurvePlan(new double[0], "no learning curve over training-set sizes: " + entry.name() + " was not cross-validated"
                    + " (the run stopped before it), and the curve refits it on the same folds");
        }
        double perFold = entry.fitSeconds();
        if (cost(folds, perFold, SIZES) <= MAX_SECONDS) return new CurvePlan(SIZES.clone(), null);
        if (cost(folds, perFold, FEW_SIZES) <= MAX_SECONDS) {
            return new CurvePlan(FEW_SIZES.clone(), String.format(Locale.ROOT, "learning curve at 3 training-set sizes instead of 4:"
                    + " %s takes %.1f s per fold, and the curve may add about %.0f s", entry.name(), perFold, MAX_SECONDS));
        }
        return new CurvePlan(new double[0], String.format(Locale.ROOT, "no learning curve over training-set sizes: %s takes %.1f s per"
                        + " fold, so even 3 sizes over %d folds would add about %.0f s (the curve may add %.0f s); the leaderboard's"
                        + " cross-validated score is the estimate of how it does on new rows", entry.name(), perFold, folds,
                cost(folds, perFold, FEW_SIZES), MAX_SECONDS));
    }

    private static double cost(int folds, double perFold, double[] sizes) {
        double total = 0;
        for (double s : sizes) total += s;
        return folds * perFold * total;
    }
}
