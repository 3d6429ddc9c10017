package dev.fathom.validation;

import dev.fathom.data.split.Split;
import dev.fathom.estimators.Estimator;

import java.util.Locale;

/**
 * The outcome of a hold-out evaluation ({@link Validation#holdOut}): the estimator fitted on the
 * training part, its score on the held-out part and on the part it trained on, and the split
 * itself, so the same rows can be looked at again.
 *
 * <pre>{@code
 * HoldOutResult h = Validation.holdOut(new LogisticRegression(), x, y, 0.2, 42, true);
 * h.score();              // accuracy on the 20% held out, each class in its share
 * h.trainScore();         // accuracy on the 80% trained on: much higher means over-fitting
 * h.estimator().predict(xNew);
 * }</pre>
 */
public final class HoldOutResult {
    private final Estimator estimator;
    private final Scorer scorer;
    private final Split split;
    private final double score;
    private final double trainScore;
    private final double fitSeconds;

    HoldOutResult(Estimator estimator, Scorer scorer, Split split, double score, double trainScore, double fitSeconds) {
        this.estimator = estimator;
        this.scorer = scorer;
        this.split = split;
        this.score = score;
        this.trainScore = trainScore;
        this.fitSeconds = fitSeconds;
    }

    /** The estimator, fitted on the training part. */
    public Estimator estimator() {
        return estimator;
    }

    /** The scorer's name, e.g. {@code "accuracy"}. */
    public String scoring() {
        return scorer.name();
    }

    /** The score on the held-out rows (higher is better; see {@link Scorer#metric} for errors). */
    public double score() {
        return score;
    }

    /** The score on the training rows. */
    public double trainScore() {
        return trainScore;
    }

    /** The seconds the fit took. */
    public double fitSeconds() {
        return fitSeconds;
    }

    /** The split: {@code trainIndices()}, {@code testIndices()}, and the rows of any tensor. */
    public Split split() {
        return split;
    }

    /** {@code hold-out of LogisticRegression(C=1.0): accuracy 0.9737 on 114 test rows (train 0.9890 on 455 rows, fit 0.41 s)}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "hold-out of %s: %s %.4f on %d test rows (train %.4f on %d rows, fit %.2f s)", estimator,
                scorer.name(), score, split.testIndices().length, trainScore, split.trainIndices().length, fitSeconds);
    }
}
