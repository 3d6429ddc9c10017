/**
 * Self-contained HTML reports: {@link dev.fathom.report.HtmlReport} puts headings, text, callouts,
 * tables, preformatted blocks and charts from {@link dev.fathom.plots} into one HTML file that needs
 * no other file, no network and no JavaScript, and prints well.
 *
 * <pre>{@code
 * new HtmlReport("Diabetes: ridge vs kNN")
 *     .subtitle("diabetes.csv, 442 rows, seed 7")
 *     .section("Residuals")
 *     .plot("Residuals of ridge on the test set", ResidualPlot.of(yTest, predicted))
 *     .callout(HtmlReport.Level.WARNING, "Residuals grow with the prediction: try a log target.")
 *     .save(Path.of("report.html"));
 * }</pre>
 *
 * <p>It lives in {@code fathom-plots} beside the charts it embeds; the core knows nothing of it.
 */
package dev.fathom.report;
