/**
 * Charts of training and evaluation, written as PNG or SVG files: learning curves per epoch
 * ({@link dev.fathom.plots.LearningCurvePlot#of}) and per training-set size
 * ({@link dev.fathom.plots.LearningCurvePlot#trainingSizes}), confusion-matrix heat maps
 * ({@link dev.fathom.plots.ConfusionMatrixPlot}), ROC curves ({@link dev.fathom.plots.RocPlot}),
 * precision-recall curves ({@link dev.fathom.plots.PrecisionRecallPlot}), forecasts
 * ({@link dev.fathom.plots.ForecastPlot}), the spot-check leaderboard
 * ({@link dev.fathom.plots.ModelComparisonPlot}) and a regression's residuals
 * ({@link dev.fathom.plots.ResidualPlot}). Each returns a {@link dev.fathom.plots.Plot}, which
 * draws with XChart and saves atomically; {@link dev.fathom.report.HtmlReport} puts plots in a page.
 *
 * <pre>{@code
 * History history = model.fit(x, y, Fit.epochs(30).validationSplit(0.2));
 * LearningCurvePlot.of(history, "loss").save(Path.of("loss.png"));
 * ConfusionMatrixPlot.of(ConfusionMatrix.of(yTrue, yPred).withNames(names)).save(Path.of("cm.svg"));
 * }</pre>
 *
 * <p>This lives in its own module, {@code fathom-plots}, so that {@code fathom-core} carries no
 * charting library. On a server without a display, run with {@code -Djava.awt.headless=true}.
 */
package dev.fathom.plots;
