package dev.fathom.workflow;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Normalization;
import dev.fathom.layers.Weight;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link PretrainedBase} read and checked once: the image shape it takes, where its body ends,
 * and fresh copies of its body (from [0, 1] pixels, its normalization first, every layer frozen)
 * for each model that starts from it. Each copy is read from the file again, so fitting one model
 * (a fold, an unfrozen layer) never changes another's weights.
 */
final class BaseNetwork {
    /** The names of the layers Fathom adds around the base. */
    static final String INPUT = "pixels", NORMALIZATION = "base_normalization", FLATTEN = "head_flatten", HEAD = "head";

    private final PretrainedBase options;
    private final int[] imageShape;
    private final String cutLayer;
    private final String cutReason;
    private final List<String> bodyLayers;
    private final long bodyWeights;
    private final int[] featureShape;
    /** Whether the body holds a batch normalization (an ONNX export in eval mode usually folds them into the convolutions). */
    private final boolean batchNorm;

    private BaseNetwork(PretrainedBase options, int[] imageShape, String cutLayer, String cutReason, List<String> bodyLayers,
                        long bodyWeights, int[] featureShape, boolean batchNorm) {
        this.options = options;
        this.imageShape = imageShape;
        this.cutLayer = cutLayer;
        this.cutReason = cutReason;
        this.bodyLayers = bodyLayers;
        this.bodyWeights = bodyWeights;
        this.featureShape = featureShape;
        this.batchNorm = batchNorm;
    }

