/**
 * Splitting data for training and model selection: train/test and train/validation/test
 * {@link dev.fathom.data.split.Split}s with seeds and stratification, and cross-validation
 * {@link dev.fathom.data.split.Splitter}s ({@code KFold}, {@code StratifiedKFold},
 * {@code LeaveOneOut}, {@code TimeSeriesSplit}) whose folds match scikit-learn's.
 *
 * <pre>{@code
 * Split s = Splits.trainTest(table, 0.2, 42).stratifiedBy("species");
 * for (Fold f : new StratifiedKFold(5).split(s.train(), "species")) { ... }
 * }</pre>
 */
package dev.fathom.data.split;
