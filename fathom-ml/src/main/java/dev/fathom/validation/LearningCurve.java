package dev.fathom.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores against training-set size, as scikit-learn's {@code learning_curve}: for each size, the
 * mean and population standard deviation over the folds of the score on the rows trained on and
 * on the held-out rows. Arrays are parallel: entry i of every accessor belongs to
 * {@code sizes()[i]}. A wide, lasting gap between the two curves says the model over-fits (more
 * data or regularization helps); two low curves that meet say it under-fits (more capacity helps).
 *
 * <pre>{@code
 * LearningCurve c = Validation.learningCurve(() -> new KNeighborsClassifier(5), x, y, new StratifiedKFold(5),
 *         0.1, 0.325, 0.55, 0.775, 1.0);
 * for (int i = 0; i < c.sizes().length; i++) {
 *     System.out.printf("%d rows: train %.3f, validation %.3f ± %.3f%n",
 *             c.sizes()[i], c.trainMean()[i], c.validationMean()[i], c.validationStd()[i]);
 * }
 * }</pre>
 */
public final class LearningCurve {
    private final String estimator;
    private final String scoring;
    private final int[] sizes;
    private final double[][] train;       // [size][fold]
    private final double[][] validation;  // [size][fold]
    private final double[][] fitTimes;    // [size][fold]

    LearningCurve(String estimator, String scoring, int[] sizes, double[][] train, double[][] validation, double[][] fitTimes) {
        this.estimator = estimator;
        this.scoring = scoring;
        this.sizes = sizes;
        this.train = train;
        this.validation = validation;
        this.fitTimes = fitTimes;
    }

    /** The scorer's name, e.g. {@code "accuracy"}. */
    public String scoring() {
        return scoring;
    }

    /** The numbers of training rows, ascending (a copy). */
    public int[] sizes() {
        return sizes.clone();
    }

    /** The mean score on the training rows, per size. */
    public double[] trainMean() {
        return column(train, 0);
    }

    /** The population standard deviation over folds of the training score, per size. */
    public double[] trainStd() {
        return column(train, 1);
    }

    /** The mean score on the held-out rows, per size. */
    public double[] validationMean() {
        return column(validation, 0);
    }

    /** The population standard deviation over folds of the held-out score, per size. */
    public double[] validationStd() {
        return column(validation, 1);
    }

    /** The mean fit time in seconds, per size. */
    public double[] fitTimeMean() {
        return column(fitTimes, 0);
    }

    /** Every training score, {@code [size][fold]} (a copy). */
    public double[][] trainScores() {
        return copy(train);
    }

    /** Every held-out score, {@code [size][fold]} (a copy). */
    public double[][] validationScores() {
        return copy(validation);
    }

    private static double[] column(double[][] scores, int which) {
        double[] out = new double[scores.length];
        for (int i = 0; i < scores.length; i++) out[i] = FoldRunner.meanStd(scores[i])[which];
        return out;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }

    /** A table: one row per size with the training and validation mean ± std. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"train rows", "train " + scoring, "validation " + scoring, "fit s"});
        double[] tm = trainMean(), ts = trainStd(), vm = validationMean(), vs = validationStd(), ft = fitTimeMean();
        for (int i = 0; i < sizes.length; i++) {
            rows.add(new String[] {Integer.toString(sizes[i]), CrossValidationResult.num(tm[i]) + " ± " + CrossValidationResult.num(ts[i]),
                CrossValidationResult.num(vm[i]) + " ± " + CrossValidationResult.num(vs[i]), String.format(Locale.ROOT, "%.3f", ft[i])});
        }
        return "learning curve of " + estimator + " (" + (train.length == 0 ? 0 : train[0].length) + " folds)\n" + Tables.aligned(rows);
    }
}
