package dev.fathom.ensembles;

import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Bootstrap aggregating, as scikit-learn's {@code BaggingClassifier}: {@code nEstimators} copies of
 * a classifier, each fitted on its own bootstrap sample of the rows (and, optionally, a random
 * subset of the features), whose {@code predictProba} are averaged. Averaging many fits of a
 * high-variance model (k-NN with k = 1, a deep network) lowers its variance. The same seed gives
 * the same members.
 *
 * <p>With {@link #oobScore(boolean) oobScore(true)}, each training row is predicted by the members
 * that did not draw it, which estimates the accuracy on unseen data without a held-out set. Rows
 * that every member drew (rare beyond ~10 members) are left out of the score; scikit-learn counts
 * them as predicted class 0 with a warning.
 *
 * <pre>{@code
 * BaggingClassifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(1), 50)
 *         .maxFeatures(0.5).seed(42).oobScore(true);
 * bag.fit(xTrain, yTrain);
 * bag.oobScore();                 // accuracy of the out-of-bag predictions
 * bag.score(xTest, yTest);        // accuracy on held-out data
 * }</pre>
 */
public final class BaggingClassifier extends Bagging<BaggingClassifier> implements Classifier, SavableEstimator {
    private int classes = -1;
    private double[][] oobProba;
    private double oobScore = Double.NaN;

    /**
     * {@code nEstimators} classifiers made by {@code factory}, which must return a new one on each call.
     *
     * @throws IllegalArgumentException when {@code factory} is null or {@code nEstimators < 1}
     */
    public BaggingClassifier(Supplier<? extends Classifier> factory, int nEstimators) {
        super("BaggingClassifier", factory, nEstimators);
    }

    /**
     * Draws the members' samples from {@code x [samples, features]} and class indices {@code y} and fits them.
     *
     * @throws IllegalArgumentException when the supplier gives a regressor, null, or the same instance twice
     * @throws IllegalStateException when the out-of-bag score is asked for without bootstrap
     */
    @Override
    public BaggingClassifier fit(Tensor x, Tensor y) {
        Ensembles.checkSamples(x, y, "BaggingClassifier");
        int[] labels = Ensembles.labels(y, "BaggingClassifier");
        fitMembers(x, y, true);
        int k = Ensembles.classCount(labels);
        for (var m : members) k = Math.max(k, ((Classifier) m).classCount());
        classes = k;
        oobProba = null;
        oobScore = Double.NaN;
        if (oob) outOfBag(x, labels);
        return this;
    }

    private void outOfBag(Tensor x, int[] labels) {
        int n = labels.length;
        double[][] sum = new double[n][classes];
        for (int m = 0; m < members.size(); m++) {
            int[] rows = outOfBag(m);
            if (rows.length == 0) continue;
            Tensor xm = columnsOf(x.indexSelect(0, Tensor.of(rows, rows.length)), m);
            double[][] p = Ensembles.proba((Classifier) members.get(m), xm, classes, "BaggingClassifier", "member " + m);
            for (int r = 0; r < rows.length; r++) for (int c = 0; c < classes; c++) sum[rows[r]][c] += p[r][c];
        }
        int scored = 0;
        int correct = 0;
        for (int i = 0; i < n; i++) {
            double total = 0;
            for (double v : sum[i]) total += v;
            if (total == 0) {
                java.util.Arrays.fill(sum[i], Double.NaN); // no member left this row out
                continue;
            }
            for (int c = 0; c < classes; c++) sum[i][c] /= total;
            scored++;
            if (Ensembles.argmax(sum[i]) == labels[i]) correct++;
        }
        if (scored == 0) {
            throw new IllegalArgumentException("BaggingClassifier: every member drew every row, so there is no out-of-bag row"
                    + " to score; use more rows or a smaller maxSamples, or turn oobScore off");
        }
        oobProba = sum;
        oobScore = (double) correct / scored;
    }

    /** The mean of the members' probabilities {@code [samples, classes]}; rows sum to 1. */
    @Override
    public Tensor predictProba(Tensor x) {
        return Ensembles.matrix(average(x), classes);
    }

    /** The most probable class of each row; ties go to the smallest class. */
    @Override
    public Tensor predict(Tensor x) {
        double[][] p = average(x);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) out[i] = Ensembles.argmax(p[i]);
        return Tensor.of(out, out.length);
    }

    private double[][] average(Tensor x) {
        checkFitted();
        Ensembles.checkFeatures(x, features, "BaggingClassifier");
        double[][] out = new double[x.shape(0)][classes];
        int count = members.size();
        for (int m = 0; m < count; m++) {
            double[][] p = Ensembles.proba((Classifier) members.get(m), columnsOf(x, m), classes, "BaggingClassifier", "member " + m);
            for (int i = 0; i < out.length; i++) for (int c = 0; c < classes; c++) out[i][c] += p[i][c] / count;
        }
        return out;
    }

    @Override
    public int classCount() {
        checkFitted();
        return classes;
    }

    /**
     * The accuracy of the out-of-bag predictions on the training rows that at least one member left out.
     *
     * @throws IllegalStateException before fit, or when {@code oobScore(true)} was not set
     */
    public double oobScore() {
        checkOob();
        return oobScore;
    }

    /**
     * The out-of-bag probabilities {@code [samples, classes]} of the training rows (scikit-learn's
     * {@code oob_decision_function_}); rows no member left out are NaN.
     *
     * @throws IllegalStateException before fit, or when {@code oobScore(true)} was not set
     */
    public Tensor oobDecisionFunction() {
        checkOob();
        float[] out = new float[oobProba.length * classes];
        for (int i = 0; i < oobProba.length; i++) for (int c = 0; c < classes; c++) out[i * classes + c] = (float) oobProba[i][c];
        return Tensor.of(out, oobProba.length, classes);
    }

    /** The fitted members, in order. */
    public List<Classifier> estimators() {
        checkFitted();
        return members.stream().map(Classifier.class::cast).toList();
    }

    @Override
    public void saveState(EstimatorState state) {
        saveMembers(state);
        state.put("classes", classes).putDoubles("oobScore", new double[] {oobScore});
        if (oobProba != null) state.putMatrix("oobProba", oobProba);
    }

    /** The fitted ensemble {@link #saveState} wrote; fitting it again needs a new one with a supplier. */
    public static BaggingClassifier fromState(EstimatorState state) {
        BaggingClassifier b = new BaggingClassifier(unsavedFactory("BaggingClassifier"), state.integer("nEstimators"));
        b.restoreMembers(state);
        b.classes = state.integer("classes");
        b.oobScore = state.doubles("oobScore")[0];
        b.oobProba = state.hasTensor("oobProba") ? state.matrix("oobProba") : null;
        return b;
    }

    @Override
    public String toString() {
        return "BaggingClassifier(" + settings() + ")";
    }
}
