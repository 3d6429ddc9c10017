package dev.fathom.cli;

import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fathom train FILE --target COL --time-column COL}: a monthly series in a CSV file with dates, end to end. */
class TrainTimeSeriesCommandTest {
    @TempDir
    Path dir;

    /** Ten years of monthly sales with a yearly season, a trend, noise and a price column; the rows written newest first. */
    private Path monthlySales() throws IOException {
        Random r = new Random(5);
        StringBuilder csv = new StringBuilder("month,sales,price,region\n");
        for (int i = 119; i >= 0; i--) {
            double season = 10 * Math.sin(2 * Math.PI * i / 12);
            csv.append(LocalDate.of(2015, 1, 1).plusMonths(i)).append(',')
                    .append(String.format(Locale.ROOT, "%.2f,%.2f,%s%n", 100 + 0.5 * i + season + r.nextGaussian(), 5 + 0.01 * i,
                            i % 2 == 0 ? "north" : "south"));
        }
        Path file = dir.resolve("sales.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void aCsvSeriesWithDatesIsSortedLaggedForecastAndSaved() throws IOException {
        Path out = dir.resolve("run");
        Path sales = monthlySales();
        Cli.Run run = Cli.run("train", sales.toString(), "--target", "sales", "--time-column", "month", "--out", out.toString(),
                "--time-budget", "60s");
        assertEquals(0, run.code(), run.err() + run.out());
        String o = run.out();
        assertTrue(o.contains("the rows were sorted by 'month' (2015-01-01 to 2024-12-01)"), o);
        assertTrue(o.contains("(less its trend) peaks at lag 12 (a season of 12 steps): 19 lags cover one season"), o);
        assertTrue(o.contains("column 'region' (categorical): dropped; a categorical column; only numeric columns give lag features here"), o);
        assertTrue(o.contains("persistence (last value)") && o.contains("seasonal naive (12 steps back)") && o.contains("LSTM 32 lr 0.001"), o);
        assertTrue(o.contains("one-step forecasts of the"), o);
        Table predictions = CsvReader.read(out.resolve("predictions.csv"));
        assertEquals("month", predictions.columnNames().getFirst());
        // 120 months less 19 lags (a fifth of the 96 training months) = 101 forecast steps; the latest ceil(0.2 * 101) = 21
        // are the test span, in time order.
        assertEquals(21, predictions.rowCount());
        assertEquals("2023-04-01", predictions.column("month").text(0));
        assertEquals("2024-12-01", predictions.column("month").text(20));
        assertTrue(Files.size(out.resolve("model.fathom")) > 0);
        assertTrue(Files.readString(out.resolve("report.html")).contains("One-step forecasts against the actual series"));

        // fathom predict on the raw series: every step with a full past, in time order, then the next month.
        Path forecasts = dir.resolve("forecasts.csv");
        Cli.Run predict = Cli.run("predict", out.resolve("model.fathom").toString(), sales.toString(), "--out", forecasts.toString());
        assertEquals(0, predict.code(), predict.err());
        assertTrue(predict.err().contains("is read as a series ordered by 'month': the model forecasts each step from the 19 before it,"
                + " so steps 20 to 120 (2016-08-01 to 2024-12-01) and the next one after the last"), predict.err());
        List<String> lines = Files.readAllLines(forecasts);
        assertEquals("month,sales", lines.getFirst());
        assertEquals(1 + 101 + 1, lines.size());
        assertTrue(lines.getLast().startsWith("next,"), lines.getLast());
        // The test span's forecasts are those of predictions.csv, to the last digit.
        List<String> test = Files.readAllLines(out.resolve("predictions.csv"));
        for (int i = 1; i <= 21; i++) {
            String[] expected = test.get(i).split(",");
            assertEquals(expected[0] + "," + expected[2], lines.get(1 + 101 - 21 + i - 1), "test step " + i);
        }
    }

    @Test
    void aTimeColumnOnAFolderOfImagesIsRefused() throws IOException {
        Path images = Files.createDirectories(dir.resolve("photos/cats"));
        Cli.Run run = Cli.run("train", images.getParent().toString(), "--time-column", "date");
        assertEquals(1, run.code());
        assertTrue(run.err().contains("--time-column orders the rows of a table, but"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
