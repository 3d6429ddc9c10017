/**
 * Evaluation on held-out data and model selection, as scikit-learn's {@code model_selection}:
 * {@link dev.fathom.validation.Validation} (hold-out, cross-validation, learning curves) and its
 * configurable form {@link dev.fathom.validation.CrossValidator}; named, higher-is-better
 * {@link dev.fathom.validation.Scorer}s; and hyperparameter search by
 * {@link dev.fathom.validation.GridSearch} over a {@link dev.fathom.validation.ParameterGrid} or
 * {@link dev.fathom.validation.RandomSearch} over {@link dev.fathom.validation.ParameterDistributions}.
 * Any {@link dev.fathom.estimators.Estimator} can be judged, a network (through
 * {@code NetworkClassifier}) as well as a baseline; each fold gets a fresh estimator from a
 * factory, and folds run in parallel across cores with results independent of the thread count.
 * {@link dev.fathom.validation.StandardizedEstimator} scales features with each fold's own
 * training statistics. Golden values come from {@code src/test/python/make_golden_validation.py}.
 *
 * <pre>{@code
 * TabularDataset bc = Datasets.load("breast_cancer");
 * CrossValidationResult cv = Validation.crossValidate(() -> new StandardizedEstimator(new LogisticRegression()),
 *         bc.features(), bc.labels(), new StratifiedKFold(5));
 * System.out.println(cv);                          // five folds, mean 0.98 ± 0.01
 * SearchResult r = new GridSearch(p -> new KNeighborsClassifier(p.getInt("k")), new ParameterGrid().add("k", 1, 5, 15))
 *         .fit(bc.features(), bc.labels());
 * }</pre>
 */
package dev.fathom.validation;
