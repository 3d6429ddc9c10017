/**
 * Time series for forecasting: {@link dev.fathom.data.timeseries.SlidingWindows} cuts series into
 * input windows {@code [N, lookback, features]} and target windows {@code [N, horizon(, targets)]},
 * and {@link dev.fathom.data.timeseries.TimeSplit} splits them into training, validation and test
 * parts by time, without look-ahead.
 *
 * <pre>{@code
 * WindowSplit parts = SlidingWindows.of(24, 6).split(series, TimeSplit.fractions(0.7, 0.2, 0.1));
 * parts.train().x();   // float32 [N, 24, features]
 * }</pre>
 */
package dev.fathom.data.timeseries;
