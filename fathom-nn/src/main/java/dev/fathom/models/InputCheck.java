package dev.fathom.models;

import dev.fathom.backend.DType;
import dev.fathom.data.batch.BatchSource;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checks of the data given to {@code fit}, {@code evaluate} and {@code predict}: one entry per
 * sample in every input, per-sample shapes that match the model (building a one-input model from
 * the first data it sees), targets that match the samples, and outputs and targets that suit the
 * loss. Each error names the operation ({@code op}), the input and both shapes, and says the fix.
 *
 * <pre>{@code
 * List<Tensor> inputs = InputCheck.inputs(model, "fit", List.of(x));   // float, the model's shapes
 * InputCheck.targets(model, "fit", inputs, y);
 * }</pre>
 */
final class InputCheck {
    private InputCheck() {}

    static Tensor nonNull(String op, Tensor x) {
        if (x == null) throw new IllegalArgumentException(op + ": x is null");
        return x;
    }

    /**
     * Checks each input's per-sample shape against the model (building a one-input model on first
     * use) and returns the inputs as float.
     */
    static List<Tensor> inputs(Model model, String op, List<Tensor> xs) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException(op + ": no inputs given");
        boolean one = xs.size() == 1;
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            String name = one ? "x" : "input " + i;
            if (x == null) throw new IllegalArgumentException(op + ": " + name + " is null");
            if (x.rank() < 1 || x.shape(0) == 0) {
                throw new ShapeException(op, name + " has shape " + Arrays.toString(x.shape()) + "; it needs samples on axis 0");
            }
            if (x.shape(0) != xs.get(0).shape(0)) {
                throw new ShapeException(op, "input 0 has " + xs.get(0).shape(0) + " samples but input " + i + " has "
                        + x.shape(0) + " (shape " + Arrays.toString(x.shape()) + "); every input needs one entry per sample");
            }
        }
        if (!model.isBuilt()) {
            if (!one) {
                throw new IllegalStateException(op + ": the model is not built and got " + xs.size() + " inputs; build it"
                        + " with its input shapes first");
            }
            model.build(Arrays.copyOfRange(xs.get(0).shape(), 1, xs.get(0).rank()));
            if (model.loss() != null) lossFits(model, null);
        }
        List<int[]> expected = model.inputShapes();
        if (expected.size() != xs.size()) {
            throw new IllegalArgumentException(op + ": the model takes " + expected.size() + " input"
                    + (expected.size() == 1 ? "" : "s") + " but got " + xs.size() + "; pass one tensor per input, in order");
        }
        List<Tensor> out = new ArrayList<>(xs.size());
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            int[] perSample = Arrays.copyOfRange(x.shape(), 1, x.rank());
            if (!Arrays.equals(perSample, expected.get(i))) {
                throw new ShapeException(op, (one ? "x" : "input " + i) + " has samples of shape " + Arrays.toString(perSample)
                        + " (" + (one ? "x" : "it") + " is " + Arrays.toString(x.shape()) + ") but the model"
                        + (one ? "" : "'s input " + i) + " was built for " + Layer.batchShape(expected.get(i))
                        + hint(perSample, expected.get(i)));
            }
            out.add(x.dtype().isFloating() ? x : x.asType(DType.FLOAT32));
        }
        return out;
    }

    /**
     * Checks a batch source's per-sample shapes against the model (building a one-input model on
     * first use) and its targets against the loss.
     */
    static void source(Model model, String op, BatchSource data) {
        if (data == null) throw new IllegalArgumentException(op + ": the batch source is null");
        if (data.size() == 0) throw new IllegalArgumentException(op + ": " + data + " has no samples");
        List<int[]> shapes = data.inputShapes();
        if (!model.isBuilt()) {
            if (shapes.size() != 1) {
                throw new IllegalStateException(op + ": the model is not built and the source has " + shapes.size()
                        + " inputs; build it with its input shapes first");
            }
            model.build(shapes.get(0));
            if (model.loss() != null) lossFits(model, null);
        }
        List<int[]> expected = model.inputShapes();
        if (expected.size() != shapes.size()) {
            throw new IllegalArgumentException(op + ": the model takes " + expected.size() + " input"
                    + (expected.size() == 1 ? "" : "s") + " but " + data + " has " + shapes.size());
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!Arrays.equals(shapes.get(i), expected.get(i))) {
                throw new ShapeException(op, data + " has samples of shape " + Arrays.toString(shapes.get(i))
                        + (shapes.size() == 1 ? "" : " for input " + i) + " but the model was built for "
                        + Layer.batchShape(expected.get(i)) + hint(shapes.get(i), expected.get(i)));
            }
        }
        int[] target = data.targetShape();
        int[] withBatch = new int[target.length + 1];
        System.arraycopy(target, 0, withBatch, 1, target.length);
        lossFits(model, withBatch);
    }

    /** Checks that {@code y} has one target per sample of the (checked) inputs and suits the loss. */
    static void targets(Model model, String op, List<Tensor> xs, Tensor y) {
        if (y == null) throw new IllegalArgumentException(op + ": y is null");
        Tensor x = xs.get(0);
        if (y.rank() < 1 || y.shape(0) != x.shape(0)) {
            throw new ShapeException(op, "x has " + x.shape(0) + " samples (shape " + Arrays.toString(x.shape())
                    + ") but y has " + (y.rank() == 0 ? "none (a scalar)" : y.shape(0) + " (shape " + Arrays.toString(y.shape()) + ")")
                    + "; there must be one target per sample");
        }
        lossFits(model, y.shape());
    }

    /**
     * Asks each output's loss whether its output suits it, when the model is compiled: for a model of
     * one output compiled with one loss, {@link #lossFits}; otherwise each output's loss on that
     * output's shape and the activation of the layer that makes it, errors naming the output.
     */
    static void outputsFit(Model model) {
        if (!model.severalOutputs() && !model.compiledPerOutput()) {
            lossFits(model, null);
            return;
        }
        List<OutputLoss> heads = model.outputLosses();
        List<int[]> shapes = model.outputShapes();
        List<Layer> makers = model.outputLayers();
        for (int i = 0; i < heads.size(); i++) {
            Object activation = makers.get(i).config().get("activation");
            try {
                heads.get(i).loss().checkOutput(shapes.get(i), activation instanceof String a ? a : null);
            } catch (IllegalArgumentException e) {
                throw named(heads.get(i).output(), e);
            }
        }
    }

    /**
     * Checks that each of {@code ys} (one per output, in output order) has one target per sample of
     * the (checked) inputs and suits its output's loss.
     */
    static void targets(Model model, String op, List<Tensor> xs, List<Tensor> ys) {
        if (!model.severalOutputs() && !model.compiledPerOutput()) {
            targets(model, op, xs, ys.getFirst());
            return;
        }
        Tensor x = xs.get(0);
        List<OutputLoss> heads = model.outputLosses();
        List<int[]> shapes = model.outputShapes();
        List<String> names = model.outputNames();
        for (int i = 0; i < ys.size(); i++) {
            Tensor y = ys.get(i);
            if (y.rank() < 1 || y.shape(0) != x.shape(0)) {
                throw new ShapeException(op, "the inputs have " + x.shape(0) + " samples but the targets of output '"
                        + names.get(i) + "' have " + (y.rank() == 0 ? "none (a scalar)" : y.shape(0) + " (shape "
                        + Arrays.toString(y.shape()) + ")") + "; there must be one target per sample");
            }
            if (heads.isEmpty()) continue;
            try {
                heads.get(i).loss().checkShapes(shapes.get(i), Arrays.copyOfRange(y.shape(), 1, y.rank()));
            } catch (IllegalArgumentException e) {
                throw named(names.get(i), e);
            }
        }
    }

    /** {@code e} with the output it is about named first, of the same kind for a shape error. */
    static IllegalArgumentException named(String output, IllegalArgumentException e) {
        if (e instanceof ShapeException se) {
            return new ShapeException(se.op(), "output '" + output + "': " + SymbolicTensor.stripOp(se));
        }
        return new IllegalArgumentException("output '" + output + "': " + e.getMessage(), e);
    }

    /**
     * Asks the model's loss whether the model's outputs (and, if given, the targets, batch axis
     * first) suit it.
     */
    static void lossFits(Model model, int[] targetShape) {
        if (targetShape == null) {
            List<Layer> layers = model.layers();
            Object activation = layers.get(layers.size() - 1).config().get("activation");
            model.loss().checkOutput(model.outputShape(), activation instanceof String a ? a : null);
        } else {
            int[] target = Arrays.copyOfRange(targetShape, 1, targetShape.length);
            try {
                model.loss().checkShapes(model.outputShape(), target);
            } catch (ShapeException e) {
                String flatten = flattenHint(model, target);
                if (flatten != null) throw new ShapeException(e.op(), flatten);
                throw e;
            }
        }
    }

    /**
     * Why the output keeps axes the targets lack, when a Dense met samples of more than one axis:
     * Dense acts on the last axis only (legal, as in Keras, for per-step outputs), so on images
     * [28, 28] Dense(128) gives [28, 128] per sample and the model ends in [28, 10]. The fix is
     * Flatten before the first such Dense, when the targets would fit the output without the extra
     * axes. Null when that is not the story.
     */
    private static String flattenHint(Model model, int[] target) {
        int[] out = model.outputShape();
        if (out.length < 2 || model.inputShapes().stream().allMatch(s -> s.length < 2)) return null;
        try {
            model.loss().checkShapes(new int[] {out[out.length - 1]}, target);
        } catch (ShapeException e) {
            return null;   // the targets would not fit a flat output either
        }
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (!(l instanceof Dense) || !l.isBuilt() || l.inputShape().length < 2) continue;
            int[] in = l.inputShape();
            return "the model outputs " + Layer.batchShape(out) + " but the targets are " + Layer.batchShape(target)
                    + ": Dense layer " + i + " '" + l.name() + "' gets samples of shape " + Arrays.toString(in)
                    + " and, like Keras' Dense, acts on their last axis only, so the other axes reach the output;"
                    + " add Flatten before the first Dense (new Flatten() as layer " + i + ") to give it "
                    + Layer.batchShape(new int[] {Arrays.stream(in).reduce(1, (a, b) -> a * b)});
        }
        return null;
    }

    private static String hint(int[] perSample, int[] expected) {
        long have = 1;
        long want = 1;
        for (int d : perSample) have *= d;
        for (int d : expected) want *= d;
        if (have == want) {
            return "; the sizes match, so reshape the data with x.reshape(-1, "
                    + String.join(", ", Arrays.stream(expected).mapToObj(String::valueOf).toList()) + ")";
        }
        return "; pass data of that shape, or build a new model for this data";
    }
}
