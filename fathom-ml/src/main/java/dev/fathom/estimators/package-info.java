/**
 * Estimators: anything that fits {@code x, y} and predicts, behind one interface so that neural
 * networks and simple baselines are judged the same way. The baselines every deep model should be
 * compared with: {@link dev.fathom.estimators.DummyClassifier} and
 * {@link dev.fathom.estimators.DummyRegressor}, {@link dev.fathom.estimators.LinearRegression} and
 * {@link dev.fathom.estimators.LogisticRegression} (one-layer networks trained by gradient descent),
 * {@link dev.fathom.estimators.KNeighborsClassifier} / {@link dev.fathom.estimators.KNeighborsRegressor},
 * and {@link dev.fathom.estimators.KMeans} for grouping without labels. Golden values come from
 * {@code src/test/python/make_golden_estimators.py}.
 *
 * <p>Fitted estimators are saved (inside a pipeline file) through
 * {@link dev.fathom.estimators.SavableEstimator}: each writes its hyperparameters and fitted arrays
 * into an {@link dev.fathom.estimators.EstimatorState} and is rebuilt by its static
 * {@code fromState}; {@link dev.fathom.estimators.EstimatorTree} does whole trees (ensembles,
 * wrappers), with predictions identical to the bit after loading.
 *
 * <pre>{@code
 * TabularDataset bc = Datasets.load("breast_cancer");
 * Estimator floor = new DummyClassifier().fit(x, y);             // 0.627: always "benign"
 * Estimator logistic = new LogisticRegression().fit(xStd, y);    // standardize first
 * }</pre>
 */
package dev.fathom.estimators;
