/**
 * Scores of predictions, equal to scikit-learn's: {@link dev.fathom.metrics.Classification}
 * (accuracy, balanced accuracy, precision/recall/F1 with {@link dev.fathom.metrics.Average}, log
 * loss, ROC AUC, average precision), {@link dev.fathom.metrics.ConfusionMatrix},
 * {@link dev.fathom.metrics.ClassificationReport}, {@link dev.fathom.metrics.RocCurve},
 * {@link dev.fathom.metrics.PrecisionRecallCurve} and {@link dev.fathom.metrics.Regression} (MSE,
 * RMSE, MAE, MAPE, RMSLE, R², adjusted R²). They take plain arrays or tensors; golden values come
 * from {@code src/test/python/make_golden_metrics.py}.
 *
 * <pre>{@code
 * int[] predicted = model.predictClasses(xTest).toIntArray();
 * System.out.println(ClassificationReport.of(yTest.toIntArray(), predicted, data.classNames()));
 * }</pre>
 */
package dev.fathom.metrics;
