package dev.fathom.ensembles;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stacked generalization, as scikit-learn's {@code StackingClassifier}: a meta-model (by default
 * {@link LogisticRegression} with C = 1, trained with a smaller step for its collinear inputs) learns to combine the base classifiers' {@code predictProba}. Its
 * training features are out-of-fold: each row's base probabilities come from bases fitted on the
 * cross-validation folds that do not contain it ({@link StratifiedKFold}(5) by default), so the
 * meta-model learns how the bases do on data they have not seen. The bases are then refitted on
 * all the data for prediction. For two classes only the probability of class 1 is kept per base
 * (the other is its complement), as scikit-learn does. With {@link #passthrough(boolean)} the
 * original features follow the probabilities.
 *
 * <pre>{@code
 * StackingClassifier stack = new StackingClassifier(
 *         NamedEstimator.of("knn", new KNeighborsClassifier(5)),
 *         NamedEstimator.of("knn11", new KNeighborsClassifier(11, true)))
 *     .finalEstimator(new LogisticRegression(0.5))
 *     .cv(new StratifiedKFold(5).shuffle(0));
 * stack.fit(xTrain, yTrain).score(xTest, yTest);
 * Tensor meta = stack.crossValidatedFeatures();   // what the meta-model was fitted on
 * }</pre>
 */
public final class StackingClassifier implements Classifier, SavableEstimator {
    private final Members members;
    // A smaller, longer descent than LogisticRegression's default (0.1, 1000 steps): each base's
    // probabilities sum to 1, so the features are collinear, and the default step stalls ~15% above
    // the penalized loss's minimum on them; 0.01 over up to 5000 steps (early stopping ends it
    // sooner) reaches scikit-learn's lbfgs coefficients to 1e-4 on wine, with and without passthrough.
    private Classifier finalEstimator = new LogisticRegression();
    private Splitter cv = new StratifiedKFold(5);
    private boolean passthrough;
    private int classes = -1;
    private int features;
    private Tensor metaFeatures;

    /**
     * A stack of these base classifiers.
     *
     * @throws IllegalArgumentException when there are no bases, two share a name, or one is not a {@link Classifier}
     */
    public StackingClassifier(NamedEstimator... estimators) {
        this(estimators == null ? null : Arrays.asList(estimators));
    }

    /** A stack of these base classifiers; see {@link #StackingClassifier(NamedEstimator...)}. */
    public StackingClassifier(List<NamedEstimator> estimators) {
        members = new Members("StackingClassifier", estimators, true);
    }

    /** Sets the meta-model (default {@code new LogisticRegression()}). Returns this. */
    public StackingClassifier finalEstimator(Estimator meta) {
        if (meta == null) throw new IllegalArgumentException("StackingClassifier: the final estimator is null");
        Members.checkKind("StackingClassifier", "final estimator", meta, true);
        finalEstimator = (Classifier) meta;
        return this;
    }

    /** Sets the cross-validation that makes the out-of-fold features (default unshuffled {@code StratifiedKFold(5)}). Returns this. */
    public StackingClassifier cv(Splitter cv) {
        if (cv == null) throw new IllegalArgumentException("StackingClassifier: cv is null; use e.g. new StratifiedKFold(5)");
        this.cv = cv;
        return this;
    }

    /** Whether the meta-model also sees the original features, after the probabilities (default false). Returns this. */
    public StackingClassifier passthrough(boolean passthrough) {
        this.passthrough = passthrough;
        return this;
    }

    /**
     * Makes the out-of-fold probabilities, fits the meta-model on them and refits the bases on all of
     * {@code x [samples, features]} and class indices {@code y}.
     *
     * @throws IllegalArgumentException when the folds do not cover every sample once, or the bases
     *     disagree on the number of classes
     */
    @Override
    public StackingClassifier fit(Tensor x, Tensor y) {
        Ensembles.checkSamples(x, y, "StackingClassifier");
        int seen = Ensembles.classCount(Ensembles.labels(y, "StackingClassifier"));
        List<Fold> folds = OutOfFold.partition("StackingClassifier", cv, y);
        int k = Math.max(2, seen);
        List<double[][]> blocks = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String name = members.name(m);
            blocks.add(OutOfFold.predictions(members.estimator(m), x, y, folds, columns(k),
                    (e, rows) -> kept(Ensembles.proba((Classifier) e, rows, k, "StackingClassifier", name))));
        }
        int[] counts = new int[members.size()];
        for (int m = 0; m < members.size(); m++) counts[m] = Math.max(2, ((Classifier) members.estimator(m).fit(x, y)).classCount());
        int agreed = VotingClassifier.checkClassCounts("StackingClassifier", members, counts, k);
        if (agreed != k) {
            throw new IllegalArgumentException("StackingClassifier: the bases predict " + agreed + " classes but y has " + k
                    + "; every base must predict one probability per class of y");
        }
        metaFeatures = OutOfFold.features(blocks, x, passthrough);
        finalEstimator.fit(metaFeatures, y);
        classes = k;
        features = x.shape(1);
        return this;
    }

    /** The probability columns kept per base: all of them, or class 1's alone for two classes. */
    private static int columns(int classes) {
        return classes == 2 ? 1 : classes;
    }

    private static double[][] kept(double[][] p) {
        if (p.length == 0 || p[0].length != 2) return p;
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) out[i] = new double[] {p[i][1]};
        return out;
    }

    /**
     * The meta-model's features for new rows {@code [samples, bases × columns (+ features)]}: the
     * refitted bases' probabilities (scikit-learn's {@code transform}).
     */
    public Tensor transform(Tensor x) {
        Ensembles.checkFitted(classes >= 0, "StackingClassifier");
        Ensembles.checkFeatures(x, features, "StackingClassifier");
        List<double[][]> blocks = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            blocks.add(kept(Ensembles.proba((Classifier) members.estimator(m), x, classes, "StackingClassifier", members.name(m))));
        }
        return OutOfFold.features(blocks, x, passthrough);
    }

    /** The meta-model's probabilities {@code [samples, classes]} for the bases' probabilities of {@code x}. */
    @Override
    public Tensor predictProba(Tensor x) {
        return finalEstimator.predictProba(transform(x));
    }

    /** The meta-model's classes for the bases' probabilities of {@code x}. */
    @Override
    public Tensor predict(Tensor x) {
        return finalEstimator.predict(transform(x));
    }

    @Override
    public int classCount() {
        Ensembles.checkFitted(classes >= 0, "StackingClassifier");
        return finalEstimator.classCount();
    }

    /** The out-of-fold features the meta-model was fitted on, {@code [training samples, bases × columns (+ features)]}. */
    public Tensor crossValidatedFeatures() {
        Ensembles.checkFitted(classes >= 0, "StackingClassifier");
        return metaFeatures;
    }

    /** The meta-model (fitted once this stack is). */
    public Classifier finalEstimator() {
        return finalEstimator;
    }

    /** The base called {@code name}, refitted on all the training data once this stack is fitted. */
    public Classifier estimator(String name) {
        return (Classifier) members.get(name);
    }

    /** The bases by name, in order (scikit-learn's {@code named_estimators_}). */
    public Map<String, Estimator> namedEstimators() {
        return members.asMap();
    }

    /** Writes the bases, the meta-model, the settings and the out-of-fold features; the splitter only by its description. */
    @Override
    public void saveState(EstimatorState state) {
        Ensembles.checkFitted(classes >= 0, "StackingClassifier");
        state.put("cv", cv.toString()).put("passthrough", passthrough).put("classes", classes).put("features", features)
                .putTensor("metaFeatures", metaFeatures).putChild("final", finalEstimator);
        members.save(state);
    }

    /** The fitted stack {@link #saveState} wrote; fitting it again needs {@link #cv} set anew. */
    public static StackingClassifier fromState(EstimatorState state) {
        StackingClassifier s = new StackingClassifier(Members.restore(state)).finalEstimator(state.estimator("final"))
                .passthrough(state.bool("passthrough"));
        s.cv = new UnsavedSplitter("StackingClassifier", state.string("cv"));
        s.classes = state.integer("classes");
        s.features = state.integer("features");
        s.metaFeatures = state.tensor("metaFeatures");
        return s;
    }

    @Override
    public String toString() {
        return "StackingClassifier(" + members + ", final=" + finalEstimator + ", cv=" + cv + (passthrough ? ", passthrough" : "") + ")";
    }
}
