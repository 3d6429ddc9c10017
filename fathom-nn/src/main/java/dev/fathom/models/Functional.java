package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.layers.MultiInputLayer;
import dev.fathom.layers.LayerConfigs;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model whose layers form a graph rather than a chain: several inputs, branches that split and
 * join ({@link dev.fathom.layers.Add}, {@link dev.fathom.layers.Concatenate}), layers shared between
 * branches. Keras' functional API: wire {@link SymbolicTensor}s from {@link Input}s, then name the
 * inputs and the output.
 *
 * <p>Layers are built, and their shapes checked, as they are applied, so the model is built when it
 * is made. It runs its layers in a topological order worked out once (iteratively, so deep graphs
 * cannot overflow the stack), computing each layer application once even where branches join. A
 * layer applied twice shares its weights, which count once. Give it one tensor per input, in the
 * order of the inputs list ({@code fit(List.of(images, meta), y, ...)}). A model may have several
 * outputs, each with its own loss, metrics and targets (see {@link #Functional(List, List)}).
 *
 * <pre>{@code
 * Input image = Input.of(28, 28).name("image");
 * Input meta = Input.of(3).name("meta");
 * SymbolicTensor h = image.then(new Flatten()).then(new Dense(64, "relu"));
 * SymbolicTensor m = meta.then(new Dense(8, "relu"));
 * SymbolicTensor out = SymbolicTensor.apply(new Concatenate(), h, m).then(new Dense(10));
 * Functional model = new Functional(List.of(image, meta), out);
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
 * model.fit(List.of(xImages, xMeta), y, Fit.epochs(5));
 * }</pre>
 */
public final class Functional extends Model {
    private final List<Input> inputs;
    /** The outputs, in the order {@link #callOutputs} returns them. */
    private final List<SymbolicTensor> outputs;
    /** For each output, its slot in [inputs..., nodes...]. */
    private final int[] outputSlots;
    /** Every layer application, inputs excluded, in an order where each comes after what it reads. */
    private final List<SymbolicTensor> nodes;
    /** For each node, the positions of what it reads in the slot list [inputs..., nodes...]. */
    private final int[][] reads;
    /** For each slot, the position of the last node that reads it: its value can be dropped after. */
    private final int[] lastUse;
    /** Which application of its layer each node is (0 for the first): Keras' node index. */
    private final int[] applicationIndex;
    /** For each node, the position of its layer in {@link #layers}. */
    private final int[] layerPosition;
    private final List<Layer> layers;

    /**
     * A model computing {@code output} from {@code inputs}.
     *
     * @throws IllegalArgumentException when the output depends on an input not in the list, an input
     *     in the list is not used, the output is an input, or two layers (or inputs) share a name
     */
    public Functional(List<Input> inputs, SymbolicTensor output) {
        this(inputs, outputList(output));
    }

    private static List<SymbolicTensor> outputList(SymbolicTensor output) {
        if (output == null) throw new IllegalArgumentException("Functional: the output is null");
        return List.of(output);
    }

    /**
     * A model computing several {@code outputs} from {@code inputs}, as Keras' {@code Model(inputs,
     * [out1, out2])}: each output is named by the layer that makes it ({@link #outputNames()}), takes
     * its own loss, loss weight and metrics ({@link Model#compile(Optimizer, Map, Map, Map)}) and its
     * own targets ({@code fit(xs, Map.of("class", y1, "value", y2), ...)}), and {@link #predictOutputs}
     * returns each.
     *
     * <pre>{@code
     * Input x = Input.of(8);
     * SymbolicTensor h = x.then(new Dense(16, "relu"));
     * Functional model = new Functional(List.of(x),
     *         List.of(h.then(new Dense(3).name("class")), h.then(new Dense(1).name("value"))));
     * }</pre>
     *
     * @throws IllegalArgumentException as the one-output constructor, and when no output is given, an
     *     output is listed twice, or two outputs come from one layer (their names would clash)
     */
    public Functional(List<Input> inputs, List<SymbolicTensor> outputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("Functional: give at least one input, e.g. new Functional(List.of(x), y)");
        }
        if (outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("Functional: give at least one output, e.g. new Functional(List.of(x), y)");
        }
        Set<Layer> outputLayers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < outputs.size(); i++) {
            SymbolicTensor output = outputs.get(i);
            String which = outputs.size() == 1 ? "the output" : "output " + i;
            if (output == null) throw new IllegalArgumentException("Functional: " + which + " is null");
            if (output instanceof Input) {
                throw new IllegalArgumentException("Functional: " + which + " is an input itself; apply at least one layer to it");
            }
            if (!outputLayers.add(output.layer())) {
                throw new IllegalArgumentException("Functional: " + which + " comes from " + SymbolicTensor.describe(output.layer())
                        + " like an earlier output (or is listed twice); outputs are named by their layers, so end"
                        + " each output in a layer of its own, e.g. out.then(new Activation(\"linear\").name(\"second\"))");
            }
        }
        Set<Input> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            if (in == null) throw new IllegalArgumentException("Functional: input " + i + " is null");
            if (!seen.add(in)) throw new IllegalArgumentException("Functional: input " + i + " (" + in + ") is listed twice");
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = topologicalOrder(this.outputs);
        checkInputsMatch();
        this.layers = distinctLayers(nodes);
        nameAll();

        Map<SymbolicTensor, Integer> slot = new IdentityHashMap<>();
        for (int i = 0; i < this.inputs.size(); i++) slot.put(this.inputs.get(i), i);
        for (int i = 0; i < nodes.size(); i++) slot.put(nodes.get(i), this.inputs.size() + i);
        reads = new int[nodes.size()][];
        lastUse = new int[this.inputs.size() + nodes.size()];
        Arrays.fill(lastUse, -1);
        applicationIndex = new int[nodes.size()];
        layerPosition = new int[nodes.size()];
        Map<Layer, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < layers.size(); i++) position.put(layers.get(i), i);
        Map<Layer, Integer> applications = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            List<SymbolicTensor> from = nodes.get(i).inputs();
            reads[i] = new int[from.size()];
            for (int j = 0; j < from.size(); j++) {
                reads[i][j] = slot.get(from.get(j));
                lastUse[reads[i][j]] = i;
            }
            applicationIndex[i] = applications.merge(nodes.get(i).layer(), 1, Integer::sum) - 1;
            layerPosition[i] = position.get(nodes.get(i).layer());
        }
        outputSlots = new int[this.outputs.size()];
        for (int i = 0; i < outputSlots.length; i++) {
            outputSlots[i] = slot.get(this.outputs.get(i));
            lastUse[outputSlots[i]] = Integer.MAX_VALUE;   // an output is kept to the end
        }
    }

    /**
     * Depth-first post-order from the output, with an explicit stack: each node after all it reads,
     * the sources of a node visited in argument order.
     */
    private static List<SymbolicTensor> topologicalOrder(List<SymbolicTensor> outputs) {
        List<SymbolicTensor> order = new ArrayList<>();
        Set<SymbolicTensor> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<SymbolicTensor> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>(); // per stack entry: the next source to visit
        for (SymbolicTensor output : outputs) {
            if (done.contains(output)) continue;
            stack.push(output);
            next.push(0);
            visit(stack, next, done, order);
        }
        return order;
    }

    /** Runs the post-order walk from what is on the stack, appending each node once all it reads is done. */
    private static void visit(Deque<SymbolicTensor> stack, Deque<Integer> next, Set<SymbolicTensor> done,
                              List<SymbolicTensor> order) {
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.peek();
            int k = next.pop();
            if (k < t.inputs().size()) {
                next.push(k + 1);
                SymbolicTensor source = t.inputs().get(k);
                if (!done.contains(source)) {
                    stack.push(source);
                    next.push(0);
                }
            } else {
                stack.pop();
                // A graph is acyclic by construction (a tensor exists before what reads it), so a node
                // can only be reached again after it is done; the check keeps joins computed once.
                if (done.add(t) && !(t instanceof Input)) order.add(t);
            }
        }
    }

    private void checkInputsMatch() {
        Set<SymbolicTensor> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<SymbolicTensor> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        listed.addAll(inputs);
        for (SymbolicTensor n : nodes) {
            for (SymbolicTensor s : n.inputs()) {
                if (!(s instanceof Input in)) continue;
                reached.add(in);
                if (!listed.contains(in)) {
                    throw new IllegalArgumentException("Functional: the output depends on " + in + ", which is not among"
                            + " the model's inputs " + inputs + "; add it to the inputs list");
                }
            }
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (!reached.contains(inputs.get(i))) {
                throw new IllegalArgumentException("Functional: input " + i + " (" + inputs.get(i) + ") is not used to"
                        + " compute the output; remove it from the inputs list or apply layers to it");
            }
        }
    }

    private static List<Layer> distinctLayers(List<SymbolicTensor> nodes) {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> list = new ArrayList<>();
        for (SymbolicTensor n : nodes) if (seen.add(n.layer())) list.add(n.layer());
        return Collections.unmodifiableList(list);
    }

    /**
     * Names unnamed inputs ({@code input}, {@code input_1}, ...) and layers ({@code dense},
     * {@code dense_1}, ... in topological order, as Keras and Sequential), skipping names already
     * given; names key saved weights and "Connected to", so they must be unique.
     */
    private void nameAll() {
        Map<String, String> owner = new HashMap<>();
        for (Input in : inputs) if (in.name() != null) claim(owner, in.name(), in.toString());
        for (Layer l : layers) if (l.name() != null) claim(owner, l.name(), l.typeName() + " '" + l.name() + "'");
        LayerNames names = new LayerNames(owner::containsKey);
        for (Input in : inputs) if (in.name() == null) in.autoName(claimFree(owner, names, "input"));
        for (Layer l : layers) if (l.name() == null) l.name(claimFree(owner, names, l.defaultName()));
    }

    private static void claim(Map<String, String> owner, String name, String what) {
        String before = owner.putIfAbsent(name, what);
        if (before != null) {
            throw new IllegalArgumentException("Functional: two parts of the model are named '" + name + "' (" + before
                    + " and " + what + "); names must be unique in a model, so rename one");
        }
    }

    private static String claimFree(Map<String, String> owner, LayerNames names, String stem) {
        String name = names.free(stem);
        owner.put(name, name);
        return name;
    }

    // ---- the Model contract --------------------------------------------------------------------

    /** The layers in topological order, each once even when applied several times. */
    @Override
    public List<Layer> layers() {
        return layers;
    }

    /** The inputs, in the order {@link #call(List, boolean)} takes their tensors. */
    public List<Input> inputs() {
        return inputs;
    }

    /**
     * The output tensor of the graph.
     *
     * @throws IllegalStateException for a model of several outputs: {@link #outputs()} has them
     */
    public SymbolicTensor output() {
        requireOneOutput("output()", "outputs()");
        return outputs.get(0);
    }

    /** The output tensors, in the order of {@link #outputNames()}. */
    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    /**
     * Every layer application, inputs excluded, each after what it reads (a depth-first post-order
     * from the outputs, sources in argument order): the order the model runs them, and the one an
     * exporter writes them in.
     */
    public List<SymbolicTensor> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** The name of each output: the name of the layer that makes it, as Keras names a model's outputs. */
    @Override
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (SymbolicTensor t : outputs) names.add(t.layer().name());
        return names;
    }

    @Override
    List<Layer> outputLayers() {
        List<Layer> list = new ArrayList<>();
        for (SymbolicTensor t : outputs) list.add(t.layer());
        return list;
    }

    /** Throws, naming {@code instead}, unless the model has one output. */
    private void requireOneOutput(String what, String instead) {
        if (outputs.size() != 1) {
            throw new IllegalStateException("Functional: " + what + " is for a model of one output, and this one has "
                    + outputs.size() + " (" + String.join(", ", outputNames()) + "); use " + instead);
        }
    }

    /** Always true: the layers are built as they are applied. */
    @Override
    public boolean isBuilt() {
        return true;
    }

    /** The per-sample shape of the first input; {@link #inputShapes()} has them all. */
    @Override
    public int[] inputShape() {
        return inputs.get(0).shape();
    }

    /** The per-sample shape of each input, in order. */
    @Override
    public List<int[]> inputShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (Input in : inputs) shapes.add(in.shape());
        return shapes;
    }

    /**
     * The per-sample shape of the output.
     *
     * @throws IllegalStateException for a model of several outputs: {@link #outputShapes()} has them
     */
    @Override
    public int[] outputShape() {
        requireOneOutput("outputShape()", "outputShapes()");
        return outputs.get(0).shape();
    }

    /** The per-sample shape of each output, in the order of {@link #outputNames()}. */
    @Override
    public List<int[]> outputShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (SymbolicTensor t : outputs) shapes.add(t.shape());
        return shapes;
    }

    /**
     * A functional model is built when it is made: building it for its own input shape does nothing,
     * any other shape is an error (make a new {@link Input} and apply the layers to it).
     */
    @Override
    public Functional build(int... shape) {
        if (inputs.size() == 1 && Arrays.equals(shape, inputs.get(0).shape())) return this;
        throw new ShapeException("Functional", "the model is built for its inputs " + inputsText() + " and cannot be"
                + " rebuilt for " + Layer.batchShape(shape) + "; its shapes come from its Inputs, so make a new Input.of("
                + String.join(", ", Arrays.stream(shape).mapToObj(String::valueOf).toList()) + ") and apply the layers to it");
    }

    /**
     * Refused: a functional model's weights are drawn when its layers are applied, before the model
     * exists; seed them through the input instead.
     */
    @Override
    public Functional seed(long seed) {
        throw new IllegalStateException("Functional: the weights were created when the layers were applied; seed them"
                + " through the input before applying layers: Input.of(...).seed(" + seed + ")");
    }

    /** Runs a single-input model; a model of several inputs needs {@link #call(List, boolean)}. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("Functional: the model has " + inputs.size() + " inputs (" + inputsText()
                    + ") but got one tensor; pass one per input, in order, e.g. predict(List.of(x1, x2))");
        }
        return call(List.of(x), training);
    }

    /**
     * Runs the graph on one batch per input: each layer application once, in topological order.
     *
     * @throws ShapeException when the number of tensors, a tensor's samples or the batch sizes do not fit
     */
    @Override
    public Tensor call(List<Tensor> xs, boolean training) {
        requireOneOutput("call", "callOutputs(inputs, training)");
        return run(xs, training, null, null).get(0);
    }

    @Override
    List<Tensor> callOutputs(List<Tensor> xs, boolean training, List<Tensor> masks) {
        return run(xs, training, null, masks);
    }

    /**
     * Runs the graph on one batch per input and returns every output, in the order of
     * {@link #outputNames()}: each layer application once, in topological order.
     *
     * @throws ShapeException when the number of tensors, a tensor's samples or the batch sizes do not fit
     */
    @Override
    public List<Tensor> callOutputs(List<Tensor> xs, boolean training) {
        return run(xs, training, null, null);
    }

    /**
     * The output of every layer of {@link #layers()}, in that order, for one batch per input; for a
     * layer applied several times, its last application's (where a bad value it makes shows last).
     */
    @Override
    public List<Tensor> layerOutputs(List<Tensor> xs, boolean training) {
        Tensor[] perLayer = new Tensor[layers.size()];
        run(xs, training, perLayer, null);
        return Arrays.asList(perLayer);
    }

    /**
     * Runs every node once, in topological order; fills {@code perLayer} (by layer position) when
     * given, and adds each output's mask (or null) to {@code outputMasks} when given.
     */
    private List<Tensor> run(List<Tensor> xs, boolean training, Tensor[] perLayer, List<Tensor> outputMasks) {
        checkBatch(xs);
        Tensor[] values = new Tensor[inputs.size() + nodes.size()];
        // The mask of padded steps each slot carries (null for none), beside its value.
        Tensor[] masks = new Tensor[values.length];
        for (int i = 0; i < inputs.size(); i++) values[i] = xs.get(i);
        for (int i = 0; i < nodes.size(); i++) {
            Layer layer = nodes.get(i).layer();
            Tensor y;
            Tensor mask;
            if (layer instanceof MultiInputLayer multi) {
                List<Tensor> args = new ArrayList<>(reads[i].length);
                List<Tensor> argMasks = new ArrayList<>(reads[i].length);
                for (int r : reads[i]) {
                    args.add(values[r]);
                    argMasks.add(masks[r]);
                }
                y = multi.call(args, argMasks, training);
                mask = multi.computeMask(args, argMasks);
            } else {
                Tensor x = values[reads[i][0]];
                Tensor m = masks[reads[i][0]];
                y = m == null ? layer.call(x, training) : layer.call(x, m, training);
                mask = layer.computeMask(x, m);
            }
            values[inputs.size() + i] = y;
            masks[inputs.size() + i] = mask;
            if (perLayer != null) perLayer[layerPosition[i]] = y;
            // Drop what no later node reads, so inference does not hold every activation to the end.
            for (int r : reads[i]) {
                if (lastUse[r] == i) {
                    values[r] = null;
                    masks[r] = null;
                }
            }
        }
        List<Tensor> out = new ArrayList<>(outputSlots.length);
        for (int slot : outputSlots) {
            out.add(values[slot]);
            if (outputMasks != null) outputMasks.add(masks[slot]);
        }
        return out;
    }

    private void checkBatch(List<Tensor> xs) {
        if (xs == null || xs.size() != inputs.size()) {
            throw new ShapeException("Functional", "the model has " + inputs.size() + " input" + (inputs.size() == 1 ? "" : "s")
                    + " (" + inputsText() + ") but got " + (xs == null ? "null" : xs.size() + " tensor" + (xs.size() == 1 ? "" : "s"))
                    + "; pass one tensor per input, in this order");
        }
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            Input in = inputs.get(i);
            if (x == null) throw new IllegalArgumentException("Functional: the tensor for input " + i + " '" + in.name() + "' is null");
            int[] perSample = x.rank() == 0 ? null : Arrays.copyOfRange(x.shape(), 1, x.rank());
            if (perSample == null || !Arrays.equals(perSample, in.shape())) {
                throw new ShapeException("Functional", "input " + i + " '" + in.name() + "' takes " + Layer.batchShape(in.shape())
                        + " but got a tensor of shape " + Arrays.toString(x.shape()) + "; pass samples of that shape on axis 0"
                        + (xs.size() > 1 ? ", with the tensors in the order of the inputs list" : ""));
            }
            if (x.shape(0) != xs.get(0).shape(0)) {
                throw new ShapeException("Functional", "input " + i + " '" + in.name() + "' has " + x.shape(0)
                        + " samples but input 0 '" + inputs.get(0).name() + "' has " + xs.get(0).shape(0)
                        + "; every input needs one entry per sample");
            }
        }
    }

    private String inputsText() {
        List<String> parts = new ArrayList<>();
        for (Input in : inputs) parts.add("'" + in.name() + "' " + Layer.batchShape(in.shape()));
        return String.join(", ", parts);
    }

    // ---- cutting and re-heading (transfer learning) ----------------------------------------------

    /**
     * The same layers as {@code model}, in the same order, as a graph: the layers are shared, not
     * copied, so it predicts what {@code model} predicts and trains the same weights. What lets a
     * {@link Sequential} be cut ({@link #upTo}) and given a new head ({@link #then}).
     *
     * <pre>{@code
     * Functional graph = Functional.of(sequential);
     * }</pre>
     *
     * @throws IllegalStateException when {@code model} is not built
     */
    public static Functional of(Sequential model) {
        if (!model.isBuilt()) {
            throw new IllegalStateException("Functional.of: the Sequential is not built yet; build it with its input shape"
                    + " first, e.g. model.build(28, 28)");
        }
        Input in = Input.of(model.inputShape());
        SymbolicTensor t = in;
        for (Layer l : model.layers()) t = t.then(l);
        return new Functional(List.of(in), t);
    }

    /**
     * The output of the layer called {@code layerName} in this graph, to build on, as Keras'
     * {@code model.get_layer(name).output}; for a layer applied several times, see
     * {@link #output(String, int)}.
     *
     * <pre>{@code
     * Functional features = new Functional(model.inputs(), model.output("flatten"));
     * }</pre>
     *
     * @throws IllegalArgumentException naming the layers when none is called {@code layerName}, or
     *     when the layer is applied more than once
     */
    public SymbolicTensor output(String layerName) {
        Layer l = layer(layerName);
        int applications = 0;
        for (SymbolicTensor n : nodes) if (n.layer() == l) applications++;
        if (applications > 1) {
            throw new IllegalArgumentException("output(\"" + layerName + "\"): the layer is applied " + applications
                    + " times; say which with output(\"" + layerName + "\", k), k from 0 to " + (applications - 1));
        }
        return output(layerName, 0);
    }

    /**
     * The output of the {@code k}-th application (from 0, in the order of {@link #summary()}) of the
     * layer called {@code layerName}: Keras' {@code get_output_at(k)}.
     *
     * @throws IllegalArgumentException when there is no such layer or application
     */
    public SymbolicTensor output(String layerName, int k) {
        Layer l = layer(layerName);
        int seen = 0;
        for (SymbolicTensor n : nodes) {
            if (n.layer() == l && seen++ == k) return n;
        }
        throw new IllegalArgumentException("output(\"" + layerName + "\", " + k + "): the layer is applied " + seen
                + (seen == 1 ? " time" : " times") + "; k goes from 0 to " + (seen - 1));
    }

    /**
     * The body of this network up to the layer called {@code layerName}: a model from the inputs
     * that layer depends on to its output. Its layers are this model's (shared, not copied), so it
     * predicts the activations this model computes there (feature extraction) and freezing or
     * training them changes both models, as in Keras.
     *
     * <pre>{@code
     * Functional body = pretrained.upTo("flatten");
     * Tensor features = body.predict(images);                   // feature extraction
     * body.trainable(false);
     * Functional net = body.then(new Dense(64, "relu"), new Dense(4));    // a new head
     * net.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
     * }</pre>
     *
     * @throws IllegalArgumentException naming the layers when none is called {@code layerName}, or
     *     when it is applied more than once
     */
    @Override
    public Functional upTo(String layerName) {
        return cut(output(layerName));
    }

    /** A model from the inputs {@code end} depends on, in this model's order, to {@code end}. */
    private Functional cut(SymbolicTensor end) {
        Set<SymbolicTensor> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<SymbolicTensor> stack = new ArrayDeque<>();
        stack.push(end);
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.pop();
            if (!reached.add(t)) continue;
            for (SymbolicTensor s : t.inputs()) stack.push(s);
        }
        List<Input> used = new ArrayList<>();
        for (Input in : inputs) if (reached.contains(in)) used.add(in);
        return new Functional(used, end);
    }

    /**
     * This network with {@code head} applied after its output, in order: a new model sharing this
     * one's layers. For a new head on a pretrained body ({@link #upTo}).
     *
     * <pre>{@code
     * Functional net = pretrained.upTo("global_average_pooling2d").then(new Dropout(0.2), new Dense(5));
     * }</pre>
     *
     * @throws IllegalArgumentException when no layer is given
     * @throws dev.fathom.tensor.ShapeException when a layer does not fit what comes before it
     */
    public Functional then(Layer... head) {
        if (head == null || head.length == 0) {
            throw new IllegalArgumentException("then: give the layers of the new head, e.g. then(new Dense(10))");
        }
        requireOneOutput("then", "new Functional(model.inputs(), ...) with the heads applied to model.outputs()");
        SymbolicTensor t = outputs.get(0);
        for (Layer l : head) t = t.then(l);
        return new Functional(inputs, t);
    }

    /** {@code last} and every layer its applications' outputs depend on, in {@link #layers()} order. */
    @Override
    List<Layer> layersUpTo(Layer last) {
        Set<Layer> needed = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<SymbolicTensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<SymbolicTensor> stack = new ArrayDeque<>();
        for (SymbolicTensor n : nodes) if (n.layer() == last) stack.push(n);
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.pop();
            if (t instanceof Input || !visited.add(t)) continue;
            needed.add(t.layer());
            for (SymbolicTensor s : t.inputs()) stack.push(s);
        }
        List<Layer> list = new ArrayList<>();
        for (Layer l : layers) if (needed.contains(l)) list.add(l);
        return list;
    }

    // ---- summary -----------------------------------------------------------------------------

    /**
     * Keras' functional summary: one row per input and per layer application, with the output shape,
     * the parameter count (a shared layer's on its first application only) and what it is connected
     * to ({@code name[node][tensor]}, Keras' notation); then the totals, each weight counted once.
     */
    @Override
    public String summary() {
        boolean frozen = ModelSummary.anyFrozen(layers);
        String rule = "─".repeat(frozen ? 111 : 100);
        // Once a layer is frozen, a Trainable column says which, as Keras' show_trainable.
        String row = frozen ? "%-30s %-22s %12s  %-9s  %s%n" : "%-30s %-22s %12s%s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Model: %s%n%s%n", getClass().getSimpleName(), rule));
        sb.append(String.format(row, "Layer (type)", "Output Shape", "Param #", frozen ? ModelSummary.TRAINABLE : "",
                "Connected to"));
        sb.append(rule.replace('─', '═')).append('\n');
        for (Input in : inputs) {
            sb.append(String.format(row, in.name() + " (Input)", Layer.batchShape(in.shape()), "0", frozen ? "-" : "", "-"));
        }
        for (int i = 0; i < nodes.size(); i++) {
            SymbolicTensor n = nodes.get(i);
            Layer l = n.layer();
            String params = applicationIndex[i] == 0 ? String.format("%,d", l.parameterCount()) : "(shared)";
            List<String> sources = new ArrayList<>();
            for (int r : reads[i]) sources.add(reference(r));
            sb.append(String.format(row, l.name() + " (" + l.typeName() + ")", Layer.batchShape(n.shape()), params,
                    frozen ? ModelSummary.trainableMark(l) : "", sources.get(0)));
            // One source per line, as Keras, so wide merges stay readable.
            for (int s = 1; s < sources.size(); s++) sb.append(String.format(row, "", "", "", "", sources.get(s)));
        }
        return ModelSummary.appendTotals(sb, layers, rule).toString();
    }

    /** Keras' {@code name[node][0]} for slot {@code r} (an input or a node's output). */
    private String reference(int r) {
        if (r < inputs.size()) return inputs.get(r).name() + "[0][0]";
        int node = r - inputs.size();
        return nodes.get(node).layer().name() + "[" + applicationIndex[node] + "][0]";
    }

    // ---- architecture ------------------------------------------------------------------------

    /**
     * The graph as plain data (strings, numbers, lists, maps) for saving:
     * <pre>{@code
     * {"class": "Functional",
     *  "inputs": [{"name": "image", "shape": [28, 28]}, ...],
     *  "layers": [{"type": "Dense", "name": "dense", "config": {...}}, ...],      // topological order, each once
     *  "nodes":  [{"layer": "dense", "inputs": ["image[0][0]"]}, ...],            // every application, in order
     *  "output": "dense_1[0][0]"}                                              // or, for several:
     *                                                                           // "outputs": ["class[0][0]", "value[0][0]"]
     * }</pre>
     * A reference {@code name[k][0]} is the output of the k-th application (in node order) of layer
     * {@code name}, or input {@code name} with k = 0. Weights are not included.
     */
    @Override
    public Map<String, Object> architecture() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("class", "Functional");
        List<Object> ins = new ArrayList<>();
        for (Input in : inputs) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", in.name());
            m.put("shape", Arrays.stream(in.shape()).boxed().toList());
            ins.add(m);
        }
        a.put("inputs", ins);
        List<Object> ls = new ArrayList<>();
        for (Layer l : layers) ls.add(LayerConfigs.toConfig(l));
        a.put("layers", ls);
        List<Object> ns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", nodes.get(i).layer().name());
            List<String> refs = new ArrayList<>();
            for (int r : reads[i]) refs.add(reference(r));
            m.put("inputs", refs);
            ns.add(m);
        }
        a.put("nodes", ns);
        // One output is saved as before ("output"); several as a list, which only version 3 readers know.
        if (outputs.size() == 1) {
            a.put("output", reference(outputSlots[0]));
        } else {
            List<String> refs = new ArrayList<>();
            for (int slot : outputSlots) refs.add(reference(slot));
            a.put("outputs", refs);
        }
        return a;
    }

    /**
     * Rebuilds the graph {@link #architecture()} describes, with fresh weights: each layer is made by
     * {@link LayerConfigs#fromConfig} (the static {@code fromConfig(Map)} of its class).
     *
     * @throws IllegalArgumentException naming the entry that is missing, malformed or refers to
     *     nothing
     */
    public static Functional fromArchitecture(Map<String, Object> architecture) {
        String where = "Functional.fromArchitecture";
        if (!"Functional".equals(architecture.get("class"))) {
            throw new IllegalArgumentException(where + ": 'class' is " + architecture.get("class") + ", not Functional");
        }
        Map<String, SymbolicTensor> tensors = new HashMap<>();
        List<Input> ins = new ArrayList<>();
        for (Map<String, Object> m : maps(architecture, "inputs", where)) {
            String name = string(m, "name", where + " input");
            Object shape = m.get("shape");
            if (!(shape instanceof List<?> dims)) {
                throw new IllegalArgumentException(where + ": input '" + name + "' has no 'shape' list: " + m);
            }
            int[] s = new int[dims.size()];
            for (int i = 0; i < s.length; i++) {
                if (!(dims.get(i) instanceof Number d)) {
                    throw new IllegalArgumentException(where + ": input '" + name + "' has a non-integer size in " + dims);
                }
                s[i] = d.intValue();
            }
            Input in = Input.of(s).name(name);
            ins.add(in);
            tensors.put(name + "[0][0]", in);
        }
        Map<String, Layer> layersByName = new HashMap<>();
        for (Map<String, Object> m : maps(architecture, "layers", where)) {
            String name = string(m, "name", where + " layer");
            if (layersByName.put(name, LayerConfigs.fromConfig(m)) != null) {
                throw new IllegalArgumentException(where + ": two layers are named '" + name + "'; names must be unique");
            }
        }
        Map<String, Integer> applications = new HashMap<>();
        int index = 0;
        for (Map<String, Object> m : maps(architecture, "nodes", where)) {
            String name = string(m, "layer", where + " node " + index);
            Layer layer = layersByName.get(name);
            if (layer == null) {
                throw new IllegalArgumentException(where + ": node " + index + " applies layer '" + name + "', which is not"
                        + " in 'layers'");
            }
            Object refs = m.get("inputs");
            if (!(refs instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalArgumentException(where + ": node " + index + " ('" + name + "') needs an 'inputs' list: " + m);
            }
            SymbolicTensor[] from = new SymbolicTensor[list.size()];
            for (int i = 0; i < from.length; i++) from[i] = resolve(tensors, list.get(i), where + ": node " + index);
            int k = applications.merge(name, 1, Integer::sum) - 1;
            tensors.put(name + "[" + k + "][0]", SymbolicTensor.apply(layer, from));
            index++;
        }
        if (architecture.get("outputs") instanceof List<?> refs) {
            List<SymbolicTensor> outs = new ArrayList<>();
            for (int i = 0; i < refs.size(); i++) outs.add(resolve(tensors, refs.get(i), where + ": 'outputs' entry " + i));
            return new Functional(ins, outs);
        }
        return new Functional(ins, resolve(tensors, architecture.get("output"), where + ": 'output'"));
    }

    private static SymbolicTensor resolve(Map<String, SymbolicTensor> tensors, Object ref, String where) {
        SymbolicTensor t = ref instanceof String s ? tensors.get(s) : null;
        if (t == null) {
            throw new IllegalArgumentException(where + " refers to " + ref + ", which no input or earlier node produces;"
                    + " references look like 'dense[0][0]' and must name an input or an earlier node");
        }
        return t;
    }

    private static List<Map<String, Object>> maps(Map<String, Object> a, String key, String where) {
        Object v = a.get(key);
        if (!(v instanceof List<?> list)) throw new IllegalArgumentException(where + ": '" + key + "' must be a list, got " + v);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) throw new IllegalArgumentException(where + ": an entry of '" + key + "' is not a map: " + o);
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(m);
        }
        return out;
    }

    private static String string(Map<String, Object> m, String key, String where) {
        if (!(m.get(key) instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(where + ": '" + key + "' must be a non-empty string, got " + m.get(key) + " in " + m);
        }
        return s;
    }
}
