package dev.fathom.report;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.metrics.ConfusionMatrix;
import dev.fathom.metrics.RocCurve;
import dev.fathom.plots.ConfusionMatrixPlot;
import dev.fathom.plots.LearningCurvePlot;
import dev.fathom.plots.ModelComparisonPlot;
import dev.fathom.plots.ResidualPlot;
import dev.fathom.plots.RocPlot;
import dev.fathom.testing.BrowserCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's figures and tables as Chromium draws them, checked for what made them read badly
 * before: axes without a zero or with labels like ".05", ROC axes ticked at 0 and 1 only, a ±1 std
 * band above an accuracy of 1, legend entries running into each other, axis lines drawn twice, and
 * one score shown as 1.0000, 1 and 0.04623. A screenshot of every figure and table is written to
 * {@code target/report-screenshots/} for a person to look at. Skipped, saying why, without Chromium.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReportFiguresBrowserTest {
    /** Where the page and its screenshots stay after the build, to be looked at. */
    static final Path SHOTS = Path.of("target", "report-screenshots");

    /** Figure order in {@link #figures()}. */
    static final int LOSS = 0, SIZES = 1, ROC = 2, RESIDUALS = 3, BARS = 4, CONFUSION = 5;

    /** Everything the checks read from the page, per chart, in screen pixels: [left, top, right, bottom] boxes. */
    private static final String MEASURE = """
            const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
            const styled = (els, s) => [...els].filter(e => (e.getAttribute('style') || '').includes(s));
            return [...document.querySelectorAll('figure svg.chart')].map(svg => ({
              desc: svg.querySelector('desc') ? svg.querySelector('desc').textContent : '',
              frames: styled(svg.querySelectorAll('rect'), 'stroke:rgb(153,153,153)').map(box),
              legends: styled(svg.querySelectorAll('rect'), 'stroke:rgb(204,204,204)').map(box),
              texts: [...svg.querySelectorAll('g[transform]')].map(box),
              lines: [...svg.querySelectorAll('line')].map(box),
              symbols: [...svg.querySelectorAll('line, ellipse')].map(box),
              bands: styled(svg.querySelectorAll('path'), 'fill-opacity').map(box)
            }));
            """;

    private static final String CELLS = """
            return [...document.querySelectorAll('table')].map(t => [...t.querySelectorAll('tbody tr')].map(
                r => [...r.children].map(c => (c.classList.contains('num') ? '#' : '') + c.textContent)));
            """;

    private static Path html;
    private static List<Map<String, Object>> charts;

    @BeforeAll
    static void drawOnce() throws Exception {
        if (BrowserCheck.unavailable().isPresent()) return;
        Files.createDirectories(SHOTS);
        html = SHOTS.resolve("figures.html");
        figures().save(html);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measured = (List<Map<String, Object>>) BrowserCheck.evaluate(html, MEASURE);
        charts = measured;
    }

    /** Per test, so that each one shows as skipped with the reason. */
    @BeforeEach
    void browser() {
        BrowserCheck.assumeAvailable();
    }

    /** The figures and tables a report got wrong before; each figure's trap is in its caption. */
    static HtmlReport figures() {
        Random random = new Random(3);
        double[] actual = new double[89];
        double[] predicted = new double[actual.length];
        for (int i = 0; i < actual.length; i++) {
            predicted[i] = 10 + 5 * random.nextDouble();
            actual[i] = predicted[i] + random.nextGaussian();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("cross-validated accuracy", 1.0);
        summary.put("std over the folds", 0.046234);
        summary.put("folds", 5);
        return new HtmlReport("Figures as a paper prints them")
                .section("Curves")
                .plot("A loss falling to 0.05: the axis starts at 0", LearningCurvePlot.of(EpochCurves.of("loss",
                        new double[] {1.0, 0.5, 0.2, 0.1, 0.06, 0.05}, new double[] {1.02, 0.55, 0.3, 0.2, 0.18, 0.19})))
                .plot("Accuracy of 0.99 ± 0.03: the band stops at 1", LearningCurvePlot.trainingSizes("accuracy", new int[] {10, 20, 40, 80},
                        new double[] {0.99, 0.99, 0.98, 0.97}, new double[] {0.03, 0.03, 0.04, 0.05},
                        new double[] {0.6, 0.75, 0.85, 0.9}, new double[] {0.2, 0.12, 0.1, 0.08}))
                .plot("A perfect model's ROC curve: ticks every 0.2", RocPlot.of("perfect", RocCurve.of(new int[] {0, 0, 0, 0, 1, 1, 1, 1},
                        new double[] {0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9})))
                .plot("Residuals: legend entries apart", ResidualPlot.of(actual, predicted))
                .plot("Log loss bars: zero and leading zeros", ModelComparisonPlot.of(List.of("logistic", "kNN", "tree"),
                        new double[] {0.046, 0.081, 0.12}, new double[] {0.01, 0.02, 0.05}, "log_loss"))
                .plot("A confusion matrix: one line per axis", ConfusionMatrixPlot.of(ConfusionMatrix.of(new int[] {0, 0, 1, 1, 2, 2},
                        new int[] {0, 1, 1, 1, 2, 0}).withNames(List.of("cat", "dog", "bird"))))
                .section("Tables")
                .keyValues(summary)
                .table("Leaderboard", List.of("model", "mean accuracy", "std", "folds"), List.of(
                        List.of("logistic", 1.0, 0.046234, 5), List.of("kNN", 0.953333, 0.05, 5), List.of("dummy", 1 / 3.0, 1.2e-17, 5)), 0)
                .table("Errors", List.of("model", "RMSE"), List.of(List.of("ridge", 54.123), List.of("mean", 7.5)), -1)
                .table("Large errors", List.of("model", "RMSE"), List.of(List.of("ridge", 54.123), List.of("mean", 12.0)), -1);
    }

    @Test
    void everyFigureAndTableIsPhotographedForAPersonToLookAt() throws Exception {
        List<Path> shots = BrowserCheck.screenshots(html, "figure, .table-wrap", SHOTS, "figures");
        assertEquals(10, shots.size(), "6 figures and 4 tables");
        for (Path png : shots) assertTrue(Files.size(png) > 1000, png + " is nearly empty");
        System.out.println("report screenshots: " + SHOTS.toAbsolutePath());
    }

    @Test
    void axesTickAtNiceNumbersWithOneFormatAndAZeroWhereItBelongs() {
        assertEquals(6, charts.size());
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"), ticks(LOSS, "y"), "a loss axis starts at 0");
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), ticks(SIZES, "y"), "an accuracy axis stops at 1");
        List<String> rates = List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0");
        assertEquals(rates, ticks(ROC, "x"), "ROC: false positive rate");
        assertEquals(rates, ticks(ROC, "y"), "ROC: true positive rate");
        assertEquals(List.of("0.00", "0.05", "0.10", "0.15", "0.20"), ticks(BARS, "y"), "bars start at 0, labels with a leading zero");
        List<String> residuals = ticks(RESIDUALS, "y");
        assertTrue(residuals.contains("0"), "residuals are read against 0: " + residuals);
        for (int chart = 0; chart < charts.size(); chart++) {
            for (String axis : List.of("x", "y")) {
                List<String> labels = ticks(chart, axis);
                if (labels.isEmpty()) continue;
                assertEquals(labels.size(), labels.stream().distinct().count(), "chart " + chart + " " + axis + ": " + labels);
                assertEquals(1, labels.stream().map(ReportFiguresBrowserTest::decimals).distinct().count(),
                        "chart " + chart + " " + axis + " axis: one number of decimals on an axis: " + labels);
                for (String l : labels) assertFalse(l.startsWith(".") || l.startsWith("-."), "no leading zero in '" + l + "'");
            }
        }
    }

    @Test
    void tickLabelsAreDrawnWhereTheDescriptionSays() {
        // The description is read from XChart's axes; the drawing must hold as many labels left of the frame.
        for (int chart : List.of(LOSS, SIZES, ROC, BARS)) {
            double[] frame = frame(chart);
            long drawn = boxes(chart, "texts").stream()
                    .filter(b -> b[2] <= frame[0] + 1 && b[3] - b[1] < b[2] - b[0] + 4 && b[1] >= frame[1] - 10).count();
            // The y axis title is drawn turned (taller than wide); tick labels are wider or square.
            assertEquals(ticks(chart, "y").size(), drawn, "chart " + chart + ": y tick labels drawn");
        }
    }

    @Test
    void theStdBandOfAnAccuracyStaysBetweenZeroAndOne() {
        List<double[]> bands = boxes(SIZES, "bands");
        assertEquals(2, bands.size(), "a band for training and one for validation");
        // The y labels' centres are the ticks' heights: 1.0 is the top label, 0.0 the bottom one.
        double[] frame = frame(SIZES);
        List<double[]> labels = new ArrayList<>(boxes(SIZES, "texts").stream()
                .filter(b -> b[2] <= frame[0] + 1 && b[3] - b[1] < b[2] - b[0] + 4).toList());
        labels.sort((a, b) -> Double.compare(a[1], b[1]));
        double one = (labels.getFirst()[1] + labels.getFirst()[3]) / 2;
        double zero = (labels.getLast()[1] + labels.getLast()[3]) / 2;
        for (double[] band : bands) {
            assertTrue(band[1] >= one - 1.5, "a band reaches " + band[1] + " px, above accuracy 1.0 at " + one + " px");
            assertTrue(band[3] <= zero + 1.5, "a band reaches " + band[3] + " px, below accuracy 0.0 at " + zero + " px");
        }
        assertTrue(bands.stream().anyMatch(b -> Math.abs(b[1] - one) < 1.5), "the training band is clipped at 1.0, not dropped");
    }

    @Test
    void legendEntriesAndLabelsDoNotOverlap() {
        for (int chart = 0; chart < charts.size(); chart++) {
            List<double[]> texts = boxes(chart, "texts");
            for (int i = 0; i < texts.size(); i++) {
                for (int j = i + 1; j < texts.size(); j++) {
                    assertFalse(overlap(texts.get(i), texts.get(j)), "chart " + chart + ": texts " + Arrays.toString(texts.get(i))
                            + " and " + Arrays.toString(texts.get(j)) + " overlap");
                }
            }
            for (double[] legend : boxes(chart, "legends")) {
                for (double[] symbol : boxes(chart, "symbols")) {
                    if (!inside(symbol, legend)) continue;
                    for (double[] text : texts) {
                        // A symbol needs a gap before the next entry's text, or the two read as one ("n = 89)- - - zero").
                        assertFalse(overlap(widened(symbol, LEGEND_GAP), text), "chart " + chart + ": legend symbol " + Arrays.toString(symbol) + " runs into text "
                                + Arrays.toString(text));
                    }
                }
            }
        }
    }

    @Test
    void eachAxisHasOneLine() {
        for (int chart = 0; chart < charts.size(); chart++) {
            assertEquals(1, boxes(chart, "frames").size(), "chart " + chart + ": one plot frame");
            double[] frame = frame(chart);
            double width = frame[2] - frame[0];
            double height = frame[3] - frame[1];
            for (double[] line : boxes(chart, "lines")) {
                boolean vertical = line[3] - line[1] > height / 2 && line[2] - line[0] < 2;
                boolean horizontal = line[2] - line[0] > width / 2 && line[3] - line[1] < 2;
                assertFalse(vertical && Math.abs(line[0] - frame[0]) < 10, "chart " + chart + ": a second y axis line beside the frame at "
                        + Arrays.toString(line));
                assertFalse(horizontal && Math.abs(line[3] - frame[3]) < 10, "chart " + chart + ": a second x axis line beside the frame at "
                        + Arrays.toString(line));
            }
        }
    }

    @Test
    void eachTableShowsItsNumbersInOneFormat() {
        @SuppressWarnings("unchecked")
        List<List<List<String>>> tables = (List<List<List<String>>>) BrowserCheck.evaluate(html, CELLS);
        assertEquals(List.of(List.of("cross-validated accuracy", "#1.0000"), List.of("std over the folds", "#0.0462"), List.of("folds", "#5")),
                tables.get(0), "the summary");
        assertEquals(List.of(List.of("logistic", "#1.0000", "#0.0462", "#5"), List.of("kNN", "#0.9533", "#0.0500", "#5"),
                List.of("dummy", "#0.3333", "#1.2e-17", "#5")), tables.get(1), "the same score reads the same in both tables");
        assertEquals(List.of(List.of("ridge", "#54.1230"), List.of("mean", "#7.5000")), tables.get(2),
                "one number of decimals down a column, none lost");
        assertEquals(List.of(List.of("ridge", "#54.12"), List.of("mean", "#12.00")), tables.get(3), "4 significant digits of the smallest");
        Pattern number = Pattern.compile("-?\\d+(\\.\\d+)?|-?\\d(\\.\\d+)?e[-+]\\d{2}");
        for (var table : tables) {
            for (var row : table) for (String cell : row) if (cell.startsWith("#")) assertTrue(number.matcher(cell.substring(1)).matches(), cell);
        }
    }

    /** The tick labels the chart's description lists for its {@code axis}, bottom to top or left to right. */
    private static List<String> ticks(int chart, String axis) {
        String desc = (String) charts.get(chart).get("desc");
        Matcher m = Pattern.compile(axis + " axis: [^;]*?\\(ticks ([^)]*)\\)").matcher(desc);
        return m.find() ? List.of(m.group(1).split(", ")) : List.of();
    }

    private static double[] frame(int chart) {
        return boxes(chart, "frames").getFirst();
    }

    private static List<double[]> boxes(int chart, String kind) {
        @SuppressWarnings("unchecked")
        List<List<Number>> raw = (List<List<Number>>) charts.get(chart).get(kind);
        return raw.stream().map(b -> b.stream().mapToDouble(Number::doubleValue).toArray()).toList();
    }

    private static int decimals(String label) {
        int dot = label.indexOf('.');
        return dot < 0 ? 0 : label.length() - dot - 1;
    }

    /** Whether two boxes share more than half a pixel each way (outlines of neighbouring glyphs may touch). */
    private static boolean overlap(double[] a, double[] b) {
        return Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5;
    }

    /** Pixels a legend's symbol keeps clear of any text, its own included. */
    static final double LEGEND_GAP = 3;

    private static double[] widened(double[] box, double by) {
        return new double[] {box[0] - by, box[1] - by, box[2] + by, box[3] + by};
    }

    /** Whether {@code inner} lies wholly in {@code outer}: a legend's symbols, not the grid lines behind it. */
    private static boolean inside(double[] inner, double[] outer) {
        return inner[0] >= outer[0] && inner[2] <= outer[2] && inner[1] >= outer[1] && inner[3] <= outer[3];
    }
}
