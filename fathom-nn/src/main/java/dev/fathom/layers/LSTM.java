package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Long short-term memory, PyTorch's {@code nn.LSTM}: at each step, with σ the recurrent activation
 * (sigmoid) and tanh the activation,
 * <pre>
 * i = σ(W_ii x + b_ii + W_hi h + b_hi)      f = σ(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)   o = σ(W_io x + b_io + W_ho h + b_ho)
 * c = f * c + i * g                         h = o * tanh(c)
 * </pre>
 *
 * <p>Input {@code [batch, time, features]}; output the last {@code h}, {@code [batch, units]}, or with
 * {@link #returnSequences(boolean) returnSequences(true)} every step's, {@code [batch, time, units]}
 * (what a stacked LSTM takes). {@link #callWithStates} takes initial {@code [h, c]} and returns
 * {@code [output, h, c]}.
 *
 * <p>Weights in PyTorch's layout and gate order (i, f, g, o), so {@code nn.LSTM}'s load one for one:
 * {@code kernel [4·units, features]} ({@code weight_ih_l0}), {@code recurrentKernel [4·units, units]}
 * ({@code weight_hh_l0}), {@code bias [4·units]} ({@code bias_ih_l0}), {@code recurrentBias [4·units]}
 * ({@code bias_hh_l0}). The forget block of {@code bias} starts at 1 ({@link #unitForgetBias}, Keras'
 * default), so that early in training the cell keeps its memory.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new LSTM(64).returnSequences(true),    // [batch, 50, 8] -> [batch, 50, 64]
 *         new LSTM(32),                          //                -> [batch, 32]
 *         new Dense(1, "sigmoid"))
 *     .build(50, 8);
 * }</pre>
 */
public final class LSTM extends Recurrent<LSTM> {
    private String recurrentActivation = "sigmoid";
    private boolean unitForgetBias = true;

    /** A layer of {@code units} cells. */
    public LSTM(int units) {
        super(units);
    }

    /** The gates' activation (default {@code "sigmoid"}). */
    public LSTM recurrentActivation(String activation) {
        this.recurrentActivation = Activations.check(activation);
        return this;
    }

    /** Whether the forget gate's input bias starts at 1 plus what the bias initializer drew (default true). */
    public LSTM unitForgetBias(boolean unitForgetBias) {
        this.unitForgetBias = unitForgetBias;
        return this;
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    String stateNames() {
        return "h, c";
    }

    @Override
    Tensor initialBias(Tensor drawn) {
        if (!unitForgetBias) return drawn;
        int u = units();
        double[] v = drawn.toDoubleArray();
        for (int j = u; j < 2 * u; j++) v[j] += 1;
        return Tensor.of(v, drawn.shape()).asType(drawn.dtype());
    }

    @Override
    Tensor[] step(Tensor xw, Tensor hw, Tensor[] states) {
        int u = units();
        Tensor[] z = xw.add(hw).split(1, u, u, u, u);
        Tensor i = Activations.apply(recurrentActivation, z[0]);
        Tensor f = Activations.apply(recurrentActivation, z[1]);
        Tensor g = Activations.apply(activationName(), z[2]);
        Tensor o = Activations.apply(recurrentActivation, z[3]);
        Tensor c = f.mul(states[1]).add(i.mul(g));
        Tensor h = o.mul(Activations.apply(activationName(), c));
        return new Tensor[] {h, c};
    }

    @Override
    void putGateConfig(Map<String, Object> c) {
        c.put("recurrentActivation", recurrentActivation);
        c.put("unitForgetBias", unitForgetBias);
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static LSTM fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("LSTM", config);
        c.requireOnly(configKeys("recurrentActivation", "unitForgetBias"));
        return readConfig(c, new LSTM(c.integer("units")))
                .recurrentActivation(c.string("recurrentActivation", "sigmoid"))
                .unitForgetBias(c.bool("unitForgetBias", true));
    }
}
