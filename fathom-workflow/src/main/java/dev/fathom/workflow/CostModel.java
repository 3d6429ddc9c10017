package dev.fathom.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * How a model's cost grows with the rows, read from small fits of it (the probes): each probe fits
 * on some rows and predicts as many, and its CPU seconds of fitting and of predicting are kept
 * apart. From them it estimates the wall seconds of a cross-validation whose folds fit on more
 * rows and share the cores ({@link TimeBudget} plans with it).
 *
 * <p>Fitting: from one probe the cost grows linearly with the rows, or as n log n for a tree model
 * (a deeper tree reads every row once per level). From two or more, the last two give the growth
 * exponent b = log(t2/t1) / log(n2/n1): at b &ge; 1 the cost goes on as a power law (b at most 2);
 * between 0 and 1 a fixed part (iterations, trees) still outweighs the rows, so the cost goes on as
 * the straight line through both probes, where the rows take over (its slope at least half the
 * mean cost per row, against timing noise); when the larger probe was no slower, the growth is
 * unknown (the first probe may have paid for compiling the model's code) and taken as linear. Predicting grows with the
 * test rows, and for k-NN also with the training rows each test row is compared with.
 *
 * <p>The folds run at once, each on one thread (see {@code FoldRunner}), so their CPU seconds are
 * shared among {@code min(cores, folds)} cores: a cross-validation's wall seconds are the folds'
 * CPU seconds over that.
 *
 * <pre>{@code
 * CostModel c = new CostModel(false, true).add(500, 0.05, 0.001).add(2000, 0.24, 0.004);
 * c.crossValidationSeconds(192_000, 48_000, 5, 2);   // the 5 folds' wall seconds on 2 cores
 * }</pre>
 */
final class CostModel {
    /** One small fit: CPU seconds to fit on {@code rows} rows and to predict as many. */
    record Probe(int rows, double fitSeconds, double predictSeconds) {}

    /** Below this share of the mean cost per row, the slope between two probes is taken as timing noise. */
    private static final double MIN_SLOPE_SHARE = 0.5;

    private final boolean quadraticPredict;
    private final boolean trees;
    private final List<Probe> probes = new ArrayList<>();

    /**
     * @param quadraticPredict whether predicting compares each test row with every training row (k-NN)
     * @param trees            whether fitting grows trees (n log n from a single probe)
     */
    CostModel(boolean quadraticPredict, boolean trees) {
        this.quadraticPredict = quadraticPredict;
        this.trees = trees;
    }

    /** Adds a probe, larger than the ones before. */
    CostModel add(int rows, double fitSeconds, double predictSeconds) {
        if (rows < 2 || (!probes.isEmpty() && rows <= probes.getLast().rows())) {
            throw new IllegalArgumentException("a probe of " + rows + " rows after " + probes + ": probes grow");
        }
        probes.add(new Probe(rows, Math.max(0, fitSeconds), Math.max(0, predictSeconds)));
        return this;
    }

    List<Probe> probes() {
        return List.copyOf(probes);
    }

    /** The CPU seconds of the last probe, fit and predict. */
    double lastProbeSeconds() {
        Probe p = probes.getLast();
        return p.fitSeconds() + p.predictSeconds();
    }

    /**
     * The growth exponent of fitting between the last two probes, NaN with one probe. Timing noise
     * can make it anything on tiny probes; it is used only as {@link #fitSeconds} says.
     */
    double exponent() {
        if (probes.size() < 2) return Double.NaN;
        Probe a = probes.get(probes.size() - 2), b = probes.getLast();
        if (a.fitSeconds() <= 0 || b.fitSeconds() <= 0) return 1;
        return Math.log(b.fitSeconds() / a.fitSeconds()) / Math.log((double) b.rows() / a.rows());
    }

    /** CPU seconds of one fit on {@code rows} rows. */
    double fitSeconds(double rows) {
        Probe b = probes.getLast();
        if (rows <= b.rows()) return b.fitSeconds() * rows / b.rows();   // below the probes: never more than linear down
        double ratio = rows / b.rows();
        if (probes.size() == 1) return b.fitSeconds() * ratio * (trees ? Math.log(rows) / Math.log(b.rows()) : 1);
        double e = exponent();
        Probe a = probes.get(probes.size() - 2);
        if (b.fitSeconds() <= a.fitSeconds()) return b.fitSeconds() * ratio;   // noise, or the first paid for compiling: no growth seen
        if (e >= 1) return b.fitSeconds() * Math.pow(ratio, Math.min(2, e));
        double slope = Math.max((b.fitSeconds() - a.fitSeconds()) / (b.rows() - a.rows()), MIN_SLOPE_SHARE * b.fitSeconds() / b.rows());
        return b.fitSeconds() + slope * (rows - b.rows());
    }

    /** CPU seconds to predict {@code testRows} rows with a model fitted on {@code trainRows}. */
    double predictSeconds(double trainRows, double testRows) {
        Probe b = probes.getLast();
        double s = b.predictSeconds() * testRows / b.rows();
        return quadraticPredict ? s * trainRows / b.rows() : s;
    }

    /** CPU seconds of one fold: a fit on {@code trainRows}, then predicting {@code testRows}. */
    double foldSeconds(double trainRows, double testRows) {
        return fitSeconds(trainRows) + predictSeconds(trainRows, testRows);
    }

    /** Wall seconds of {@code folds} folds run at once on {@code cores} cores, each fitting on {@code trainRows}. */
    double crossValidationSeconds(double trainRows, double testRows, int folds, int cores) {
        return folds * foldSeconds(trainRows, testRows) / Math.max(1, Math.min(cores, folds));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Probe p : probes) {
            s.append(s.isEmpty() ? "" : ", ").append(p.rows()).append(String.format(java.util.Locale.ROOT, " rows %.2f s", p.fitSeconds()
                    + p.predictSeconds()));
        }
        return s.toString();
    }
}
