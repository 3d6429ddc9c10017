package dev.fathom.workflow;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether the leaderboard's winner beats the runner-up by more than chance: the corrected
 * resampled paired t-test ({@link PairedTTest}) on their scores over the same folds, at
 * {@value #ALPHA}.
 *
 * <pre>{@code
 * Comparison c = result.comparison();
 * System.out.println(c.verdict());
 * // MLP 128-64 beats k-NN (k=5) by 0.0104 (p = 0.031 < 0.05): more than chance
 * }</pre>
 *
 * @param winner   the best model on the leaderboard
 * @param runnerUp the second best
 * @param test     the t-test of winner minus runner-up
 */
public record Comparison(LeaderboardEntry winner, LeaderboardEntry runnerUp, PairedTTest.Result test) {
    /** The significance level. */
    public static final double ALPHA = 0.05;

    /** Checks every part is given. */
    public Comparison {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(runnerUp, "runnerUp");
        Objects.requireNonNull(test, "test");
    }

    /** Whether the difference is significant at {@link #ALPHA}. */
    public boolean significant() {
        return test.significant(ALPHA);
    }

    /** One sentence: who beats whom, by how much, the p-value, and what follows. */
    public String verdict() {
        if (test.meanDifference() == 0) {
            return String.format(Locale.ROOT, "%s and %s score the same on average over the folds (difference 0): equally good on this"
                    + " data, so prefer the simpler or faster one if that matters", winner.name(), runnerUp.name());
        }
        String base = String.format(Locale.ROOT, "%s beats %s by %.4f on average over the folds (t = %.2f, p = %.3f)", winner.name(),
                runnerUp.name(), test.meanDifference(), test.t(), test.pValue());
        return base + (significant()
                ? String.format(Locale.ROOT, ": p < %.2f, more than chance", ALPHA)
                : String.format(Locale.ROOT, ": p >= %.2f, within chance; the two are equally good on this data, so prefer the simpler"
                        + " or faster one if that matters", ALPHA));
    }

    @Override
    public String toString() {
        return verdict();
    }
}
