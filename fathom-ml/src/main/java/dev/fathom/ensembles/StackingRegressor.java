package dev.fathom.ensembles;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.KFold;
import dev.fathom.data.split.Splitter;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.EstimatorState;
import dev.fathom.estimators.SavableEstimator;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stacked generalization for regression, as scikit-learn's {@code StackingRegressor}: a
 * meta-model (by default {@link LinearRegression}) learns to combine the base regressors'
 * predictions. Its training features are out-of-fold: each row's base predictions come from bases
 * fitted on the cross-validation folds that do not contain it ({@link KFold}(5) by default); the
 * bases are then refitted on all the data for prediction. Each base contributes one column per
 * target; with {@link #passthrough(boolean)} the original features follow them.
 *
 * <pre>{@code
 * StackingRegressor stack = new StackingRegressor(
 *         NamedEstimator.of("knn", new KNeighborsRegressor(5)),
 *         NamedEstimator.of("linear", new LinearRegression()))
 *     .cv(new KFold(5).shuffle(0));
 * stack.fit(xTrain, yTrain).score(xTest, yTest);   // R²
 * }</pre>
 */
public final class StackingRegressor implements Estimator, SavableEstimator {
    private final Members members;
    private Estimator finalEstimator = new LinearRegression();
    private Splitter cv = new KFold(5);
    private boolean passthrough;
    private int[] targetShape;
    private int width;
    private int features;
    private Tensor metaFeatures;

    /**
     * A stack of these base regressors.
     *
     * @throws IllegalArgumentException when there are no bases, two share a name, or one is a classifier
     */
    public StackingRegressor(NamedEstimator... estimators) {
        this(estimators == null ? null : Arrays.asList(estimators));
    }

    /** A stack of these base regressors; see {@link #StackingRegressor(NamedEstimator...)}. */
    public StackingRegressor(List<NamedEstimator> estimators) {
        members = new Members("StackingRegressor", estimators, false);
    }

    /** Sets the meta-model (default {@code new LinearRegression()}). Returns this. */
    public StackingRegressor finalEstimator(Estimator meta) {
        if (meta == null) throw new IllegalArgumentException("StackingRegressor: the final estimator is null");
        Members.checkKind("StackingRegressor", "final estimator", meta, false);
        finalEstimator = meta;
        return this;
    }

    /** Sets the cross-validation that makes the out-of-fold features (default unshuffled {@code KFold(5)}). Returns this. */
    public StackingRegressor cv(Splitter cv) {
        if (cv == null) throw new IllegalArgumentException("StackingRegressor: cv is null; use e.g. new KFold(5)");
        this.cv = cv;
        return this;
    }

    /** Whether the meta-model also sees the original features, after the predictions (default false). Returns this. */
    public StackingRegressor passthrough(boolean passthrough) {
        this.passthrough = passthrough;
        return this;
    }

    /**
     * Makes the out-of-fold predictions, fits the meta-model on them and refits the bases on all of
     * {@code x [samples, features]} and {@code y [samples]} or {@code [samples, targets]}.
     *
     * @throws IllegalArgumentException when the folds do not cover every sample once
     */
    @Override
    public StackingRegressor fit(Tensor x, Tensor y) {
        Ensembles.checkSamples(x, y, "StackingRegressor");
        List<Fold> folds = OutOfFold.partition("StackingRegressor", cv, y);
        int t = y.size() / y.shape(0);
        List<double[][]> blocks = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            String name = members.name(m);
            blocks.add(OutOfFold.predictions(members.estimator(m), x, y, folds, t,
                    (e, rows) -> Ensembles.values(e, rows, t, "StackingRegressor", name)));
        }
        for (int m = 0; m < members.size(); m++) members.estimator(m).fit(x, y);
        metaFeatures = OutOfFold.features(blocks, x, passthrough);
        finalEstimator.fit(metaFeatures, y);
        targetShape = y.shape();
        width = t;
        features = x.shape(1);
        return this;
    }

    /**
     * The meta-model's features for new rows {@code [samples, bases × targets (+ features)]}: the
     * refitted bases' predictions (scikit-learn's {@code transform}).
     */
    public Tensor transform(Tensor x) {
        Ensembles.checkFitted(targetShape != null, "StackingRegressor");
        Ensembles.checkFeatures(x, features, "StackingRegressor");
        List<double[][]> blocks = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            blocks.add(Ensembles.values(members.estimator(m), x, width, "StackingRegressor", members.name(m)));
        }
        return OutOfFold.features(blocks, x, passthrough);
    }

    /** The meta-model's prediction from the bases' predictions of {@code x}, shaped like the targets. */
    @Override
    public Tensor predict(Tensor x) {
        return finalEstimator.predict(transform(x));
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /** The out-of-fold features the meta-model was fitted on, {@code [training samples, bases × targets (+ features)]}. */
    public Tensor crossValidatedFeatures() {
        Ensembles.checkFitted(targetShape != null, "StackingRegressor");
        return metaFeatures;
    }

    /** The meta-model (fitted once this stack is). */
    public Estimator finalEstimator() {
        return finalEstimator;
    }

    /** The base called {@code name}, refitted on all the training data once this stack is fitted. */
    public Estimator estimator(String name) {
        return members.get(name);
    }

    /** The bases by name, in order (scikit-learn's {@code named_estimators_}). */
    public Map<String, Estimator> namedEstimators() {
        return members.asMap();
    }

    /** Writes the bases, the meta-model, the settings and the out-of-fold features; the splitter only by its description. */
    @Override
    public void saveState(EstimatorState state) {
        Ensembles.checkFitted(targetShape != null, "StackingRegressor");
        state.put("cv", cv.toString()).put("passthrough", passthrough).put("targetShape", Ensembles.shapeList(targetShape))
                .put("features", features).putTensor("metaFeatures", metaFeatures).putChild("final", finalEstimator);
        members.save(state);
    }

    /** The fitted stack {@link #saveState} wrote; fitting it again needs {@link #cv} set anew. */
    public static StackingRegressor fromState(EstimatorState state) {
        StackingRegressor s = new StackingRegressor(Members.restore(state)).finalEstimator(state.estimator("final"))
                .passthrough(state.bool("passthrough"));
        s.cv = new UnsavedSplitter("StackingRegressor", state.string("cv"));
        s.targetShape = Ensembles.targetShape(state);
        s.width = s.targetShape.length == 1 ? 1 : s.targetShape[1];
        s.features = state.integer("features");
        s.metaFeatures = state.tensor("metaFeatures");
        return s;
    }

    @Override
    public String toString() {
        return "StackingRegressor(" + members + ", final=" + finalEstimator + ", cv=" + cv + (passthrough ? ", passthrough" : "") + ")";
    }
}
