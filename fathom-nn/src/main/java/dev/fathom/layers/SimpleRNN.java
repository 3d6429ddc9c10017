package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * A fully connected recurrent layer: at each step {@code h = activation(W_ih x_t + b_ih + W_hh h + b_hh)},
 * PyTorch's {@code nn.RNN} (Keras' SimpleRNN).
 *
 * <p>Input {@code [batch, time, features]}; output the last {@code h}, {@code [batch, units]}, or with
 * {@link #returnSequences(boolean) returnSequences(true)} every step's, {@code [batch, time, units]}.
 * {@link #callWithStates} takes an initial {@code h} and also returns the final one.
 * Weights in PyTorch's layout: {@code kernel [units, features]} ({@code weight_ih_l0}),
 * {@code recurrentKernel [units, units]} ({@code weight_hh_l0}), {@code bias [units]}
 * ({@code bias_ih_l0}), {@code recurrentBias [units]} ({@code bias_hh_l0}); so
 * {@code units·(features + units + 2)} parameters.
 *
 * <pre>{@code
 * var model = new Sequential(new SimpleRNN(16), new Dense(1)).build(20, 3);   // 20 steps of 3 features
 * var relu = new SimpleRNN(8).activation("relu").returnSequences(true);     // [batch, 20, 3] -> [batch, 20, 8]
 * }</pre>
 */
public final class SimpleRNN extends Recurrent<SimpleRNN> {

    /** A layer of {@code units} tanh units. */
    public SimpleRNN(int units) {
        super(units);
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    Tensor[] step(Tensor xw, Tensor hw, Tensor[] states) {
        return new Tensor[] {Activations.apply(activationName(), xw.add(hw))};
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static SimpleRNN fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("SimpleRNN", config);
        c.requireOnly(configKeys());
        return readConfig(c, new SimpleRNN(c.integer("units")));
    }
}
