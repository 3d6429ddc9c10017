package dev.fathom.validation;

import dev.fathom.data.split.Split;
import dev.fathom.data.split.Splits;
import dev.fathom.data.split.Splitter;
import dev.fathom.data.split.StratifiedKFold;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.function.Supplier;

/**
 * How well an estimator does on data it did not train on, in one call: a hold-out split,
 * k-fold cross-validation, and learning curves, as scikit-learn's {@code train_test_split} +
 * {@code score}, {@code cross_validate} and {@code learning_curve}. Scores are higher-is-better:
 * accuracy for classifiers and R² for regressors unless a {@link Scorer} is named. For more options
 * (training scores, thread count) use a {@link CrossValidator}.
 *
 * <pre>{@code
 * TabularDataset iris = Datasets.load("iris");
 * Tensor x = iris.features(), y = iris.labels();
 * HoldOutResult h = Validation.holdOut(new KNeighborsClassifier(5), x, y, 0.2, 42, true);
 * CrossValidationResult cv = Validation.crossValidate(() -> new KNeighborsClassifier(5), x, y, new StratifiedKFold(5));
 * System.out.println(cv);   // per-fold accuracy, mean ± std
 * CrossValidationResult f1 = Validation.crossValidate(() -> new KNeighborsClassifier(5), x, y, new StratifiedKFold(5), "f1_macro");
 * LearningCurve lc = Validation.learningCurve(() -> new KNeighborsClassifier(5), x, y, new StratifiedKFold(5), 0.2, 0.6, 1.0);
 * }</pre>
 */
public final class Validation {
    private Validation() {}

    /**
     * Fits {@code estimator} on a shuffled {@code 1 - testFraction} of the samples and scores it on
     * the rest ({@code ceil(n · testFraction)} samples), with the estimator's default scorer.
     */
    public static HoldOutResult holdOut(Estimator estimator, Tensor x, Tensor y, double testFraction, long seed) {
        return holdOut(estimator, x, y, testFraction, seed, false, null);
    }

    /**
     * As {@link #holdOut(Estimator, Tensor, Tensor, double, long)}, keeping each class's share in
     * both parts when {@code stratified} (classifiers only).
     */
    public static HoldOutResult holdOut(Estimator estimator, Tensor x, Tensor y, double testFraction, long seed, boolean stratified) {
        return holdOut(estimator, x, y, testFraction, seed, stratified, null);
    }

    /**
     * As {@link #holdOut(Estimator, Tensor, Tensor, double, long, boolean)}, scored by the named
     * scorer (null: the default).
     *
     * @throws IllegalArgumentException when x and y differ in samples, the fraction is outside (0, 1),
     *     the scorer does not fit the estimator, or a regressor's targets are to be stratified
     */
    public static HoldOutResult holdOut(Estimator estimator, Tensor x, Tensor y, double testFraction, long seed, boolean stratified,
                                        String scoring) {
        String who = "holdOut";
        if (estimator == null) throw new IllegalArgumentException(who + ": the estimator is null");
        FoldRunner.checkData(who, x, y);
        Scorer scorer = scoring == null ? Scorer.defaultFor(estimator) : Scorer.of(scoring);
        scorer.check(estimator);
        Split split = Splits.trainTest(x, testFraction, seed);
        if (stratified) {
            if (!estimator.isClassifier()) {
                throw new IllegalArgumentException(who + ": a stratified split keeps each class's share, but " + estimator
                        + " is a regressor whose targets are continuous; pass stratified = false");
            }
            split = split.stratifiedBy(y);
        }
        Tensor xTrain = split.train(x);
        Tensor yTrain = split.train(y);
        long t0 = System.nanoTime();
        estimator.fit(xTrain, yTrain);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        double score = scorer.score(estimator, split.test(x), split.test(y));
        double trainScore = scorer.score(estimator, xTrain, yTrain);
        return new HoldOutResult(estimator, scorer, split, score, trainScore, fitSeconds);
    }

    /**
     * Cross-validates with the estimator's default scorer (accuracy or R²): a fresh estimator from
     * {@code factory} per fold of {@code splitter}, folds in parallel across cores.
     *
     * @throws IllegalArgumentException before training when x and y differ in samples, or the
     *     splitter stratifies ({@link StratifiedKFold}) and the estimator is a regressor
     */
    public static CrossValidationResult crossValidate(Supplier<? extends Estimator> factory, Tensor x, Tensor y, Splitter splitter) {
        return new CrossValidator(splitter).run(factory, x, y);
    }

    /**
     * Cross-validates with the named scorer, e.g. {@code "f1_macro"}, {@code "roc_auc"} or
     * {@code "neg_rmse"} (see {@link Scorer}).
     *
     * @throws IllegalArgumentException for an unknown scorer (naming the closest) or one that does
     *     not fit the estimator, before any training
     */
    public static CrossValidationResult crossValidate(Supplier<? extends Estimator> factory, Tensor x, Tensor y, Splitter splitter,
                                                      String scoring) {
        return new CrossValidator(splitter).scoring(scoring).run(factory, x, y);
    }

    /**
     * Training and validation scores against training-set size, with the default scorer; see
     * {@link CrossValidator#learningCurve}.
     *
     * @param sizes fractions in (0, 1] of the training fold, or row counts
     */
    public static LearningCurve learningCurve(Supplier<? extends Estimator> factory, Tensor x, Tensor y, Splitter splitter,
                                              double... sizes) {
        return new CrossValidator(splitter).learningCurve(factory, x, y, sizes);
    }
}
