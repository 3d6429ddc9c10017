package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * A fully connected layer: {@code activation(x · kernel + bias)}.
 *
 * <p>Input {@code [batch, features]} (add {@link Flatten} before it for images);
 * output {@code [batch, units]}. Kernel {@code [features, units]}, Glorot-uniform by default; bias
 * zeros.
 *
 * <pre>{@code
 * new Dense(128, "relu")
 * new Dense(10).kernelRegularizer(Regularizer.l2(1e-4))
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
        if (in.length > 1) {
            throw shapeError("got input " + batchShape(in) + " but needs [batch, features]; add Flatten() before"
                    + " this Dense layer to turn " + batchShape(in) + " into " + batchShape(new int[] {product(in)}));
        }
        int features = in[0];
        addKernelAndBias(new int[] {features, units}, new int[] {units}, features, units, g);
        return new int[] {units};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        requireBuilt();
        Tensor y = x.matmul(kernel);
        if (bias != null) y = y.add(bias);
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
