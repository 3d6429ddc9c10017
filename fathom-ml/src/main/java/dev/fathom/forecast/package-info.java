/**
 * Forecasting a univariate series: baselines ({@link dev.fathom.forecast.NaiveForecaster}
 * persistence and seasonal naive), a trained network as a forecaster
 * ({@link dev.fathom.forecast.ModelForecaster}, direct or recursive multi-step), scaling fitted on
 * the training span only ({@link dev.fathom.forecast.SeriesScaler}), and scores of one span
 * against its actual values ({@link dev.fathom.forecast.ForecastReport}). Windows for training come
 * from {@code SlidingWindows} in the time-series data package; plots from {@code ForecastPlot} in
 * the plots module.
 *
 * <pre>{@code
 * double[] y = Datasets.load("sunspots").table().numeric("SUNACTIVITY").values();
 * int testStart = y.length - 60;
 * ForecastReport r = ForecastReport.oneStep(y, testStart, y.length,
 *         NaiveForecaster.persistence(), NaiveForecaster.seasonal(11));
 * System.out.println(r);
 * }</pre>
 */
package dev.fathom.forecast;
