package dev.fathom.cli;

import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import dev.fathom.metrics.MetricBundle;
import dev.fathom.metrics.MetricTask;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.saving.Json;
import dev.fathom.tensor.Numbers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fathom train} and {@code fathom evaluate} show the same metrics: trained on a built-in
 * data set with a fixed seed, the saved model evaluated on exactly the test split that train held
 * out (the rows listed in its predictions.csv) gives the same names, in the same order, with the
 * same values as train's report.
 */
class TrainThenEvaluateTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"iris, CLASSIFICATION", "breast_cancer, BINARY", "diabetes, REGRESSION"})
    void evaluateOnTheHeldOutRowsShowsTrainsReportMetrics(String dataset, MetricTask task) throws Exception {
        Path run = dir.resolve("run");
        // A short budget keeps the test quick; whichever model it picks, both commands judge that one.
        Cli.Run train = Cli.run("train", dataset, "--out", run.toString(), "--seed", "7", "--time-budget", "10s");
        assertEquals(0, train.code(), train.err());

        // The held-out rows, as train lists them in predictions.csv, written as a file for evaluate.
        List<Map<String, String>> predictions = Fixtures.readRows(Files.readString(run.resolve("predictions.csv")));
        int[] rows = predictions.stream().mapToInt(r -> Integer.parseInt(r.get("row"))).toArray();
        Table heldOut = Datasets.load(dataset).table().rows(rows);
        Path data = Fixtures.writeCsv(heldOut, dir.resolve("held-out.csv"));
        Path json = dir.resolve("metrics.json");
        Cli.Run evaluate = Cli.run("evaluate", run.resolve("model.fathom").toString(), data.toString(), "--out", json.toString());
        assertEquals(0, evaluate.code(), evaluate.err());
        @SuppressWarnings("unchecked")
        Map<String, Number> evaluated = (Map<String, Number>) Json.parse(Files.readString(json), "metrics.json").get("metrics");

        // Exactly: train's metrics as it saved them with the model, against evaluate's.
        @SuppressWarnings("unchecked")
        Map<String, Number> trained = (Map<String, Number>) Pipeline.load(run.resolve("model.fathom")).metadata().get("test");
        // The standard bundle in its order; a regressor that predicts a negative value has no RMSLE (with a note).
        List<String> bundle = MetricBundle.standard(task).names();
        assertEquals(bundle.stream().filter(trained::containsKey).toList(), List.copyOf(trained.keySet()));
        assertTrue(trained.keySet().containsAll(task == MetricTask.REGRESSION ? List.of("rmse", "mae", "r2", "adjusted_r2") : bundle),
                trained.toString());
        assertEquals(doubles(trained), doubles(evaluated));

        // As shown: the report's metric table and train's summary line, against evaluate's printed table.
        String html = Files.readString(run.resolve("report.html"));
        Map<String, String> reportTable = reportTable(html);
        assertEquals(List.copyOf(evaluated.keySet()), List.copyOf(reportTable.keySet()), "report rows");
        for (var e : reportTable.entrySet()) {
            double shown = Double.parseDouble(e.getValue());
            double value = evaluated.get(e.getKey()).doubleValue();
            // Within half a unit of the last digit shown (the report's tables print one format per column).
            int dot = e.getValue().indexOf('.');
            double lastDigit = Math.pow(10, -(dot < 0 ? 0 : e.getValue().length() - dot - 1));
            assertEquals(value, shown, 0.5 * lastDigit * (1 + 1e-9), e.getKey() + " in the report: " + e.getValue());
        }
        Map<String, String> trainLine = new LinkedHashMap<>();
        Matcher line = Pattern.compile("on the untouched test split \\(\\d+ rows\\): (.*)").matcher(train.out());
        assertTrue(line.find(), train.out());
        for (String part : line.group(1).split(", ")) trainLine.put(part.split(" ")[0], part.split(" ")[1]);
        assertEquals(printedTable(evaluate.out(), evaluated.keySet()), trainLine);
    }

    private static Map<String, Double> doubles(Map<String, Number> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    /** The rows of the report's "Scores on the untouched test split" table: metric to the text shown. */
    private static Map<String, String> reportTable(String html) {
        int start = html.indexOf("<caption>Scores on the untouched test split");
        assertTrue(start >= 0, "no metric table in the report");
        String table = html.substring(start, html.indexOf("</table>", start));
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td></tr>").matcher(table);
        while (m.find()) rows.put(m.group(1), m.group(2));
        return rows;
    }

    /** Evaluate's printed metric lines ("accuracy            0.9667", "log_loss            0.08123"): metric to the text shown. */
    private static Map<String, String> printedTable(String out, Iterable<String> names) {
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>(out.lines().toList());
        for (String name : names) {
            String found = lines.stream().filter(l -> l.matches(Pattern.quote(name) + " +\\S+")).findFirst().orElseThrow(
                    () -> new AssertionError("evaluate printed no line for " + name + ":\n" + out));
            rows.put(name, found.substring(name.length()).strip());
        }
        // Four significant digits, as every message prints numbers (dev.fathom.tensor.Numbers).
        assertTrue(rows.values().stream().allMatch(v -> v.equals(Numbers.format(Double.parseDouble(v)))), rows.toString());
        return rows;
    }
}
