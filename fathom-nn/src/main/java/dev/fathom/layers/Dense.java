package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * A fully connected layer: {@code activation(x · kernel + bias)}.
 *
 * <p>Input {@code [batch, features]}, output {@code [batch, units]}. On sequences, as in Keras, the
 * layer acts on the last axis: {@code [batch, time, features]} gives {@code [batch, time, units]},
 * the same kernel applied at every step (what {@code TimeDistributed(Dense)} does, in one matrix
 * product). Input of more axes, such as images {@code [batch, channels, height, width]}, is refused
 * with the advice to add {@link Flatten} first: there a per-position Dense is rarely what was meant
 * (use {@link TimeDistributed} or a 1×1 {@link Conv2D} when it is). Note that a batch of 28×28
 * images without a channel axis, {@code [batch, 28, 28]}, reads as 28 steps of 28 features; add
 * {@link Flatten} before a classifier over the whole image. Kernel {@code [features, units]},
 * Glorot-uniform by default; bias zeros.
 *
 * <pre>{@code
 * new Dense(128, "relu")                                  // [batch, 784] -> [batch, 128]
 * new Dense(10).kernelRegularizer(Regularizer.l2(1e-4))
 * new Dense(8)                                            // [batch, 50, 16] -> [batch, 50, 8]
 * }</pre>
 */
public final class Dense extends KernelLayer<Dense> {
    private final int units;
    private final String activation;

    /** A linear layer of {@code units} outputs. */
    public Dense(int units) {
        this(units, "linear");
    }

    /** A layer of {@code units} outputs followed by the named activation (see {@link Activations}). */
    public Dense(int units, String activation) {
        if (units < 1) throw new IllegalArgumentException("Dense: units must be >= 1, got " + units);
        this.units = units;
        this.activation = Activations.check(activation);
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length == 0) {
            throw shapeError("got scalar samples " + batchShape(in) + " but needs [batch, features]; reshape the data to"
                    + " [batch, 1]");
        }
        if (in.length > 2) {
            throw shapeError("got input " + batchShape(in) + " but needs [batch, features] (or sequences [batch, time,"
                    + " features]); add Flatten() before this Dense layer to turn " + batchShape(in) + " into "
                    + batchShape(new int[] {product(in)}));
        }
        // Rank 2 per sample is a sequence: the kernel applies to the last axis at every step.
        int features = in[in.length - 1];
        addKernelAndBias(new int[] {features, units}, new int[] {units}, features, units, g);
        int[] out = in.clone();
        out[out.length - 1] = units;
        return out;
    }

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor y = x.matmul(kernel);
        // Without gradients (predict, evaluate) the product is this call's own new tensor: the bias
        // goes into it in place, the same additions without a second buffer and tensor.
        if (bias != null) y = GradMode.isEnabled() ? y.add(bias) : y.addInPlace(bias);
        return Activations.apply(activation, y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation);
        putKernelConfig(c);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Dense fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Dense", config);
        return readKernelConfig(c, new Dense(c.integer("units"), c.string("activation", "linear")));
    }
}
