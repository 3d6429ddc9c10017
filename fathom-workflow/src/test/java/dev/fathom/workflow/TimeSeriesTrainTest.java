package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.timeseries.LagFeatures;
import dev.fathom.datasets.Datasets;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fathom train on a time series: the bundled yearly sunspots, end to end, and the refusals of series it cannot use. */
class TimeSeriesTrainTest {
    @TempDir
    static Path dir;

    private static final Table SUNSPOTS = Datasets.load("sunspots").table();   // YEAR 1700..2008, SUNACTIVITY
    private static TrainResult run;

    @BeforeAll
    static void trainOnce() {
        run = Fathom.train(Datasets.load("sunspots"), TrainOptions.defaults().outputDir(dir.resolve("sun")).quiet());
    }

    @Test
    void aBuiltInSeriesIsForecastFromLagsThatCoverTwoOfItsElevenYearCycles() {
        assertEquals("SUNACTIVITY", run.problem().target());
        assertTrue(run.problem().reason().startsWith("'YEAR' marks a time series"), run.problem().reason());
        assertTrue(run.decisions().stream().anyMatch(d -> d.startsWith("features: the last 22 values of 'SUNACTIVITY'")
                && d.contains("(less its trend) peaks at lag 11")), run.decisions().toString());
        List<String> names = run.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        for (String expected : List.of("persistence (last value)", "seasonal naive (11 steps back)", "linear regression", "k-NN k=5",
                "MLP 64 dropout 0.1 lr 0.001", "LSTM 32 lr 0.001")) {
            assertTrue(names.contains(expected), names.toString());
        }
        // Time-series folds: 5 of them, each testing on the span after its training rows.
        assertEquals(5, run.leaderboard().entry("persistence (last value)").foldScores().length);
    }

    @Test
    void theTestSpanIsTheLatestYearsAndTheSavedModelReproducesItsForecasts() throws IOException {
        List<String> lines = Files.readAllLines(run.predictionsPath());
        assertEquals("YEAR,SUNACTIVITY (actual),SUNACTIVITY (predicted)", lines.getFirst());
        // 309 years less 22 lags = 287 forecast steps; the test split is ceil(0.2 * 287) = 58 of them, the latest.
        assertEquals(1 + 58, lines.size());
        Table lagged = LagFeatures.of(SUNSPOTS, List.of("SUNACTIVITY"), 22, "YEAR", "SUNACTIVITY");
        int[] last = java.util.stream.IntStream.range(287 - 58, 287).toArray();
        Table test = lagged.rows(last);
        float[] predicted = Pipeline.load(run.modelPath()).predict(test.drop("YEAR")).toFloatArray();
        for (int i = 0; i < 58; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertEquals(Integer.toString(1951 + i), f[0]);
            assertEquals(test.column("SUNACTIVITY").text(i), f[1]);
            assertEquals(Float.toString(predicted[i]), f[2], "year " + f[0]);
        }
    }

    @Test
    void theModelBeatsPersistenceOnTheTestSpanAndSaysByHowMuch() {
        // Persistence computed here from the series itself: the forecast of year t is year t-1's value.
        double[] y = SUNSPOTS.numeric("SUNACTIVITY").values();
        double sum = 0;
        for (int t = 309 - 58; t < 309; t++) sum += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
        double persistence = Math.sqrt(sum / 58);
        String line = run.decisions().stream().filter(d -> d.startsWith("one-step forecasts of the 58 test steps")).findFirst().orElseThrow();
        assertTrue(line.contains(String.format(java.util.Locale.ROOT, "persistence %.4g", persistence)), line + " vs " + persistence);
        double rmse = run.testMetrics().get("rmse");
        assertTrue(rmse < persistence, "model RMSE " + rmse + " against persistence " + persistence);
        assertTrue(line.contains("below the best baseline's error"), line);
    }

