package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after another, the output of each the input of the next.
 *
 * <p>Given an input shape (by {@link #build}, or by the first data passed to {@code fit}), every
 * layer infers its output shape before any data flows; a layer that cannot take what the previous
 * one produces fails then, with its index, name, both shapes and the fix.
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
    private int[] inputShape;

    /** A model of these layers, in order. */
    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** Appends a layer; the model must not be built yet. */
    public Sequential add(Layer layer) {
        if (inputShape != null) {
            throw new IllegalStateException("add: the model is already built; add all layers before build() or fit()");
        }
        layers.add(layer);
        return this;
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
        Map<String, Integer> counts = new HashMap<>();
        int[] current = shape.clone();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer.name() == null) {
                String base = snakeCase(layer.typeName());
                int k = counts.merge(base, 1, Integer::sum);
                layer.name(k == 1 ? base : base + "_" + k);
            }
            try {
                current = layer.build(current, g);
            } catch (ShapeException e) {
                throw new ShapeException("Sequential", "layer " + i + " '" + layer.name() + "' (" + layer.typeName()
                        + "): " + stripOp(e) + (i == 0 ? "" : " (its input is the output of layer " + (i - 1) + " '"
                        + layers.get(i - 1).name() + "')"));
            }
        }
        inputShape = shape.clone();
        return this;
    }

    private static String stripOp(ShapeException e) {
        String m = e.getMessage();
        String prefix = e.op() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    static String snakeCase(String type) {
        return type.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2").toLowerCase();
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor h = x;
        for (Layer l : layers) h = l.call(h, training);
        return h;
    }
}
