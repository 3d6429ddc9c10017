package dev.fathom.forecast;

import dev.fathom.models.Model;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A trained network as a {@link Forecaster}: it reads the last {@code lookback} values (scaled by
 * the {@link SeriesScaler} fitted on the training span, when one is given) and predicts the next
 * {@code H} values, mapped back to the series' units.
 *
 * <p>The model takes windows {@code [batch, lookback, 1]} (recurrent layers) or
 * {@code [batch, lookback]} (dense layers) and returns {@code [batch, H]} or {@code [batch, H, 1]}:
 * what it learned from {@code SlidingWindows.of(lookback, H)} windows of the scaled series.
 * Multi-step forecasts follow from {@code H}:
 * <ul>
 *   <li><b>direct</b> ({@code horizon <= H}): one call predicts every lead time at once, each by
 *       its own output unit, so errors do not compound;</li>
 *   <li><b>recursive</b> ({@code horizon > H}, e.g. {@code H = 1}): the model's predictions are
 *       appended to the window and fed back in, {@code H} steps per call, until the horizon is
 *       reached. The first step is then exactly the one-step forecast.</li>
 * </ul>
 * All origins of {@link #rolling} and all steps of {@link #oneStep} go through the model as one
 * batch per call.
 *
 * <pre>{@code
 * SeriesScaler scaler = SeriesScaler.standard().fit(y, 0, trainEnd);
 * Model model = new Sequential(new LSTM(32), new Dense(1)).seed(0).build(lookback, 1)
 *         .compile(new Adam(1e-2), new MeanSquaredError());
 * model.fit(windows.x(), windows.y(), Fit.epochs(60).batchSize(32).seed(0).silent());
 * ModelForecaster lstm = new ModelForecaster("LSTM", model, scaler);
 * double[] next = lstm.oneStep(y, trainEnd, y.length);       // one-step-ahead over the test span
 * double[] path = lstm.forecast(Arrays.copyOf(y, trainEnd), 10);   // 10 years, fed back recursively
 * }</pre>
 */
public final class ModelForecaster implements Forecaster {
    private final String name;
    private final Model model;
    private final SeriesScaler scaler;
    private final int lookback;
    private final int outputs;
    private final boolean channelAxis;

    /**
     * Wraps a built model whose input is {@code [lookback, 1]} or {@code [lookback]} and whose output
     * is {@code [H]} or {@code [H, 1]}.
     *
     * @param name   the name for reports and plots
     * @param model  the trained network
     * @param scaler the scaler fitted on the training span that scaled the training windows, or
     *               null when the model was trained on the series as it is
     * @throws IllegalArgumentException when the model is not built, has other shapes, or the scaler is not fitted
     */
    public ModelForecaster(String name, Model model, SeriesScaler scaler) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("ModelForecaster '" + name + "': the model is not built; build it with the"
                    + " window's shape, e.g. model.build(lookback, 1), and train it before forecasting");
        }
        int[] in = model.inputShape();
        int[] out = model.outputShape();
        if (!(in.length == 1 || (in.length == 2 && in[1] == 1))) {
            throw new IllegalArgumentException("ModelForecaster '" + name + "': the model takes samples of shape "
                    + Arrays.toString(in) + " but a univariate window is [lookback, 1] (recurrent layers) or [lookback]"
                    + " (dense layers); build it with build(lookback, 1)");
        }
        if (!(out.length == 1 || (out.length == 2 && out[1] == 1))) {
            throw new IllegalArgumentException("ModelForecaster '" + name + "': the model returns samples of shape "
                    + Arrays.toString(out) + " but a forecast is [H] or [H, 1] (H future steps); end it with Dense(H)");
        }
        if (scaler != null && !scaler.isFitted()) {
            throw new IllegalArgumentException("ModelForecaster '" + name + "': the scaler is not fitted; fit it on the"
                    + " training span (scaler.fit(series, 0, trainEnd)) and train the model on the scaled windows");
        }
        this.scaler = scaler;
        this.lookback = in[0];
        this.outputs = out[0];
        this.channelAxis = in.length == 2;
    }

    @Override
    public String name() {
        return name;
    }

    /** The lookback the model reads. */
    @Override
    public int minHistory() {
        return lookback;
    }

    /** The window length the model reads. */
    public int lookback() {
        return lookback;
    }

    /** How many future steps one call of the model predicts ({@code H}). */
    public int outputSteps() {
        return outputs;
    }

    /** The wrapped model. */
    public Model model() {
        return model;
    }

    /** {@code "direct"} when one model call covers {@code horizon} steps, else {@code "recursive"}. */
    public String strategy(int horizon) {
        Spans.checkHorizon(name, "strategy", horizon);
        return horizon <= outputs ? "direct" : "recursive";
    }

    @Override
    public double[][] rolling(double[] series, int firstOrigin, int lastOrigin, int horizon) {
        Spans.check(name, "rolling", series, firstOrigin, lastOrigin, lookback, true);
        Spans.checkHorizon(name, "rolling", horizon);
        int origins = lastOrigin - firstOrigin + 1;
        // Each origin's path in model units: its lookback window, then the predictions as they come.
        double[][] path = new double[origins][lookback + horizon + outputs];
        for (int o = 0; o < origins; o++) {
            int t = firstOrigin + o;
            for (int k = 0; k < lookback; k++) {
                double v = series[t - lookback + k];
                path[o][k] = scaler == null ? v : scaler.transform(v);
            }
        }
        for (int done = 0; done < horizon; done += outputs) {
            float[] x = new float[origins * lookback];
            for (int o = 0; o < origins; o++) {
                for (int k = 0; k < lookback; k++) x[o * lookback + k] = (float) path[o][done + k];
            }
            Tensor batch = channelAxis ? Tensor.of(x, origins, lookback, 1) : Tensor.of(x, origins, lookback);
            float[] y;
            try (Tensor predicted = model.predict(batch)) {
                y = predicted.toFloatArray();
            }
            for (int o = 0; o < origins; o++) {
                for (int j = 0; j < outputs; j++) path[o][lookback + done + j] = y[o * outputs + j];
            }
        }
        double[][] out = new double[origins][horizon];
        for (int o = 0; o < origins; o++) {
            for (int h = 0; h < horizon; h++) {
                double v = path[o][lookback + h];
                out[o][h] = scaler == null ? v : scaler.inverseTransform(v);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ModelForecaster(" + name + ", lookback " + lookback + ", " + outputs + " output step" + (outputs == 1 ? "" : "s")
                + (scaler != null ? ", " + scaler : "") + ")";
    }
}
