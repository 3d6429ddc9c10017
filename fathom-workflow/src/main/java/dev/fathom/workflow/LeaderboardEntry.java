package dev.fathom.workflow;

import java.util.Locale;
import java.util.Objects;

/**
 * One model's cross-validated result on the training split.
 *
 * @param name        the model, e.g. "MLP 128-64" or "k-NN k=3 distance-weighted"
 * @param family      what kind of model: dummy, linear, k-NN, MLP, CNN, ensemble
 * @param stage       the step that produced it: "spot-check", "search" or "ensemble"
 * @param foldScores  the score on each fold, in fold order (the same folds for every model)
 * @param mean        the mean fold score
 * @param std         the population standard deviation of the fold scores (as {@code np.std})
 * @param fitSeconds  the mean time to fit one fold
 * @param failure     why the model could not be evaluated (one line), or null when it was
 */
public record LeaderboardEntry(String name, String family, String stage, double[] foldScores, double mean, double std, double fitSeconds,
                               String failure) {
    /** Checks every part is given. */
    public LeaderboardEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(stage, "stage");
        foldScores = foldScores.clone();
    }

    /** An evaluated model. */
    public LeaderboardEntry(String name, String family, String stage, double[] foldScores, double mean, double std, double fitSeconds) {
        this(name, family, stage, foldScores, mean, std, fitSeconds, null);
    }

    /** A model whose evaluation failed, listed with the reason: no scores, ranked last. */
    public static LeaderboardEntry failed(String name, String family, String stage, String reason) {
        return new LeaderboardEntry(name, family, stage, new double[0], Double.NaN, Double.NaN, 0, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the model was evaluated (no failure). */
    public boolean evaluated() {
        return failure == null;
    }

    /** The fold scores (a copy). */
    @Override
    public double[] foldScores() {
        return foldScores.clone();
    }

    /** E.g. {@code MLP 64: 0.9722 ± 0.0081 (1.9 s per fold)}, or {@code k-NN k=5: failed (reason)}. */
    @Override
    public String toString() {
        if (failure != null) return name + ": failed (" + failure + ")";
        return String.format(Locale.ROOT, "%s: %.4f ± %.4f (%.1f s per fold)", name, mean, std, fitSeconds);
    }
}
