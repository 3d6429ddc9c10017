package dev.fathom.validation;

import dev.fathom.data.split.Fold;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a cross-validation: each fold's test score (and training score when asked for),
 * fit and score times, and their mean and standard deviation. The standard deviation is the
 * population one (divided by the number of folds), as NumPy's {@code np.std} that scikit-learn
 * users apply to {@code cross_val_score}; {@link #sampleStd()} divides by folds − 1 instead.
 * Scores are higher-is-better (an error scorer gives negated errors; see {@link Scorer#metric}).
 *
 * <pre>{@code
 * CrossValidationResult cv = Validation.crossValidate(() -> new KNeighborsClassifier(5), x, y, new StratifiedKFold(5));
 * cv.testScores();        // [0.967, 1.0, 0.933, 0.967, 1.0]
 * cv.mean();              // 0.973
 * cv.std();               // 0.025 (population, as np.std)
 * System.out.println(cv); // a table: one row per fold, then mean ± std
 * }</pre>
 */
public final class CrossValidationResult {
    private final String estimator;
    private final Scorer scorer;
    private final List<Fold> folds;
    private final double[] test;
    private final double[] train;   // null unless asked for
    private final double[] fitTimes;
    private final double[] scoreTimes;
    private double[][] outOfFold;   // null unless kept

    /** Gathers the folds' kept test predictions into one row per sample (NaN for samples no fold tests). */
    CrossValidationResult withOutOfFold(List<FoldRunner.Outcome> outcomes, int samples) {
        if (outcomes.isEmpty() || outcomes.getFirst().predictions() == null) return this;
        double[][] rows = new double[samples][];
        int width = 0;
        for (int k = 0; k < outcomes.size(); k++) {
            int[] test = folds.get(k).testIndices();
            double[][] p = outcomes.get(k).predictions();
            for (int r = 0; r < test.length; r++) {
                rows[test[r]] = p[r];
                width = p[r].length;
            }
        }
        for (int i = 0; i < samples; i++) {
            if (rows[i] == null) {
                rows[i] = new double[width];
                java.util.Arrays.fill(rows[i], Double.NaN);
            }
        }
        outOfFold = rows;
        return this;
    }

    /**
     * The out-of-fold predictions, one row per sample: class probabilities for a classifier, the
     * predicted values for a regressor, each from the fold model that did not train on the sample
     * (NaN where no fold tests it). Kept only when asked for ({@link CrossValidator#keepPredictions}).
     *
     * @throws IllegalStateException when they were not kept
     */
    public double[][] outOfFold() {
        if (outOfFold == null) throw new IllegalStateException("the out-of-fold predictions were not kept; run the"
                + " CrossValidator with keepPredictions(true)");
        return outOfFold;
    }

    CrossValidationResult(String estimator, Scorer scorer, List<Fold> folds, List<FoldRunner.Outcome> outcomes, boolean withTrain) {
        this.estimator = estimator;
        this.scorer = scorer;
        this.folds = List.copyOf(folds);
        int k = outcomes.size();
        test = new double[k];
        train = withTrain ? new double[k] : null;
        fitTimes = new double[k];
        scoreTimes = new double[k];
        for (int i = 0; i < k; i++) {
            FoldRunner.Outcome o = outcomes.get(i);
            test[i] = o.test();
            if (withTrain) train[i] = o.train();
            fitTimes[i] = o.fitSeconds();
            scoreTimes[i] = o.scoreSeconds();
        }
    }

    /** The scorer's name, e.g. {@code "accuracy"}. */
    public String scoring() {
        return scorer.name();
    }

    /** The scorer itself, to turn scores back into metric values ({@link Scorer#metric}). */
    public Scorer scorer() {
        return scorer;
    }

    /** The folds, in order: which rows each trained and was tested on. */
    public List<Fold> folds() {
        return folds;
    }

    /** The test score of each fold (a copy): scikit-learn's {@code cross_val_score}. */
    public double[] testScores() {
        return test.clone();
    }

    /** Whether training scores were computed ({@code returnTrainScore}). */
    public boolean hasTrainScores() {
        return train != null;
    }

    /**
     * The score of each fold's model on its own training rows (a copy).
     *
     * @throws IllegalStateException when they were not asked for
     */
    public double[] trainScores() {
        if (train == null) {
            throw new IllegalStateException("training scores were not computed; ask for them with"
                    + " new CrossValidator(splitter).returnTrainScore(true)");
        }
        return train.clone();
    }

    /**
     * The seconds each fold's fit took (a copy): {@code Estimator.fit(x, y, rows)}, so for an
     * estimator that copies its rows (every one but the networks) the copy is included.
     */
    public double[] fitTimes() {
        return fitTimes.clone();
    }

    /** The seconds each fold's test scoring took (a copy). */
    public double[] scoreTimes() {
        return scoreTimes.clone();
    }

    /** The mean test score. */
    public double mean() {
        return FoldRunner.meanStd(test)[0];
    }

    /** The population standard deviation of the test scores (ddof = 0, as {@code np.std}). */
    public double std() {
        return FoldRunner.meanStd(test)[1];
    }

    /** The sample standard deviation of the test scores (ddof = 1, as pandas' {@code Series.std}); 0 for one fold. */
    public double sampleStd() {
        int k = test.length;
        return k < 2 ? 0 : std() * Math.sqrt((double) k / (k - 1));
    }

    /** The mean training score. @throws IllegalStateException when training scores were not computed */
    public double trainMean() {
        return FoldRunner.meanStd(trainScores())[0];
    }

    /** The population standard deviation of the training scores. */
    public double trainStd() {
        return FoldRunner.meanStd(trainScores())[1];
    }

    /** The mean fit time in seconds. */
    public double meanFitTime() {
        return FoldRunner.meanStd(fitTimes)[0];
    }

    /** A table: one row per fold (rows, score, fit seconds), then the mean ± std. */
    @Override
    public String toString() {
        List<String[]> rows = new ArrayList<>();
        rows.add(train == null ? new String[] {"fold", "train rows", "test rows", scorer.name(), "fit s"}
                : new String[] {"fold", "train rows", "test rows", scorer.name(), "train " + scorer.name(), "fit s"});
        for (int i = 0; i < test.length; i++) {
            Fold f = folds.get(i);
            List<String> r = new ArrayList<>(List.of(Integer.toString(i), Integer.toString(f.trainSize()),
                    Integer.toString(f.testSize()), num(test[i])));
            if (train != null) r.add(num(train[i]));
            r.add(String.format(Locale.ROOT, "%.3f", fitTimes[i]));
            rows.add(r.toArray(String[]::new));
        }
        List<String> last = new ArrayList<>(List.of("mean", "", "", num(mean()) + " ± " + num(std())));
        if (train != null) last.add(num(trainMean()) + " ± " + num(trainStd()));
        last.add(String.format(Locale.ROOT, "%.3f", meanFitTime()));
        rows.add(last.toArray(String[]::new));
        return "cross-validation of " + estimator + " (" + test.length + " folds, " + scorer.name()
                + "; ± is the population std, as np.std)\n" + Tables.aligned(rows);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
