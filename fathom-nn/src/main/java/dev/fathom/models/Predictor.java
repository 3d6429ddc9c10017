package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.tensor.Temporaries;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Batched inference behind {@link Model#predict}: runs the model on {@value #INFERENCE_BATCH}
 * samples at a time without gradients, closing each batch's activations before the next, so
 * predicting on a large set needs the memory of one batch.
 *
 * <pre>{@code
 * Tensor p = Predictor.predict(model, List.of(x));   // what model.predict(x) does
 * }</pre>
 */
final class Predictor {
    /** Batch size of {@link Model#predict} and {@link Model#evaluate}: large enough to keep the kernels busy. */
    static final int INFERENCE_BATCH = 256;

    private Predictor() {}

    /** The model's outputs for its inputs (samples on axis 0), in inference mode, checked as {@code predict}. */
    static Tensor predict(Model model, List<Tensor> xs) {
        List<Tensor> inputs = InputCheck.inputs(model, "predict", xs);
        int n = inputs.get(0).shape(0);
        try (var scope = GradMode.noGrad()) {
            if (n <= INFERENCE_BATCH) return outputs(model, inputs, 0, n);
            List<Tensor> parts = new ArrayList<>();
            try {
                for (int from = 0; from < n; from += INFERENCE_BATCH) {
                    parts.add(outputs(model, inputs, from, Math.min(n, from + INFERENCE_BATCH)));
                }
                return Tensor.concat(0, parts.toArray(new Tensor[0]));
            } finally {
                parts.forEach(Tensor::close);
            }
        }
    }

    /**
     * Every output of the model (in the order of {@link Model#outputNames()}) for its inputs, in
     * inference mode, batch by batch as {@link #predict}.
     */
    static List<Tensor> predictOutputs(Model model, List<Tensor> xs) {
        List<Tensor> inputs = InputCheck.inputs(model, "predict", xs);
        int n = inputs.get(0).shape(0);
        int outputs = model.outputNames().size();
        try (var scope = GradMode.noGrad()) {
            if (n <= INFERENCE_BATCH) return allOutputs(model, inputs, 0, n);
            List<List<Tensor>> parts = new ArrayList<>();
            for (int k = 0; k < outputs; k++) parts.add(new ArrayList<>());
            try {
                for (int from = 0; from < n; from += INFERENCE_BATCH) {
                    List<Tensor> batch = allOutputs(model, inputs, from, Math.min(n, from + INFERENCE_BATCH));
                    for (int k = 0; k < outputs; k++) parts.get(k).add(batch.get(k));
                }
                List<Tensor> joined = new ArrayList<>();
                for (List<Tensor> p : parts) joined.add(Tensor.concat(0, p.toArray(new Tensor[0])));
                return joined;
            } finally {
                for (List<Tensor> p : parts) p.forEach(Tensor::close);
            }
        }
    }

    /**
     * Every output for samples {@code [from, to)}, tensors the caller may close (each its own, even
     * where two outputs are one tensor); the activations made on the way are closed.
     */
    private static List<Tensor> allOutputs(Model model, List<Tensor> inputs, int from, int to) {
        try (Temporaries made = Temporaries.open()) {
            List<Tensor> outs = model.callOutputs(batch(model, inputs, from, to), false);
            java.util.Set<Tensor> mine = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            List<Tensor> result = new ArrayList<>();
            for (Tensor out : outs) {
                // A layer may return a tensor it holds, or two outputs be one tensor: hand out a view then.
                Tensor t = made.contains(out) && !mine.contains(out) ? out : out.detach();
                mine.add(t);
                result.add(t);
            }
            made.closeIf(t -> !mine.contains(t));
            return result;
        }
    }

    /**
     * The outputs for samples {@code [from, to)}, a tensor the caller may close; the activations made
     * on the way are closed.
     */
    private static Tensor outputs(Model model, List<Tensor> inputs, int from, int to) {
        try (Temporaries made = Temporaries.open()) {
            Tensor out = model.call(batch(model, inputs, from, to), false);
            // A layer may return a tensor it holds (a weight, a cached constant): hand out a view of it instead.
            Tensor mine = made.contains(out) ? out : out.detach();
            made.closeIf(t -> t != mine);
            return mine;
        }
    }

    /** Samples {@code [from, to)} of each input, on the model's device (host data moves batch by batch). */
    private static List<Tensor> batch(Model model, List<Tensor> inputs, int from, int to) {
        boolean whole = from == 0 && to == inputs.get(0).shape(0);
        List<Tensor> batch = whole ? inputs : slices(inputs, from, to);
        dev.fathom.backend.Device device = model.device();
        return batch.get(0).device().equals(device) ? batch : batch.stream().map(x -> x.to(device)).toList();
    }

    private static List<Tensor> slices(List<Tensor> xs, int from, int to) {
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor x : xs) out.add(x.slice(0, from, to));
        return out;
    }
}
