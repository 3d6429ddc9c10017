package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * A fully connected layer: {@code activation(x · kernel + bias)}.
 *
 * <p>Input {@code [batch, features]} (or {@code [batch, ..., features]}, applied to the last axis);
 * output {@code [batch, units]}. Kernel {@code [features, units]}, Glorot-uniform by default; bias
 * zeros.
 *
 * <pre>{@code
 * new Dense(128, "relu")
 * new Dense(10).kernelRegularizer(Regularizer.l2(1e-4))
 * }</pre>
 */
public final class Dense extends Layer {
    private final int units;
    private final String activation;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Initializer biasInitializer = Initializer.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Tensor kernel;
    private Tensor bias;

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

    public Dense useBias(boolean useBias) { this.useBias = useBias; return this; }
    public Dense kernelInitializer(Initializer init) { this.kernelInitializer = init; return this; }
    public Dense biasInitializer(Initializer init) { this.biasInitializer = init; return this; }
    public Dense kernelRegularizer(Regularizer r) { this.kernelRegularizer = r; return this; }
    public Dense biasRegularizer(Regularizer r) { this.biasRegularizer = r; return this; }

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
        kernel = addWeight("kernel", kernelInitializer.create(new int[] {features, units}, features, units, g), true,
                kernelRegularizer);
        bias = useBias ? addWeight("bias", biasInitializer.create(new int[] {units}, features, units, g), true,
                biasRegularizer) : null;
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
        c.put("useBias", useBias);
        c.put("kernelInitializer", kernelInitializer.config());
        c.put("biasInitializer", biasInitializer.config());
        if (kernelRegularizer != null) c.put("kernelRegularizer", kernelRegularizer.config());
        if (biasRegularizer != null) c.put("biasRegularizer", biasRegularizer.config());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Dense fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Dense", config);
        Dense d = new Dense(c.integer("units"), c.string("activation", "linear")).useBias(c.bool("useBias", true));
        d.kernelInitializer(c.initializer("kernelInitializer", Initializer.glorotUniform()));
        d.biasInitializer(c.initializer("biasInitializer", Initializer.zeros()));
        d.kernelRegularizer(c.regularizer("kernelRegularizer"));
        d.biasRegularizer(c.regularizer("biasRegularizer"));
        return d;
    }
}
