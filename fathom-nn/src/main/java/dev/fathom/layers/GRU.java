package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * Gated recurrent unit, PyTorch's {@code nn.GRU} (Keras' GRU with {@code reset_after=True}): at each
 * step, with σ the recurrent activation (sigmoid) and tanh the activation,
 * <pre>
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 * h = (1 - z) * n + z * h
 * </pre>
 *
 * <p>Input {@code [batch, time, features]}; output the last {@code h}, {@code [batch, units]}, or with
 * {@link #returnSequences(boolean) returnSequences(true)} every step's, {@code [batch, time, units]}.
 * {@link #callWithStates} takes an initial {@code h} and returns {@code [output, h]}.
 *
 * <p>Weights in PyTorch's layout and gate order (r, z, n), so {@code nn.GRU}'s load one for one:
 * {@code kernel [3·units, features]} ({@code weight_ih_l0}), {@code recurrentKernel [3·units, units]}
 * ({@code weight_hh_l0}), {@code bias [3·units]} ({@code bias_ih_l0}), {@code recurrentBias [3·units]}
 * ({@code bias_hh_l0}); the recurrent bias of n is inside the reset product, which is why there are two.
 *
 * <pre>{@code
 * var model = new Sequential(new GRU(32), new Dense(3)).build(40, 6);   // [batch, 40, 6] -> [batch, 3]
 * }</pre>
 */
public final class GRU extends Recurrent<GRU> {
    private String recurrentActivation = "sigmoid";

    /** A layer of {@code units} units. */
    public GRU(int units) {
        super(units);
    }

    /** The reset and update gates' activation (default {@code "sigmoid"}). */
    public GRU recurrentActivation(String activation) {
        this.recurrentActivation = Activations.check(activation);
        return this;
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    Tensor[] step(Tensor xw, Tensor hw, Tensor[] states) {
        int u = units();
        Tensor[] xi = xw.split(1, u, u, u);
        Tensor[] hh = hw.split(1, u, u, u);
        Tensor r = Activations.apply(recurrentActivation, xi[0].add(hh[0]));
        Tensor z = Activations.apply(recurrentActivation, xi[1].add(hh[1]));
        Tensor n = Activations.apply(activationName(), xi[2].add(r.mul(hh[2])));
        // (1 - z) * n + z * h, written as n + z * (h - n): one op fewer per step.
        Tensor h = n.add(z.mul(states[0].sub(n)));
        return new Tensor[] {h};
    }

    @Override
    void putGateConfig(Map<String, Object> c) {
        c.put("recurrentActivation", recurrentActivation);
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GRU fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("GRU", config);
        c.requireOnly(configKeys("recurrentActivation"));
        return readConfig(c, new GRU(c.integer("units")))
                .recurrentActivation(c.string("recurrentActivation", "sigmoid"));
    }
}
