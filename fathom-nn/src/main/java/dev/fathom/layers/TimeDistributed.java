package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies one layer to every time step of a sequence, with the same weights at each step (Keras'
 * TimeDistributed): a frame classifier over a video, a Dense or a small network per token.
 *
 * <p>Input {@code [batch, time, ...]}: the wrapped layer is built for one step's shape {@code [...]}
 * and gets all steps of all samples as one batch {@code [batch·time, ...]}, whose output is put back
 * as {@code [batch, time, ...layerOutput]}. So the steps are independent, and one matrix product or
 * convolution covers the whole sequence. The weights are the wrapped layer's, under its names.
 * (A {@link Dense} on {@code [batch, time, features]} already acts per step; this wrapper is for
 * the other layers, or to say so explicitly.) Inside {@code Model.fit} a wrapped {@link Dropout}
 * keeps the mask stream it was built with rather than one restarted each epoch.
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new TimeDistributed(new Conv2D(8, 3, "relu")),      // [batch, 10, 1, 28, 28] -> [batch, 10, 8, 26, 26]
 *         new TimeDistributed(new GlobalAveragePooling2D()),  //                        -> [batch, 10, 8]
 *         new LSTM(16),                                       //                        -> [batch, 16]
 *         new Dense(3))
 *     .build(10, 1, 28, 28);
 * }</pre>
 */
public final class TimeDistributed extends Layer {
    private final Layer layer;

    /**
     * Applies {@code layer} to each time step.
     *
     * @throws IllegalArgumentException when {@code layer} is null or already built
     */
    public TimeDistributed(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("TimeDistributed: needs a layer to apply per step, got null");
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("TimeDistributed: the wrapped " + layer.typeName() + " is already built"
                    + " (for " + batchShape(layer.inputShape()) + "); pass a new, unbuilt layer: the wrapper builds it for"
                    + " one time step");
        }
        this.layer = layer;
    }

    /** The layer applied at every step. */
    public Layer layer() {
        return layer;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length < 2) {
            String fix = in.length == 1
                    ? "a sequence of " + in[0] + " single values is [batch, " + in[0] + ", 1]: add Reshape(" + in[0]
                    + ", 1) before this layer (token ids need an Embedding first)"
                    : "samples are scalars; this layer works on sequences";
            throw shapeError("got input " + batchShape(in) + " but needs [batch, time, ...] with something at each"
                    + " step; " + fix);
        }
        if (layer.name() == null && name() != null) layer.name(name() + "_" + layer.typeName().toLowerCase(java.util.Locale.ROOT));
        int[] step = Arrays.copyOfRange(in, 1, in.length);
        int[] out;
        try {
            out = layer.build(step, g);
        } catch (ShapeException e) {
            throw shapeError("the wrapped layer does not fit one step " + batchShape(step) + " of input " + batchShape(in)
                    + " (the batch axis there holds every step of every sample): " + e.getMessage());
        }
        for (Weight w : layer.weights()) addWeight(w.name(), w.value(), w.trainable(), w.regularizer());
        int[] result = new int[out.length + 1];
        result[0] = in[0];
        System.arraycopy(out, 0, result, 1, out.length);
        return result;
    }

    /** Freezes or unfreezes the wrapped layer with the wrapper (a frozen BatchNormalization inside runs in inference mode). */
    @Override
    public TimeDistributed trainable(boolean trainable) {
        super.trainable(trainable);
        layer.trainable(trainable);
        return this;
    }

    /** Acts on each step apart, so a mask of padded steps passes through to the layers after it. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int[] in = inputShape();
        if (x.rank() != in.length + 1 || !Arrays.equals(Arrays.copyOfRange(x.shape(), 2, x.rank()),
                Arrays.copyOfRange(in, 1, in.length))) {
            throw shapeError("got a batch of shape " + Arrays.toString(x.shape()) + " but needs [batch, time"
                    + batchShape(Arrays.copyOfRange(in, 1, in.length)).substring("[batch".length()) + " (built for "
                    + batchShape(in) + ")");
        }
        int n = x.shape(0);
        int time = x.shape(1);
        int[] merged = Arrays.copyOfRange(x.shape(), 1, x.rank());
        merged[0] = n * time;
        Tensor y = layer.call(x.reshape(merged), training);
        int[] split = new int[y.rank() + 1];
        split[0] = n;
        split[1] = time;
        System.arraycopy(y.shape(), 1, split, 2, y.rank() - 1);
        return y.reshape(split);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        LayerConfigs.putType(inner, layer);
        inner.put("config", layer.config());
        c.put("layer", inner);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    @SuppressWarnings("unchecked")
    public static TimeDistributed fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("TimeDistributed", config);
        c.requireOnly(Set.of("layer"));
        if (!(c.get("layer") instanceof Map<?, ?> inner) || !(inner.get("type") instanceof String type)
                || !(inner.get("config") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("TimeDistributed config: 'layer' must be {\"type\": \"Dense\", \"config\":"
                    + " {...}}, got " + c.get("layer"));
        }
        // Through the layer registry: a class the entry names is checked before any of its code runs.
        return new TimeDistributed(LayerConfigs.fromConfig((Map<String, ?>) inner,
                "TimeDistributed config: the wrapped layer '" + type + "'"));
    }
}
