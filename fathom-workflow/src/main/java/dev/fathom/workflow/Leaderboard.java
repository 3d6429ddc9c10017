package dev.fathom.workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Every model cross-validated on the training split, best first, with the score used (accuracy,
 * balanced accuracy or R², higher is better). Ties keep the order the models were tried in, so
 * the simpler model wins a tie.
 *
 * <pre>{@code
 * Leaderboard board = result.leaderboard();
 * System.out.println(board);              // rank, model, mean ± std, fold scores, seconds per fold
 * board.best().name();                    // "MLP 128-64"
 * }</pre>
 */
public final class Leaderboard {
    private final String scoring;
    private final List<LeaderboardEntry> ranked;

    /** Ranks {@code entries} by mean score, best first (stable: earlier entries win ties). */
    public Leaderboard(String scoring, List<LeaderboardEntry> entries) {
        this.scoring = scoring;
        List<LeaderboardEntry> sorted = new ArrayList<>(entries);
        // Means that differ only by rounding (the same fold scores summed in another order) are a tie; failures come last.
        sorted.sort(Comparator.comparing((LeaderboardEntry e) -> !e.evaluated())
                .thenComparing(Comparator.comparingDouble((LeaderboardEntry e) -> Math.rint(e.mean() * 1e9)).reversed()));
        this.ranked = List.copyOf(sorted);
    }

    /** The scorer's name, e.g. {@code "accuracy"}. */
    public String scoring() {
        return scoring;
    }

    /** The entries, best first. */
    public List<LeaderboardEntry> ranked() {
        return ranked;
    }

    /** The best evaluated entry (the first, when none was). @throws IllegalStateException when the board is empty */
    public LeaderboardEntry best() {
        if (ranked.isEmpty()) throw new IllegalStateException("the leaderboard is empty: no model was evaluated");
        return ranked.getFirst();
    }

    /** The entries that were evaluated, best first (those that failed left out). */
    public List<LeaderboardEntry> evaluated() {
        return ranked.stream().filter(LeaderboardEntry::evaluated).toList();
    }

    /** The entry named {@code name}, or null. */
    public LeaderboardEntry entry(String name) {
        for (LeaderboardEntry e : ranked) if (e.name().equals(name)) return e;
        return null;
    }

    /** The number of entries. */
    public int size() {
        return ranked.size();
    }

    /**
     * The rows of {@link #toString()}: rank, model, stage, mean, std, fold scores, seconds per fold;
     * for a model that failed, "failed" as its mean and the reason in place of its fold scores.
     */
    public List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            LeaderboardEntry e = ranked.get(i);
            if (!e.evaluated()) {
                // No score to show: the reason takes the fold scores' place.
                rows.add(List.of(i + 1, e.name(), e.stage(), "failed", "", e.failure(), ""));
                continue;
            }
            StringBuilder folds = new StringBuilder();
            for (double s : e.foldScores()) folds.append(folds.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.4f", s));
            rows.add(List.of(i + 1, e.name(), e.stage(), round(e.mean()), round(e.std()), folds.toString(), round(e.fitSeconds())));
        }
        return rows;
    }

    /** The column names of {@link #rows()}. */
    public List<String> header() {
        return List.of("rank", "model", "stage", "mean " + scoring, "std", "fold scores", "s per fold");
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    /** An aligned table, best first. */
    @Override
    public String toString() {
        int w = "model".length();
        for (LeaderboardEntry e : ranked) w = Math.max(w, e.name().length());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%4s  %-" + w + "s  %-10s  %8s  %7s  %10s%n", "rank", "model", "stage",
                "mean", "std", "s per fold"));
        for (int i = 0; i < ranked.size(); i++) {
            LeaderboardEntry e = ranked.get(i);
            if (!e.evaluated()) {
                sb.append(String.format(Locale.ROOT, "%4d  %-" + w + "s  %-10s  failed: %s%n", i + 1, e.name(), e.stage(), e.failure()));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%4d  %-" + w + "s  %-10s  %8.4f  %7.4f  %10.2f%n", i + 1, e.name(), e.stage(), e.mean(), e.std(),
                    e.fitSeconds()));
        }
        return sb.toString();
    }
}