    /**
     * Reads and checks the base: a network file, one image input {@code [N, C, H, W]}, a mean and
     * std of one number or one per channel, and a body to cut.
     *
     * @throws IllegalArgumentException in the words of {@code --base} and {@link TrainOptions#base}
     * @throws dev.fathom.saving.ModelFileException naming the file when it is no ONNX (or Fathom) network
     */
    static BaseNetwork load(PretrainedBase options) {
        Path file = options.file();
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".onnx") && !name.endsWith(".fathom")) {
            throw new IllegalArgumentException("the base network (--base, TrainOptions.base) must be an ONNX file (.onnx) or a Fathom"
                    + " model (.fathom), got '" + file + "'");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the base network (--base, TrainOptions.base) '" + file + "' does not exist");
        }
        Functional net = graph(file);
        List<int[]> inputs = net.inputShapes();
        int[] in = inputs.getFirst();
        if (inputs.size() != 1 || in.length != 3 || in[0] < 1 || in[1] < 1 || in[2] < 1) {
            throw new IllegalArgumentException("the base network '" + file + "' takes " + (inputs.size() != 1 ? inputs.size() + " inputs"
                    : "input [N, " + joined(in) + "]") + ", not one image input [N, C, H, W]; --base needs an image network");
        }
        if (in[0] != 1 && in[0] != 3 && in[0] != 4) {
            throw new IllegalArgumentException("the base network '" + file + "' takes images of " + in[0] + " channels; images from"
                    + " files have 1 (grey), 3 (RGB) or 4 (RGBA)");
        }
        checkStats("mean", "--base-mean", options.mean(), in[0]);
        checkStats("std", "--base-std", options.std(), in[0]);
        SymbolicTensor end = cut(net, options.cut(), file);
        String reason = options.cut() != null ? "the node named by --base-cut / PretrainedBase.cut"
                : "the input of the last Gemm/MatMul (" + lastClassifier(net).layer().name() + "), the classifier replaced by a new head";
        Set<Layer> body = Collections.newSetFromMap(new IdentityHashMap<>());
        List<String> names = new ArrayList<>();
        long weights = 0;
        boolean batchNorm = false;
        for (Layer l : bodyLayers(net, end)) {
            batchNorm |= l instanceof BatchNormalization;
            if (body.add(l)) {
                names.add(l.name());
                weights += l.parameterCount();
            }
        }
        return new BaseNetwork(options, in.clone(), end.layer().name(), reason, List.copyOf(names), weights, end.shape(), batchNorm);
    }

    /** The base as a graph: a Functional as Onnx.load gives it, or a saved Sequential as one. */
    private static Functional graph(Path file) {
        Model m = Model.load(file);
        if (m instanceof Functional f) return f;
        if (m instanceof Sequential s) return Functional.of(s);
        throw new IllegalArgumentException("the base network '" + file + "' is a " + m.getClass().getSimpleName()
                + "; --base takes a Functional or Sequential network");
    }

    private static void checkStats(String what, String option, double[] v, int channels) {
        if (v.length > 0 && v.length != 1 && v.length != channels) {
            throw new IllegalArgumentException(option + " (PretrainedBase." + what + ") has " + v.length + " numbers but the base takes "
                    + channels + " channel" + (channels == 1 ? "" : "s") + "; give " + (channels == 1 ? "1" : "1 or " + channels));
        }
    }

    /** The node whose output ends the body: the named one, or the input of the last Dense (an imported Gemm/MatMul). */
    private static SymbolicTensor cut(Functional net, String node, Path file) {
        if (node != null) {
            List<String> names = net.layers().stream().map(Layer::name).toList();
            String sanitized = node.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^[_.-]+", "").replaceAll("[_.-]+$", "");
            String found = names.contains(node) ? node : names.contains(sanitized) ? sanitized : null;
            if (found == null) {
                throw new IllegalArgumentException("--base-cut " + node + ": the base network '" + file + "' has no layer of that name;"
                        + " its layers are " + shortList(names));
            }
            return net.output(found);
        }
        SymbolicTensor classifier = lastClassifier(net);
        if (classifier == null) {
            throw new IllegalArgumentException("the base network '" + file + "' has no Gemm/MatMul classifier to replace; name the node"
                    + " its body ends at with --base-cut NODE (PretrainedBase.cut)");
        }
        SymbolicTensor before = classifier.inputs().getFirst();
        if (before instanceof Input) {
            throw new IllegalArgumentException("the base network '" + file + "' has no layer before its classifier "
                    + classifier.layer().name() + ", so no body to keep; --base needs a network with layers before its last Gemm/MatMul");
        }
        return before;
    }

    private static SymbolicTensor lastClassifier(Functional net) {
        SymbolicTensor last = null;
        for (SymbolicTensor n : net.nodes()) if (n.layer() instanceof Dense) last = n;
        return last;
    }

    /** The layers {@code end} depends on, in the graph's order. */
    private static List<Layer> bodyLayers(Functional net, SymbolicTensor end) {
        Set<SymbolicTensor> needed = ancestors(end);
        List<Layer> layers = new ArrayList<>();
        for (SymbolicTensor n : net.nodes()) if (needed.contains(n)) layers.add(n.layer());
        return layers;
    }

    private static Set<SymbolicTensor> ancestors(SymbolicTensor end) {
        Set<SymbolicTensor> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SymbolicTensor> stack = new ArrayList<>(List.of(end));
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.removeLast();
            if (reached.add(t)) stack.addAll(t.inputs());
        }
        return reached;
    }

    /**
     * A fresh copy of the body, every layer frozen: [0, 1] pixels {@code [N, C, H, W]}, normalized
     * when a mean or std is set, through the base's layers up to the cut; a head applied to it draws
     * its initial weights from {@code seed}.
     */
    Functional body(long seed) {
        Functional net = graph(options.file());
        SymbolicTensor end = net.output(cutLayer);
        // The seed of the layers applied after the body (a new head): weights are drawn from the input's generator.
        Input pixels = Input.of(imageShape).name(INPUT).seed(seed);
        SymbolicTensor start = pixels;
        if (options.mean().length > 0 || options.std().length > 0) start = pixels.then(normalization());
        // The body's layers applied again, in order, to the new input: they keep their weights (and their shapes).
        Map<SymbolicTensor, SymbolicTensor> copy = new IdentityHashMap<>();
        copy.put(net.inputs().getFirst(), start);
        Set<SymbolicTensor> needed = ancestors(end);
        for (SymbolicTensor n : net.nodes()) {
            if (!needed.contains(n)) continue;
            SymbolicTensor[] in = n.inputs().stream().map(copy::get).toArray(SymbolicTensor[]::new);
            copy.put(n, SymbolicTensor.apply(n.layer(), in));
        }
        Functional body = new Functional(List.of(pixels), copy.get(end));
        body.trainable(false);
        return body;
    }

    /** {@code (x - mean) / std} per channel, with the given numbers as its (non-trainable) statistics. */
    private Normalization normalization() {
        Normalization norm = new Normalization(1);
        norm.name(NORMALIZATION);
        norm.build(imageShape, null);
        int c = imageShape[0];
        float[] mean = new float[c], variance = new float[c];
        double[] m = options.mean(), s = options.std();
        for (int i = 0; i < c; i++) {
            mean[i] = m.length == 0 ? 0 : (float) m[m.length == 1 ? 0 : i];
            double sd = s.length == 0 ? 1 : s[s.length == 1 ? 0 : i];
            variance[i] = (float) (sd * sd);
        }
        try (var scope = GradMode.noGrad()) {
            for (Weight w : norm.weights()) {
                switch (w.name()) {
                    case "mean" -> w.value().assign(Tensor.of(mean, c));
                    case "variance" -> w.value().assign(Tensor.of(variance, c));
                    case "count" -> w.value().assign(Tensor.of(new float[] {1}, 1));
                    default -> { }
                }
            }
        }
        return norm;
    }

    /**
     * A fresh network for fine-tuning: the frozen body, flattened, and a new Dense head of
     * {@code classes} logits; with {@code unfreezeLast}, the body's last layer with weights (not a
     * batch normalization, which stays in inference mode) trains too.
     */
    Functional fineTuned(int classes, boolean unfreezeLast, long seed) {
        Functional body = body(seed);
        if (unfreezeLast) {
            Layer last = lastWeighted(body);
            if (last != null) last.trainable(true);
        }
        Dense head = new Dense(classes);
        head.name(HEAD);
        return featureShape.length > 1 ? body.then(new Flatten().name(FLATTEN), head) : body.then(head);
    }

    /** The body's last layer with weights that is not a normalization, or null. */
    static Layer lastWeighted(Functional body) {
        Layer last = null;
        for (Layer l : body.layers()) {
            if (l.parameterCount() > 0 && !(l instanceof BatchNormalization) && !(l instanceof Normalization)) last = l;
        }
        return last;
    }

    /** The per-sample image shape {@code [C, H, W]} the base takes. */
    int[] imageShape() {
        return imageShape.clone();
    }

    /** The per-sample shape of the body's output (the features). */
    int[] featureShape() {
        return featureShape.clone();
    }

    /** The layer the body ends at. */
    String cutLayer() {
        return cutLayer;
    }

    /** The body's last layer with weights, which the "last layer unfrozen" configurations train; null when none. */
    String lastWeightedName() {
        Layer l = lastWeighted(body(0));
        return l == null ? null : l.name();
    }

    /** The lines the run prints and the report keeps: the base, the cut, what is frozen (with a head of {@code classes} logits). */
    List<String> describe(int classes) {
        int features = 1;
        for (int d : featureShape) features *= d;
        double[] m = options.mean(), s = options.std();
        String norm = m.length == 0 && s.length == 0 ? "scaled to [0, 1] (pixel / 255)"
                : "scaled to [0, 1], then (pixel - mean) / std with mean " + (m.length == 0 ? "0" : Arrays.toString(m)) + " and std "
                        + (s.length == 0 ? "1" : Arrays.toString(s)) + ", inside the saved model";
        return List.of(
                String.format(Locale.ROOT, "pretrained base %s: images resized to %d×%d with %d channel%s (its input [N, %s]) and %s",
                        options.file().getFileName(), imageShape[1], imageShape[2], imageShape[0], imageShape[0] == 1 ? "" : "s",
                        joined(imageShape), norm),
                String.format(Locale.ROOT, "its body ends at %s: %s; %d features per image [%s]", cutLayer, cutReason, features,
                        joined(featureShape)),
                String.format(Locale.ROOT, "frozen: the body's %d layers (%s), %,d weights; trainable: the new head's %,d weights"
                        + " (fine-tuned network) or a logistic regression on the features%s", bodyLayers.size(), shortList(bodyLayers),
                        bodyWeights, (features + 1L) * classes, batchNorm ? "; its batch normalization runs in inference mode" : ""));
    }

    private static String joined(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) b.append(i == 0 ? "" : ", ").append(shape[i]);
        return b.toString();
    }

    /** At most 12 names: the first 6, how many more, the last 6. */
    private static String shortList(List<String> names) {
        if (names.size() <= 12) return String.join(", ", names);
        return String.join(", ", names.subList(0, 6)) + ", ... " + (names.size() - 12) + " more ..., "
                + String.join(", ", names.subList(names.size() - 6, names.size()));
    }
}