    @Test
    void theReportDrawsTheForecastsAgainstTheActualSeries() throws IOException {
        String html = Files.readString(run.reportPath());
        assertTrue(html.contains("One-step forecasts against the actual series on the test span"));
        assertTrue(html.contains("One-step forecasts of the 58 test steps"));
        // Worded for a series: its samples are time steps, and the checks named are those made on a series.
        assertTrue(html.contains("Scores on the untouched test split (58 time steps)"), "the test split is counted in time steps");
        assertTrue(html.contains("The latest 20% of the time steps (58)"), "the test split is the latest steps");
        assertTrue(html.contains(run.problem().rows() + " time steps; seed"), "the subtitle counts time steps");
        assertTrue(html.contains("No warning: no constant or ID-like column."), "the checks named are a series' checks");
    }

    @Test
    void rowsOutOfTimeOrderAreSortedFirstAndGiveTheSameForecasts() throws IOException {
        int n = SUNSPOTS.rowCount();
        int[] shuffled = java.util.stream.IntStream.range(0, n).toArray();
        Random r = new Random(3);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        List<String> log = new ArrayList<>();
        TrainResult again = Fathom.train("shuffled", SUNSPOTS.rows(shuffled), "SUNACTIVITY",
                TrainOptions.defaults().timeColumn("YEAR").outputDir(dir.resolve("shuffled")).progress(log::add));
        assertTrue(again.decisions().stream().anyMatch(d -> d.startsWith("the rows were sorted by 'YEAR' (1700 to 2008)")), log.toString());
        assertEquals(Files.readAllLines(run.predictionsPath()), Files.readAllLines(again.predictionsPath()));
    }

    @Test
    void seriesItCannotForecastAreRefusedWithTheReason() {
        TrainOptions o = TrainOptions.defaults().quiet().outputDir(dir.resolve("bad")).timeColumn("year");
        double[] years = new double[40];
        double[] values = new double[40];
        for (int i = 0; i < 40; i++) {
            years[i] = 1980 + i;
            values[i] = Math.sin(i);
        }
        Table ok = Table.of(NumericColumn.of("year", years), NumericColumn.of("value", values));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Fathom.train(ok, "value", o.timeColumn("yaer")));
        assertTrue(unknown.getMessage().contains("'year'"), unknown.getMessage());

        years[7] = 1980;
        Table repeated = Table.of(NumericColumn.of("year", years), NumericColumn.of("value", values));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Fathom.train(repeated, "value", o));
        assertTrue(dup.getMessage().startsWith("the time column 'year' has the value 1980 in rows 1 and 8; a time series needs one row per"
                + " time step"), dup.getMessage());

        String[] words = new String[40];
        java.util.Arrays.fill(words, "up");
        words[3] = "down";
        Table text = ok.with(CategoricalColumn.of("trend", words));
        IllegalArgumentException notNumeric = assertThrows(IllegalArgumentException.class, () -> Fathom.train(text, "trend", o));
        assertTrue(notNumeric.getMessage().contains("the target 'trend' is categorical; a time series forecast needs a numeric target"),
                notNumeric.getMessage());

        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> Fathom.train(ok, "year", o));
        assertTrue(same.getMessage().contains("the time column and the target are both 'year'"), same.getMessage());

        Table shortSeries = ok.first(15);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> Fathom.train(shortSeries, "value", o));
        assertTrue(tooShort.getMessage().contains("too few (at least 20); use a longer series"), tooShort.getMessage());
    }

    @Test
    void aPlantedSeasonIsFoundAndATrendIsNotMistakenForOne() {
        Random r = new Random(1);
        double[] seasonal = new double[200];
        double[] trend = new double[200];
        for (int i = 0; i < 200; i++) {
            seasonal[i] = Math.sin(2 * Math.PI * i / 12) + 0.2 * r.nextGaussian();
            trend[i] = 0.5 * i + r.nextGaussian();
        }
        assertEquals(12, TimeSeriesStep.season(seasonal, 30));
        assertEquals(0, TimeSeriesStep.season(trend, 30));
    }
}
