package dev.fathom.onnx.export;

import dev.fathom.layers.Embedding;
import dev.fathom.layers.Layer;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.models.SymbolicTensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Sequential} or {@link Functional} model written into an {@link OnnxGraph}: each layer
 * application once, in the model's order, each followed by the mask of padded steps it hands on,
 * exactly as {@code Model.predict} runs them (inference mode: Dropout is the identity,
 * BatchNormalization uses its moving statistics).
 *
 * <p>An input that only Embedding layers read is int64 token ids (the type ONNX's Gather and
 * every tokenizer use); every other input is float32. The batch axis is dynamic ({@code N}).
 */
final class ModelExport {
    private ModelExport() {}

    /** The model's inputs as they appear in the graph, and its output. */
    record Exported(List<Value> inputs, Value output) {}

    /**
     * Checks that every layer of {@code model} can be exported, naming the first that cannot.
     *
     * @throws IllegalArgumentException naming the layer and its class
     */
    static void requireExportable(Model model) {
        if (!model.isBuilt()) {
            throw new IllegalArgumentException("the model is not built yet; build it (model.build(inputShape)) or fit it first");
        }
        if (!(model instanceof Sequential) && !(model instanceof Functional)) {
            throw new IllegalArgumentException("the model is a " + model.getClass().getName() + "; ONNX export writes Sequential"
                    + " and Functional models");
        }
        for (Layer l : model.layers()) LayerExport.requireSupported(l);
    }

    /**
     * Declares the model's inputs (named {@code inputNames}, in order, or after the model's inputs
     * when null) and writes its layers; the output is left to the caller to name.
     */
    static Exported write(OnnxGraph g, Model model, List<String> inputNames) {
        requireExportable(model);
        return model instanceof Functional f ? functional(g, f, inputNames) : sequential(g, (Sequential) model, inputNames);
    }

    /** Writes {@code model}'s layers on top of an existing value (a pipeline's features). */
    static Value writeOn(OnnxGraph g, Model model, Value x) {
        requireExportable(model);
        if (model instanceof Functional f) {
            if (f.inputs().size() != 1) {
                throw new IllegalArgumentException("the network has " + f.inputs().size() + " inputs; a pipeline feeds it one");
            }
            return functionalOn(g, f, List.of(x));
        }
        return sequentialOn(g, (Sequential) model, x);
    }

    private static Exported sequential(OnnxGraph g, Sequential model, List<String> names) {
        List<Layer> layers = model.layers();
        int type = !layers.isEmpty() && layers.getFirst() instanceof Embedding ? Value.INT64 : Value.FLOAT;
        String name = g.reserve(names == null ? "input" : names.getFirst());
        Value in = new Value(name, model.inputShape(), type);
        g.input(name, type, model.inputShape(), type == Value.INT64 ? "token ids" : null);
        return new Exported(List.of(in), sequentialOn(g, model, in));
    }

    private static Value sequentialOn(OnnxGraph g, Sequential model, Value x) {
        Value h = x;
        String mask = null;
        for (Layer l : model.layers()) {
            g.scope(l.name());
            Value y = LayerExport.apply(g, l, List.of(h), mask);
            mask = LayerExport.mask(g, l, List.of(h), java.util.Arrays.asList(mask));
            h = y;
        }
        g.scope(null);
        return h;
    }

    private static Exported functional(OnnxGraph g, Functional model, List<String> names) {
        List<Value> inputs = new ArrayList<>();
        List<Input> declared = model.inputs();
        for (int i = 0; i < declared.size(); i++) {
            Input in = declared.get(i);
            int type = onlyEmbeddingsRead(model, in) ? Value.INT64 : Value.FLOAT;
            String name = g.reserve(names == null ? in.name() : names.get(i));
            g.input(name, type, in.shape(), type == Value.INT64 ? "token ids" : null);
            inputs.add(new Value(name, in.shape(), type));
        }
        return new Exported(inputs, functionalOn(g, model, inputs));
    }

    private static Value functionalOn(OnnxGraph g, Functional model, List<Value> inputs) {
        Map<SymbolicTensor, Value> values = new IdentityHashMap<>();
        Map<SymbolicTensor, String> masks = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) values.put(model.inputs().get(i), inputs.get(i));
        for (SymbolicTensor node : model.nodes()) {
            List<Value> args = new ArrayList<>();
            List<String> argMasks = new ArrayList<>();
            for (SymbolicTensor s : node.inputs()) {
                args.add(values.get(s));
                argMasks.add(masks.get(s));
            }
            Layer layer = node.layer();
            g.scope(layer.name());
            // A merge combines its inputs' masks itself (LayerExport.mask); other layers take their one input's.
            values.put(node, LayerExport.apply(g, layer, args, argMasks.getFirst()));
            masks.put(node, LayerExport.mask(g, layer, args, argMasks));
        }
        g.scope(null);
        return values.get(model.output());
    }

    /** Whether every layer that reads {@code in} directly is an Embedding (so the input is token ids). */
    private static boolean onlyEmbeddingsRead(Functional model, Input in) {
        boolean any = false;
        for (SymbolicTensor node : model.nodes()) {
            for (SymbolicTensor s : node.inputs()) {
                if (s != in) continue;
                if (!(node.layer() instanceof Embedding)) return false;
                any = true;
            }
        }
        return any;
    }
}
