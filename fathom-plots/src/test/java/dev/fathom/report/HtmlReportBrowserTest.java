package dev.fathom.report;

import dev.fathom.testing.BrowserCheck;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.forecast.ForecastReport;
import dev.fathom.forecast.NaiveForecaster;
import dev.fathom.metrics.ConfusionMatrix;
import dev.fathom.metrics.PrecisionRecallCurve;
import dev.fathom.metrics.RocCurve;
import dev.fathom.plots.ConfusionMatrixPlot;
import dev.fathom.plots.ForecastPlot;
import dev.fathom.plots.LearningCurvePlot;
import dev.fathom.plots.ModelComparisonPlot;
import dev.fathom.plots.PrecisionRecallPlot;
import dev.fathom.plots.ResidualPlot;
import dev.fathom.plots.RocPlot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report as a reader sees it: a page with every kind of element and every kind of plot is
 * opened in headless Chromium, which must load every picture, log no error and decode every
 * character. Skipped (with the reason) where Chromium or chromedriver is not installed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HtmlReportBrowserTest {
    @TempDir
    static Path dir;

    /** Plots in the page: 11 as inline SVG, and the 30,000-point scatter as PNG. */
    static final int PLOTS = 12;

    /** Per test, so each one shows as skipped with the reason (an aborted @BeforeAll would hide them). */
    @BeforeEach
    void browser() {
        BrowserCheck.assumeAvailable();
    }

    /** A report of a made-up study using every element, with text that needs escaping and non-ASCII characters. */
    static HtmlReport everything() {
        Random random = new Random(7);
        int n = 300;
        int[] y = new int[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            score[i] = 0.35 * y[i] + 0.65 * random.nextDouble();
        }
        int[] yk = new int[n];
        double[] proba = new double[3 * n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            yk[i] = i % 3;
            double sum = 0;
            for (int c = 0; c < 3; c++) sum += proba[3 * i + c] = random.nextDouble() + (c == yk[i] ? 0.8 : 0);
            for (int c = 0; c < 3; c++) proba[3 * i + c] /= sum;
            predicted[i] = random.nextDouble() < 0.8 ? yk[i] : (yk[i] + 1) % 3;
        }
        double[] actual = new double[200];
        double[] guess = new double[200];
        for (int i = 0; i < actual.length; i++) {
            guess[i] = 50 + 100 * random.nextDouble();
            actual[i] = guess[i] + random.nextGaussian() * (5 + guess[i] / 10);
        }
        double[] bigActual = new double[30_000];
        double[] bigGuess = new double[bigActual.length];
        for (int i = 0; i < bigActual.length; i++) {
            bigGuess[i] = random.nextGaussian();
            bigActual[i] = bigGuess[i] + 0.3 * random.nextGaussian();
        }
        double[] series = new double[120];
        double[] years = new double[series.length];
        for (int t = 0; t < series.length; t++) {
            series[t] = 50 + 40 * Math.sin(2 * Math.PI * t / 11) + random.nextGaussian() * 5;
            years[t] = 1900 + t;
        }
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        Map<String, RocCurve> rocs = new LinkedHashMap<>();
        rocs.put("logistic", RocCurve.of(y, score));
        rocs.put("noisy <model>", RocCurve.of(y, Arrays.stream(score).map(s -> s + 0.5 * random.nextDouble()).toArray()));

        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("data set", "iris.csv (150 rows × 5 columns)");
        setup.put("target", "species");
        setup.put("folds", 10);
        setup.put("seed", 42L);
        setup.put("test fraction", 0.2);
        setup.put("missing", null);

        return new HtmlReport("Spot-check of <five> models & a résumé")
                .subtitle("iris.csv · 150 rows · seed 42 · 2025-01-01")
                .subtitle("Text with quotes \"double\" and 'single', R², ± and µ")
                .paragraph("Intro before any section: the practitioner's process, step by step.\nA second line.")
                .section("1. Define the problem")
                .keyValues(setup)
                .bullets(List.of("Classify iris flowers into 3 species", "Score: accuracy (classes are balanced)", "<b>not bold</b>"))
                .callout(HtmlReport.Level.INFO, "Decision: 10-fold stratified cross-validation, since 150 rows is small.")
                .section("2. Spot-check algorithms")
                .table("Accuracy over 10 folds, best first", List.of("model", "accuracy", "std", "fit time (ms)", "note"),
                        List.of(List.of("logistic", 0.96, 0.0442, 12, "simplest"),
                                List.of("kNN (k=5)", 0.9533333, 0.0521, 3, "—"),
                                Arrays.asList("tree", 0.94, 0.06, 5, null),
                                List.of("dummy", 1 / 3.0, 1.2e-17, 1, "baseline")), 0)
                .plot("Mean accuracy ± 1 std over the folds", ModelComparisonPlot.of(List.of("tree", "logistic", "kNN (k=5)", "dummy"),
                        new double[] {0.94, 0.96, 0.9533, 0.3333}, new double[] {0.06, 0.0442, 0.0521, 0.0}, "accuracy"))
                .plot("RMSE, lower is better", ModelComparisonPlot.of(List.of("ridge", "random forest of many trees", "kNN regressor",
                        "mean baseline", "gradient boosting"), new double[] {54.1, 57.9, 58.3, 77.0, 55.2},
                        new double[] {3.1, 4.2, 4.9, 5.5, 3.8}, "RMSE"))
                .callout(HtmlReport.Level.GOOD, "Logistic regression is best (0.96) and beats the baseline (0.33) by 63 points.")
                .section("3. Evaluate the best")
                .plot("Learning curve", LearningCurvePlot.of(EpochCurves.of("loss",
                        new double[] {1.0, 0.7, 0.5, 0.42, 0.38, 0.35}, new double[] {1.05, 0.78, 0.6, 0.55, 0.56, 0.58})))
                .plot("Learning curve over training-set sizes", LearningCurvePlot.trainingSizes("accuracy", new int[] {20, 50, 100, 135},
                        new double[] {1, 0.98, 0.97, 0.97}, new double[] {0, 0.01, 0.01, 0.01},
                        new double[] {0.8, 0.9, 0.94, 0.96}, new double[] {0.08, 0.05, 0.04, 0.04}))
                .plot("Confusion matrix on held-out data", ConfusionMatrixPlot.of(ConfusionMatrix.of(yk, predicted).withNames(classes)))
                .plot("ROC curves", RocPlot.of(rocs))
                .plot("ROC one-vs-rest", RocPlot.oneVsRest(yk, proba, classes))
                .plot(null, PrecisionRecallPlot.of("logistic", PrecisionRecallCurve.of(y, score)))
                .callout(HtmlReport.Level.WARNING, "Validation loss rises after epoch 5: the model starts to overfit.")
                .section("4. Regression check")
                .plot("Residuals", ResidualPlot.of(actual, guess))
                .plot("Actual vs predicted", ResidualPlot.actualVsPredicted(actual, guess))
                .plot("30,000 points: embedded as PNG", ResidualPlot.actualVsPredicted(bigActual, bigGuess))
                .plot("Forecasts", ForecastPlot.of("Cycle: one-step forecasts", years, series,
                        ForecastReport.oneStep(series, 90, 120, NaiveForecaster.persistence(), NaiveForecaster.seasonal(11))))
                .section("5. Present")
                .table(List.of("metric", "value"), List.of(List.of("accuracy", 0.9667), List.of("macro F1", 0.9666)))
                .preformatted("          sepal_length  sepal_width\ncount            150.0        150.0\nmean              5.843        3.057\n<tags> & \"quotes\"")
                .paragraph("The end.");
    }

    @Test
    void everyPictureLoadsWithoutErrorsOrBrokenCharacters() throws Exception {
        Path html = dir.resolve("report.html");
        everything().save(html);
        BrowserCheck.Result r = BrowserCheck.open(html);
        assertTrue(r.ok(), r.summary());
        assertEquals(PLOTS, r.images(), r.summary());
        assertEquals("Spot-check of <five> models & a résumé", r.title());
        // Text arrives as written: escaped markup shows as text, non-ASCII decodes.
        for (String s : List.of("Spot-check of <five> models & a résumé", "R², ± and µ", "<b>not bold</b>", "150 rows × 5 columns",
                "<tags> & \"quotes\"", "0.9533", "1.2e-17", "Warning:", "Good:", "Note:", "5. Present")) {
            assertTrue(r.text().contains(s), "the page's text lacks '" + s + "'");
        }
        assertTrue(r.pageWidth() <= BrowserCheck.WIDTH, "something overflows the page: " + r.pageWidth() + " px wide");
    }

    @Test
    void aBrokenImageAndAnUndecodableByteAreCaught() throws Exception {
        // The checker must be able to fail: a page with a corrupt data: image, a missing file and a stray byte.
        Path html = dir.resolve("broken.html");
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>broken</title></head><body>"
                + "<img alt=\"corrupt\" src=\"data:image/png;base64,AAAA\"><img alt=\"missing\" src=\"missing.png\">"
                + "<p>bad byte: ";
        byte[] head = page.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = "</p></body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xff;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Files.write(html, all);
        BrowserCheck.Result r = BrowserCheck.open(html);
        assertEquals(2, r.images(), r.summary());
        assertEquals(List.of("img corrupt", "img missing"), r.broken(), r.summary());
        assertTrue(r.consoleErrors().stream().anyMatch(e -> e.contains("missing.png")), r.summary());
        assertEquals(1, r.replacementCharacters(), r.summary());
        assertTrue(!r.ok());
    }

    @Test
    void screenshotShowsTheTopOfThePage() throws Exception {
        Path html = dir.resolve("shot.html");
        everything().save(html);
        Path png = dir.resolve("shot.png");
        BrowserCheck.screenshot(html, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "the screenshot is not a PNG");
        assertEquals(BrowserCheck.WIDTH + " x " + BrowserCheck.HEIGHT, image.getWidth() + " x " + image.getHeight());
        long coloured = 0;
        for (int yy = 0; yy < image.getHeight(); yy += 4) for (int xx = 0; xx < image.getWidth(); xx += 4) if ((image.getRGB(xx, yy) & 0xffffff) != 0xffffff) coloured++;
        assertTrue(coloured > 1000, "the screenshot is nearly blank: " + coloured + " sampled pixels are not white");
        // For the README: `-Dfathom.screenshot=docs/report.png` keeps a copy.
        String keep = System.getProperty("fathom.screenshot");
        if (keep != null && !keep.isBlank()) Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
