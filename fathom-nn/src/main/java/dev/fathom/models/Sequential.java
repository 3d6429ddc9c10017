package dev.fathom.models;

import dev.fathom.saving.ConfigMap;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerFusion;
import dev.fathom.losses.Loss;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.layers.LayerConfigs;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Layers applied one after another, the output of each the input of the next.
 *
 * <p>Given an input shape (by {@link #build}, or by the first data passed to {@code fit}), every
 * layer infers its output shape before any data flows; a layer that cannot take what the previous
 * one produces fails then, with its index, name, both shapes and the fix.
 *
 * <p>A mask of padded steps made by a layer ({@code Embedding.maskZero}, {@code Masking}) goes to the
 * layers after it, as in Keras, until one removes the time axis; building fails when it would reach a
 * layer that cannot honour it (see {@link Layer#supportsMasking()}).
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Flatten(),
 *         new Dense(256, "relu"),
 *         new Dense(10))
 *     .build(28, 28);
 * System.out.println(model.summary());
 * }</pre>
 */
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    /** Each layer's index, by identity: a layer object may appear once. */
    private final Map<Layer, Integer> index = new IdentityHashMap<>();
    /** The names layers had when added, for quick checks; build() checks the names they have then. */
    private final Map<String, Layer> byName = new HashMap<>();
    private final LayerNames names = new LayerNames(name -> holder(name) != null);
    private int[] inputShape;

    /** A model of these layers, in order. */
    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /**
     * Appends a layer; the model must not be built yet. An unnamed layer is named now, as Keras
     * names it: {@code dense}, then {@code dense_1}, {@code dense_2}, ... (see {@link Layer#defaultName()}).
     *
     * @throws IllegalArgumentException when the layer is already in the model, or another layer has its name
     */
    public Sequential add(Layer layer) {
        if (inputShape != null) {
            throw new IllegalStateException("add: the model is already built; add all layers before build() or fit()");
        }
        Objects.requireNonNull(layer, "Sequential.add: the layer is null");
        Integer at = index.get(layer);
        if (at != null) {
            throw new IllegalArgumentException("Sequential.add: this " + layer.typeName() + " '" + layer.name()
                    + "' is already layer " + at + " of the model; a layer appears once in a Sequential, so make a new one"
                    + " (or use Functional to apply one layer twice)");
        }
        if (layer.name() == null) {
            layer.name(names.free(layer.defaultName()));
        } else if (holder(layer.name()) != null) {
            Layer other = holder(layer.name());
            throw new IllegalArgumentException("Sequential.add: layer " + layers.size() + " (" + layer.typeName()
                    + ") is named '" + layer.name() + "' like layer " + index.get(other) + " (" + other.typeName() + ");"
                    + " names must be unique in a model (weights are saved under them), so give it another with .name(...)");
        }
        byName.put(layer.name(), layer);
        index.put(layer, layers.size());
        layers.add(layer);
        return this;
    }

    /** The layer that holds {@code name} now, or null; a layer renamed since add() no longer holds its old name. */
    private Layer holder(String name) {
        Layer l = byName.get(name);
        return l != null && name.equals(l.name()) ? l : null;
    }

    @Override
    public Sequential seed(long seed) {
        super.seed(seed);
        return this;
    }

    @Override
    public Sequential compile(Optimizer optimizer, Loss loss, String... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }

    @Override
    public Sequential output(PrintStream stream) {
        super.output(stream);
        return this;
    }

    /**
     * The layers up to and including the one called {@code layerName}, as a {@link Functional}
     * sharing them (see {@link Model#upTo}).
     *
     * @throws IllegalStateException when the model is not built
     */
    @Override
    public Functional upTo(String layerName) {
        layer(layerName);   // the name checked before the model is turned into a graph
        return Functional.of(this).upTo(layerName);
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public boolean isBuilt() {
        return inputShape != null;
    }

    @Override
    public int[] inputShape() {
        if (inputShape == null) throw new IllegalStateException("the model is not built yet");
        return inputShape.clone();
    }

    @Override
    public int[] outputShape() {
        return layers.isEmpty() ? inputShape() : layers.get(layers.size() - 1).outputShape();
    }

    @Override
    public Sequential build(int... shape) {
        if (layers.isEmpty()) throw new IllegalStateException("build: the model has no layers; add some first");
        Generator g = generator();
        int[] current = shape.clone();
        String maskMaker = null;   // the layer whose mask of padded steps reaches the current layer, if any
        for (Layer layer : layers) {
            // Named by add(); only a name cleared since then with name(null) is given again here.
            if (layer.name() == null) {
                layer.name(names.free(layer.defaultName()));
                byName.put(layer.name(), layer);
            }
        }
        requireUniqueNames();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            try {
                current = layer.build(current, g);
            } catch (ShapeException e) {
                throw new ShapeException("Sequential", "layer " + i + " '" + layer.name() + "' (" + layer.typeName()
                        + "): " + stripOp(e) + (i == 0 ? "" : " (its input is the output of layer " + (i - 1) + " '"
                        + layers.get(i - 1).name() + "')"));
            }
            String here = "layer " + i + " " + MaskCheck.describe(layer);
            if (maskMaker != null && !layer.supportsMasking()) {
                throw new IllegalArgumentException("Sequential: " + MaskCheck.refusal(here, maskMaker));
            }
            // A layer that outputs a mask without receiving one makes its own (Embedding.maskZero, Masking).
            if (!layer.outputsMask(maskMaker != null)) maskMaker = null;
            else if (maskMaker == null || layer.outputsMask(false)) maskMaker = here;
        }
        inputShape = shape.clone();
        return this;
    }

    private static String stripOp(ShapeException e) {
        String m = e.getMessage();
        String prefix = e.op() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** Runs the layers in order, handing each the mask of padded steps the one before it made (if any). */
    @Override
    public Tensor call(Tensor x, boolean training) {
        return forward(x, training, null).output();
    }

    /** {@link #call}, with the mask the last layer's output carries (null for none) put into {@code masks}. */
    @Override
    List<Tensor> callOutputs(List<Tensor> inputs, boolean training, List<Tensor> masks) {
        Pass pass = forward(onlyInput(inputs), training, null);
        masks.add(pass.mask());
        return List.of(pass.output());
    }

    @Override
    public List<Tensor> layerOutputs(List<Tensor> inputs, boolean training) {
        List<Tensor> outputs = new ArrayList<>(layers.size());
        forward(onlyInput(inputs), training, outputs);
        return outputs;
    }

    /** The last layer's output and the mask of padded steps it carries (null for none). */
    private record Pass(Tensor output, Tensor mask) {}

    /**
     * Runs the layers in order, handing each the mask of padded steps the one before it made (if any),
     * and adds each layer's output to {@code outputs} unless that is null.
     */
    private Pass forward(Tensor x, boolean training, List<Tensor> outputs) {
        Tensor h = x;
        Tensor mask = null;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            // A pair of layers with a cheaper equivalent order (a convolution's ReLU after its max pooling),
            // unless each layer's own output is asked for.
            Tensor fused = outputs == null && mask == null && i + 1 < layers.size()
                    ? LayerFusion.call(l, layers.get(i + 1), h, training) : null;
            if (fused != null) {
                h = fused;
                i++;
                continue;
            }
            Tensor y = mask == null ? l.call(h, training) : l.call(h, mask, training);
            mask = l.computeMask(h, mask);
            h = y;
            if (outputs != null) outputs.add(h);
        }
        return new Pass(h, mask);
    }

    private static Tensor onlyInput(List<Tensor> inputs) {
        if (inputs.size() != 1) throw new IllegalArgumentException("Sequential takes one input but got " + inputs.size());
        return inputs.get(0);
    }

    /**
     * {@code {"class": "Sequential", "input_shape": [...], "layers": [{type, name, config}, ...]}}.
     *
     * @throws IllegalStateException when the model is not built
     * @throws IllegalArgumentException when a layer cannot be saved (see {@link LayerConfigs#toConfig})
     *     or two layers share a name
     */
    @Override
    public Map<String, Object> architecture() {
        if (!isBuilt()) {
            throw new IllegalStateException("architecture(): the model is not built yet; build it (or fit it) first");
        }
        requireUniqueNames();
        List<Object> entries = new ArrayList<>();
        for (Layer l : layers) entries.add(LayerConfigs.toConfig(l));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("class", "Sequential");
        a.put("input_shape", Arrays.stream(inputShape).boxed().toList());
        a.put("layers", entries);
        return a;
    }

    /** add() refuses a taken name, but a layer can be renamed after it was added. */
    private void requireUniqueNames() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Integer earlier = seen.putIfAbsent(l.name(), i);
            if (earlier != null) {
                throw new IllegalArgumentException("Sequential: layers " + earlier + " and " + i + " are both named '" + l.name()
                        + "'; weights are saved under the layer name, so give each layer its own name");
            }
        }
    }

    /**
     * The built model an {@link #architecture()} map describes, with fresh weights.
     *
     * @throws IllegalArgumentException naming the layer or key that is missing or wrong
     */
    public static Sequential fromArchitecture(Map<String, Object> architecture) {
        ConfigMap a = new ConfigMap("Sequential architecture", architecture);
        int[] shape = a.integers("input_shape");
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("Sequential architecture: 'input_shape' sizes must be >= 1, got " + Arrays.toString(shape));
        }
        if (!(a.get("layers") instanceof List<?> entries)) {
            throw new IllegalArgumentException("Sequential architecture: 'layers' must be a list of {type, name, config}");
        }
        Sequential model = new Sequential();
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException("Sequential architecture: layer " + i + " must be {type, name, config}, got "
                        + entries.get(i));
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> typed = (Map<String, ?>) entry;
            model.add(LayerConfigs.fromConfig(typed));
        }
        return model.build(shape);
    }
}
