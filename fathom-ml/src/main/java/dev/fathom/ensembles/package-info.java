/**
 * Ensembles: several estimators combined into one that usually predicts better than any of them.
 * {@link dev.fathom.ensembles.VotingClassifier} (hard or soft voting) and
 * {@link dev.fathom.ensembles.VotingRegressor} (a weighted mean) combine named members fitted on
 * the same data; {@link dev.fathom.ensembles.BaggingClassifier} and
 * {@link dev.fathom.ensembles.BaggingRegressor} fit many copies of one estimator on bootstrap
 * samples, with an out-of-bag score; {@link dev.fathom.ensembles.StackingClassifier} and
 * {@link dev.fathom.ensembles.StackingRegressor} fit a meta-model on the members' out-of-fold
 * predictions. Every ensemble is itself an {@link dev.fathom.estimators.Estimator} (the classifier
 * ones a {@link dev.fathom.estimators.Classifier}), so ensembles nest and are cross-validated like
 * any estimator, networks included through {@link dev.fathom.estimators.NetworkClassifier}. Golden
 * values come from {@code src/test/python/make_golden_ensembles.py} (scikit-learn 1.2).
 *
 * <pre>{@code
 * Classifier vote = new VotingClassifier(
 *         NamedEstimator.of("knn", new KNeighborsClassifier(5)),
 *         NamedEstimator.of("logistic", new LogisticRegression()))
 *     .voting(Voting.SOFT);
 * Classifier bag = new BaggingClassifier(() -> new KNeighborsClassifier(1), 50).seed(0);
 * Classifier stack = new StackingClassifier(NamedEstimator.of("vote", vote), NamedEstimator.of("bag", bag));
 * stack.fit(xTrain, yTrain).score(xTest, yTest);
 * }</pre>
 */
package dev.fathom.ensembles;
