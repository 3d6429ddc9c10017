// Run: ./fathom examples/SunspotsLstm.java [output.png]
//
// Forecasting a real series the careful way, with the data bundled in Fathom: the yearly sunspot
// numbers 1700-2008, a cycle of about 11 years. Split by time (the test span is never looked at
// until the end), scale with statistics of the training span only, train an LSTM on windows of
// the past, and judge its one-step forecasts of the test span next to two baselines any forecast
// must beat: persistence (next year = this year) and seasonal naive (next year = 11 years ago).

import dev.fathom.data.timeseries.SlidingWindows;
import dev.fathom.data.timeseries.TimeSplit;
import dev.fathom.data.timeseries.WindowSplit;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.forecast.ForecastReport;
import dev.fathom.forecast.ModelForecaster;
import dev.fathom.forecast.NaiveForecaster;
import dev.fathom.forecast.SeriesScaler;
import dev.fathom.layers.Dense;
import dev.fathom.layers.LSTM;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.metrics.Regression;
import dev.fathom.models.EarlyStopping;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.plots.ForecastPlot;
import dev.fathom.plots.Plot;
import dev.fathom.tensor.Tensor;

import org.knowm.xchart.XYChart;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public class SunspotsLstm {
    static final int LOOKBACK = 22;       // two solar cycles of history per forecast
    static final int SEASON = 11;         // the solar cycle, for the seasonal-naive baseline

    public static void main(String[] args) {
        // 1. The series and the split: training 1700-1899, validation 1900-1946, test 1947-2008.
        TabularDataset data = Datasets.load("sunspots");
        double[] y = data.table().numeric("SUNACTIVITY").values();
        double[] years = data.table().numeric("YEAR").values();
        int validationStart = 200;
        int testStart = (int) (y.length * 0.8);   // 247: 1947
        System.out.printf("%s: %d years; training %.0f-%.0f, validation %.0f-%.0f, test %.0f-%.0f%n", data.title(), y.length,
                years[0], years[validationStart - 1], years[validationStart], years[testStart - 1], years[testStart],
                years[y.length - 1]);

        // 2. Scale with the training span's mean and std only: the test span stays unseen.
        SeriesScaler scaler = SeriesScaler.standard().fit(y, 0, validationStart);
        float[] scaled = new float[y.length];
        double[] z = scaler.transform(y);
        for (int t = 0; t < y.length; t++) scaled[t] = (float) z[t];

        // 3. Windows: 22 years in, the next year out. Validation and test windows may read their inputs
        //    from the years before their span (the known past), never their targets.
        WindowSplit parts = SlidingWindows.of(LOOKBACK, 1)
                .split(Tensor.of(scaled, y.length, 1), TimeSplit.at(validationStart, testStart).inputsFromEarlierParts(true));
        System.out.println(parts);

        // 4. The model: LSTM(32) -> Dense(1), trained with early stopping on the validation span.
        Sequential model = new Sequential(new LSTM(32), new Dense(1)).seed(0);
        model.build(LOOKBACK, 1);
        model.compile(new Adam(5e-3), new MeanSquaredError());
        var stop = new EarlyStopping("val_loss", 20, true);
        long t0 = System.nanoTime();
        model.fit(parts.train().x(), parts.train().y(), Fit.epochs(150).batchSize(32).seed(0).silent()
                .validationData(parts.validation().x(), parts.validation().y()).callbacks(stop));
        System.out.printf("trained %d epochs (best %d) in %.1f s%n", model.epochsCompleted(), stop.bestEpoch() + 1,
                (System.nanoTime() - t0) / 1e9);

        // 5. One-step forecasts of the test span, each from the actual years before it.
        ModelForecaster lstm = new ModelForecaster("LSTM(32)", model, scaler);
        ForecastReport report = ForecastReport.oneStep(y, testStart, y.length,
                NaiveForecaster.persistence(), NaiveForecaster.seasonal(SEASON), lstm);
        System.out.print(report);
        System.out.printf("test RMSE: LSTM %.2f, persistence %.2f, seasonal naive %.2f -> the LSTM %s persistence%n",
                report.rmse("LSTM(32)"), report.rmse("persistence"), report.rmse("seasonal naive (m=11)"),
                report.rmse("LSTM(32)") < report.rmse("persistence") ? "beats" : "does NOT beat");

        // 6. Multi-step: forecast the whole test span from 1946 alone, feeding predictions back (recursive).
        int steps = y.length - testStart;
        double[] history = Arrays.copyOf(y, testStart);
        double[] actual = Arrays.copyOfRange(y, testStart, y.length);
        double[] recursive = lstm.forecast(history, steps);
        double[] seasonal = NaiveForecaster.seasonal(SEASON).forecast(history, steps);
        System.out.printf("%d years ahead (%s): RMSE LSTM %.2f, seasonal naive %.2f, persistence %.2f%n", steps,
                lstm.strategy(steps), Regression.rmse(actual, recursive), Regression.rmse(actual, seasonal),
                Regression.rmse(actual, NaiveForecaster.persistence().forecast(history, steps)));
        // Error by lead time: every test origin, 1 to 5 years ahead.
        double[][] rolling = lstm.rolling(y, testStart, y.length - 5, 5);
        StringBuilder byLead = new StringBuilder("rolling RMSE by lead time (years 1..5):");
        for (int h = 0; h < 5; h++) {
            double[] f = new double[rolling.length];
            double[] a = new double[rolling.length];
            for (int o = 0; o < rolling.length; o++) {
                f[o] = rolling[o][h];
                a[o] = y[testStart + o + h];
            }
            byLead.append(String.format(" %.1f", Regression.rmse(a, f)));
        }
        System.out.println(byLead);

        // 7. The picture: one-step forecasts against the actual series.
        Path out = Path.of(args.length > 0 ? args[0] : "sunspots-forecast.png");
        Plot plot = ForecastPlot.of("Sunspots: one-step forecasts of " + (int) years[testStart] + "-" + (int) years[y.length - 1],
                "year", "sunspot number", years, y, report);
        ((XYChart) plot.chart()).getStyler().setXAxisMin(1900.0);   // the test span with some history
        plot.save(out);
        Map<String, double[]> paths = new LinkedHashMap<>();
        paths.put("LSTM, recursive", recursive);
        paths.put("seasonal naive", seasonal);
        Path multi = out.resolveSibling(out.getFileName().toString().replaceFirst("(\\.[^.]+)$", "-multistep$1"));
        Plot path = ForecastPlot.of("Sunspots: " + steps + " years ahead from " + (int) years[testStart - 1], "year",
                "sunspot number", years, y, testStart, paths);
        ((XYChart) path.chart()).getStyler().setXAxisMin(1900.0);
        path.save(multi);
        System.out.println("plots saved to " + out.toAbsolutePath() + " and " + multi.getFileName());
    }
}
