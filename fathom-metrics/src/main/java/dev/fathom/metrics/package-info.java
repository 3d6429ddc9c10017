/**
 * Scores of predictions, equal to scikit-learn's: {@link dev.fathom.metrics.Classification}
 * (accuracy, balanced accuracy, precision/recall/F1 with {@link dev.fathom.metrics.Average}, log
 * loss, ROC AUC, average precision), {@link dev.fathom.metrics.ConfusionMatrix},
 * {@link dev.fathom.metrics.ClassificationReport}, {@link dev.fathom.metrics.RocCurve},
 * {@link dev.fathom.metrics.PrecisionRecallCurve} and {@link dev.fathom.metrics.Regression} (MSE,
 * RMSE, MAE, MAPE, RMSLE, R², adjusted R²). They take plain arrays or tensors; golden values come
 * from {@code src/test/python/make_golden_metrics.py}.
 *
 * <p>{@link dev.fathom.metrics.MetricRegistry} names each metric once (aliases, task, direction,
 * inputs, computation), for {@code compile}, the cross-validation scorers, {@code fathom train} and
 * {@code fathom evaluate}; {@link dev.fathom.metrics.MetricBundle} is the standard set of metrics
 * a report shows per {@link dev.fathom.metrics.MetricTask}, in one order.
 *
 * <pre>{@code
 * int[] predicted = model.predictClasses(xTest).toIntArray();
 * System.out.println(ClassificationReport.of(yTest.toIntArray(), predicted, data.classNames()));
 * }</pre>
 */
package dev.fathom.metrics;
