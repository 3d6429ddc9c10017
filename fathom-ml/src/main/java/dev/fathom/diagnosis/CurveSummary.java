package dev.fathom.diagnosis;

/**
 * The numbers a {@link Diagnoser} reads off one {@link EpochCurves}. Epochs are 0-based, as in
 * {@code History.epoch(i)} and {@code EarlyStopping.bestEpoch()}; the diagnosis text prints them
 * 1-based, as {@code fit} does. "Better" follows {@link EpochCurves#higherIsBetter()}; relative
 * changes divide by the magnitude of the earlier value. Values that need validation data are NaN
 * (epochs -1) without it.
 *
 * <pre>{@code
 * CurveSummary loss = Diagnosis.of(history).loss();
 * System.out.printf("best val_loss %.3f at epoch %d%n", loss.bestValidation(), loss.bestEpoch() + 1);
 * }</pre>
 *
 * @param name               the training key, e.g. {@code "loss"}
 * @param higherIsBetter     whether larger values are better
 * @param epochs             the number of epochs recorded
 * @param finiteEpochs       epochs before the first NaN or infinite value (all of them when none)
 * @param firstTrain         the first epoch's training value
 * @param finalTrain         the last finite training value
 * @param bestTrain          the best training value
 * @param bestTrainEpoch     the epoch of {@code bestTrain}
 * @param finalValidation    the last finite validation value
 * @param bestValidation     the best validation value
 * @param bestEpoch          the epoch of {@code bestValidation}
 * @param trainAtBest        the training value at {@code bestEpoch}
 * @param validationRise     how much worse validation ended than its best, relative to the best, from the
 *                           mean of up to 3 last epochs after the best (0 when the best is the last epoch)
 * @param gap                how much worse validation is than training at the end (positive: validation worse)
 * @param gapAtBest          the same at {@code bestEpoch}
 * @param trainTrend         relative improvement per epoch of the training values over the last
 *                           {@code trendWindow} epochs (least-squares slope over their mean): 0.03 = still
 *                           improving 3% per epoch, negative = getting worse
 * @param validationTrend    the same for validation
 * @param trendWindow        the epochs the trends span (the last fifth, at least 2); 0 with one epoch
 * @param trainGainSinceBest relative improvement of the training value from {@code bestEpoch} to the end
 * @param baseline           the baseline of this key, or {@code null}
 * @param trainSkill         {@link Baseline#skill} of {@code finalTrain}; NaN without a baseline
 * @param validationSkill    {@link Baseline#skill} of {@code bestValidation}; NaN without a baseline or validation
 */
public record CurveSummary(String name, boolean higherIsBetter, int epochs, int finiteEpochs,
        double firstTrain, double finalTrain, double bestTrain, int bestTrainEpoch,
        double finalValidation, double bestValidation, int bestEpoch, double trainAtBest,
        double validationRise, double gap, double gapAtBest,
        double trainTrend, double validationTrend, int trendWindow, double trainGainSinceBest,
        Baseline baseline, double trainSkill, double validationSkill) {

    /** The share of the last epochs the trends are measured over. */
    static final double TREND_FRACTION = 0.2;
    /** Epochs after the best whose mean measures the validation rise. */
    static final int RISE_EPOCHS = 3;

    /** Whether the curve has validation values. */
    public boolean hasValidation() {
        return bestEpoch >= 0;
    }

    /** The validation key, {@code "val_" + name}. */
    public String validationName() {
        return "val_" + name;
    }

    /** Whether some value is NaN or infinite. */
    public boolean hasNonFinite() {
        return finiteEpochs < epochs;
    }

    /** Epochs from the best validation epoch to the last finite one; -1 without validation. */
    public int epochsSinceBest() {
        return hasValidation() ? finiteEpochs - 1 - bestEpoch : -1;
    }

    /** Summarizes {@code curve}; {@code baseline} may be {@code null}. */
    static CurveSummary of(EpochCurves curve, Baseline baseline) {
        boolean up = curve.higherIsBetter();
        double[] t = curve.train();
        double[] v = curve.validation();
        int n = t.length;
        int finite = 0;
        while (finite < n && Double.isFinite(t[finite]) && (v == null || Double.isFinite(v[finite]))) finite++;
        if (finite == 0) {
            return new CurveSummary(curve.name(), up, n, 0, t[0], Double.NaN, Double.NaN, -1, Double.NaN, Double.NaN,
                    v == null ? -1 : 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                    Double.NaN, baseline, Double.NaN, Double.NaN);
        }
        int last = finite - 1;
        int bestTrainEpoch = best(t, finite, up);
        int window = finite < 2 ? 0 : Math.min(finite - 1, Math.max(2, (int) Math.round(TREND_FRACTION * finite)));
        double trainTrend = trend(t, finite, window, up);

        double finalVal = Double.NaN, bestVal = Double.NaN, trainAtBest = Double.NaN, rise = Double.NaN;
        double gap = Double.NaN, gapAtBest = Double.NaN, valTrend = Double.NaN, gainSinceBest = Double.NaN;
        int bestEpoch = -1;
        if (v != null) {
            bestEpoch = best(v, finite, up);
            finalVal = v[last];
            bestVal = v[bestEpoch];
            trainAtBest = t[bestEpoch];
            int after = Math.min(RISE_EPOCHS, last - bestEpoch);
            double tail = 0;
            for (int i = finite - after; i < finite; i++) tail += v[i];
            rise = after == 0 ? 0 : -improvement(bestVal, tail / after, up);
            gap = worseBy(finalVal, t[last], up);
            gapAtBest = worseBy(bestVal, trainAtBest, up);
            valTrend = trend(v, finite, window, up);
            gainSinceBest = improvement(trainAtBest, t[last], up);
        }
        double trainSkill = baseline == null ? Double.NaN : baseline.skill(t[last]);
        double valSkill = baseline == null || v == null ? Double.NaN : baseline.skill(bestVal);
        return new CurveSummary(curve.name(), up, n, finite, t[0], t[last], t[bestTrainEpoch], bestTrainEpoch,
                finalVal, bestVal, bestEpoch, trainAtBest, rise, gap, gapAtBest, trainTrend, valTrend, window,
                gainSinceBest, baseline, trainSkill, valSkill);
    }

    /** The index of the best of the first {@code n} values (the earliest on ties). */
    private static int best(double[] x, int n, boolean up) {
        int b = 0;
        for (int i = 1; i < n; i++) if (up ? x[i] > x[b] : x[i] < x[b]) b = i;
        return b;
    }

    /** Relative improvement from {@code from} to {@code to}. */
    static double improvement(double from, double to, boolean up) {
        double scale = Math.max(Math.abs(from), 1e-12);
        return (up ? to - from : from - to) / scale;
    }

    /** How much worse {@code validation} is than {@code train}, in the key's units. */
    private static double worseBy(double validation, double train, boolean up) {
        return up ? train - validation : validation - train;
    }

    /** Least-squares slope of the last {@code window + 1} finite values over their mean, signed as improvement. */
    private static double trend(double[] x, int finite, int window, boolean up) {
        if (window == 0) return Double.NaN;
        int from = finite - 1 - window;
        int m = window + 1;
        double meanI = (m - 1) / 2.0, meanX = 0;
        for (int i = 0; i < m; i++) meanX += x[from + i];
        meanX /= m;
        double num = 0, den = 0;
        for (int i = 0; i < m; i++) {
            num += (i - meanI) * (x[from + i] - meanX);
            den += (i - meanI) * (i - meanI);
        }
        double slope = num / den / Math.max(Math.abs(meanX), 1e-12);
        return up ? slope : -slope;
    }
}
