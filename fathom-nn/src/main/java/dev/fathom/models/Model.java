package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.data.batch.BatchSource;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.losses.Loss;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trainable network with Keras' workflow: {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict}, {@link #save}/{@link #load}. Subclasses say how layers connect
 * ({@link Sequential}, {@link Functional}); this class holds what every model has (weights, seed,
 * compile settings, summary, attachments) and the user API, which hands training and evaluation to
 * the model's {@code Trainer} and batched prediction to {@code Predictor}, as Keras 3 does.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Flatten(), new Dense(128, "relu"), new Dense(10));
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
 * History h = model.fit(xTrain, yTrain, Fit.epochs(5).batchSize(64).validationSplit(0.1));
 * Map<String, Double> scores = model.evaluate(xTest, yTest);
 * model.save(Path.of("mnist.fathom"));
 * }</pre>
 *
 * <p><b>Inputs.</b> Most models take one input tensor; models with several ({@code Functional})
 * take a list, one tensor per input, all with the samples on axis 0 and the same number of them.
 * Every method that takes data has a single-tensor form and a list form.
 *
 * <p><b>Reproducibility.</b> The model's {@link #seed(long) seed} fixes the initial weights and,
 * with the epoch number, every epoch's dropout masks; {@link Fit#seed} with the epoch number fixes
 * every epoch's shuffle. So the same seeds give bit-identical weights, and training resumed from a
 * saved model ({@link Fit#resume()}) continues exactly as if it had never stopped. A
 * {@code Dropout} given its own seed uses that seed in place of the model's, still with the epoch
 * number, so its masks too change from epoch to epoch and repeat on resume.
 */
public abstract class Model {
    private long seed;
    private Optimizer optimizer;
    private Loss loss;
    private final List<String> metricNames = new ArrayList<>();
    /** Each output's loss, weight and metrics when compiled per output; null when compiled with one loss. */
    private List<OutputLoss> outputLosses;
    private PrintStream out = System.out;
    /** The training loop and the training position (epochs done, last shuffle seed). */
    private final Trainer trainer = new Trainer(this);
    /** Named JSON objects saved with the model. */
    private final Attachments attachments = new Attachments();

    /** The layers in order (topological order for graphs). */
    public abstract List<Layer> layers();

    /** Whether every layer knows its shapes and has its weights. */
    public abstract boolean isBuilt();

    /** The per-sample input shape (without the batch axis); the first input's for multi-input models. */
    public abstract int[] inputShape();

    /** The per-sample output shape. */
    public abstract int[] outputShape();

    /** Builds every layer for a per-sample input shape, checking each layer's input. */
    public abstract Model build(int... inputShape);

    /** Runs the network on a batch; {@code training} switches dropout and batch statistics on. */
    public abstract Tensor call(Tensor x, boolean training);

    /**
     * Runs the network on a batch of each input ({@code inputs.get(i)} for input {@code i}, samples
     * on axis 0). This default is for one-input models: it checks that there is one input and calls
     * {@link #call(Tensor, boolean)}; multi-input models override it.
     *
     * @throws IllegalArgumentException when the number of inputs is not what the model takes
     */
    public Tensor call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes one input but got " + inputs.size()
                    + "; pass a single tensor");
        }
        return call(inputs.get(0), training);
    }

    /** The per-sample shape of each input, in order; one entry for one-input models. */
    public List<int[]> inputShapes() {
        return List.of(inputShape());
    }

    /**
     * The per-sample shape of each output, in the order of {@link #outputNames()}; one entry for
     * one-output models.
     */
    public List<int[]> outputShapes() {
        return List.of(outputShape());
    }

    /**
     * The name of each output, by which {@link #compile(Optimizer, Map, Map, Map)}, {@code fit} and
     * {@link #predictOutputs} key it: the name of the layer that makes it. One entry for one-output
     * models (the last layer's name).
     */
    public List<String> outputNames() {
        List<Layer> layers = layers();
        return List.of(layers.isEmpty() ? "output" : String.valueOf(layers.getLast().name()));
    }

    /**
     * Runs the network on a batch of each input and returns every output, in the order of
     * {@link #outputNames()}. This default is for one-output models: {@code List.of(call(inputs,
     * training))}; multi-output models override it.
     */
    public List<Tensor> callOutputs(List<Tensor> inputs, boolean training) {
        return List.of(call(inputs, training));
    }

    /** The layer that makes each output, in the order of {@link #outputNames()}: the last layer for one output. */
    List<Layer> outputLayers() {
        return List.of(layers().getLast());
    }

    /**
     * {@link #callOutputs} that also puts, for each output, the mask of padded steps it carries
     * ({@code [batch, time]}, or null for none) into {@code masks}: what {@code fit} and
     * {@code evaluate} use to leave padded steps out of an output's loss and metrics, as Keras does.
     * This default carries none; models that pass masks along override it.
     */
    List<Tensor> callOutputs(List<Tensor> inputs, boolean training, List<Tensor> masks) {
        List<Tensor> outputs = callOutputs(inputs, training);
        for (int i = 0; i < outputs.size(); i++) masks.add(null);
        return outputs;
    }

    /** Whether the model has more than one output. */
    boolean severalOutputs() {
        return outputNames().size() > 1;
    }

    /**
     * The output of every layer of {@link #layers()}, in that order, for one batch: what a debugger
     * (and {@link TerminateOnNaN}) needs to find the first layer that produced a bad value. Models
     * override this; the default says the model cannot trace its layers.
     *
     * @throws UnsupportedOperationException when the model does not support tracing
     */
    public List<Tensor> layerOutputs(List<Tensor> inputs, boolean training) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot report its layers' outputs;"
                + " override layerOutputs(List<Tensor>, boolean)");
    }

    /**
     * What recreates this model's structure, without weights, as saved in model files:
     * {@code {"class": "Sequential", "input_shape": [...], "layers": [{type, name, config}, ...]}} for a
     * {@link Sequential}. A subclass that overrides this must also provide
     * {@code public static Model fromArchitecture(Map<String, Object>)} in {@code dev.fathom.models}.
     *
     * @throws UnsupportedOperationException for a model class that cannot be saved
     */
    public Map<String, Object> architecture() {
        throw new UnsupportedOperationException(getClass().getName() + " does not describe its architecture, so it"
                + " cannot be saved; override architecture() and add a static fromArchitecture(Map) to recreate it");
    }

    /** The seed of the initial weights (and dropout masks); set it before building. */
    public Model seed(long seed) {
        if (isBuilt()) throw new IllegalStateException("seed(...) must be set before the model is built");
        this.seed = seed;
        return this;
    }

    /** The seed of the initial weights and dropout masks (0 unless set). */
    public long seed() {
        return seed;
    }

    protected Generator generator() {
        return new Generator(seed);
    }

    /** Where fit and the callbacks print (standard output by default). */
    public Model output(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** The stream fit and the callbacks print to. */
    PrintStream out() {
        return out;
    }

    /** The number of epochs trained so far, over every {@code fit} (and before saving, for a loaded model). */
    public int epochsCompleted() {
        return trainer.epochsCompleted();
    }

    /** The shuffle seed of the last fit (what {@link Fit#resume()} reuses), or null if the model was never trained. */
    public Long shuffleSeed() {
        return trainer.shuffleSeed();
    }

    /** Restores the training position of a loaded model (the weights were restored separately). */
    void restoreTrainingState(long seed, int epochsCompleted, Long shuffleSeed) {
        this.seed = seed;
        trainer.restorePosition(epochsCompleted, shuffleSeed);
    }

    // ---- weights -----------------------------------------------------------------------------

    /** Every weight, layer by layer. */
    public List<Weight> weights() {
        requireBuilt("weights()");
        List<Weight> all = new ArrayList<>();
        for (Layer l : layers()) all.addAll(l.weights());
        return all;
    }

    /**
     * Moves every weight (and the optimizer's state) to {@code device}, in place, as PyTorch's
     * {@code model.to(device)}; from then on {@code fit}, {@code evaluate} and {@code predict} take
     * data from the host (or any device) and move each batch to the model's device. Predictions
     * come back on the model's device.
     *
     * <pre>{@code
     * model.to(Device.best());   // the GPU when fathom-cuda finds one, else the CPU
     * model.fit(xTrain, yTrain, Fit.epochs(5));
     * }</pre>
     */
    public Model to(dev.fathom.backend.Device device) {
        requireBuilt("to(device)");
        for (Weight w : weights()) w.value().moveTo(device);
        if (optimizer() != null) optimizer().moveStateTo(device);
        return this;
    }

    /** The device the weights are on: the CPU until {@link #to} moves them. */
    public dev.fathom.backend.Device device() {
        for (Layer l : layers()) {
            for (Weight w : l.weights()) return w.value().device();
        }
        return dev.fathom.backend.Device.cpu();
    }

    /** The tensors the optimizer updates: the trainable weights of the layers not frozen. */
    public List<Tensor> trainableWeights() {
        requireBuilt("trainableWeights()");
        List<Tensor> t = new ArrayList<>();
        for (Layer l : layers()) for (Weight w : l.trainableWeights()) t.add(w.value());
        return t;
    }

    /** The number of scalar weights the optimizer updates (those of {@link #trainableWeights()}). */
    public long trainableParameterCount() {
        long n = 0;
        for (Layer l : layers()) n += l.trainableParameterCount();
        return n;
    }

    // ---- layers by name and freezing -----------------------------------------------------------

    /**
     * The layer called {@code name}, as Keras' {@code get_layer}.
     *
     * <pre>{@code
     * model.layer("dense_1").trainable(false);
     * }</pre>
     *
     * @throws IllegalArgumentException listing the layers' names when none is called {@code name}
     */
    public Layer layer(String name) {
        for (Layer l : layers()) if (l.name() != null && l.name().equals(name)) return l;
        throw new IllegalArgumentException("layer(\"" + name + "\"): the model has no layer of that name; its layers are "
                + layerNames() + " (model.summary() shows them)");
    }

    /** The names of the layers in {@link #layers()} order. */
    List<String> layerNames() {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) names.add(l.name());
        return names;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) every layer, as Keras' {@code
     * model.trainable}; see {@link Layer#trainable(boolean)}. Returns this model.
     *
     * <pre>{@code
     * base.trainable(false);                               // feature extraction: train only a new head
     * base.trainable(true);                                // then fine-tune everything
     * model.compile(new Adam(1e-5), loss, "accuracy");     // with a small learning rate
     * }</pre>
     */
    public Model trainable(boolean trainable) {
        for (Layer l : layers()) l.trainable(trainable);
        return this;
    }

    /**
     * Freezes the layer called {@code name} and every layer before it (for a graph, every layer its
     * output depends on), leaving the others as they are: the pretrained body of a network stays,
     * the layers after it train. Returns the layers it froze, in {@link #layers()} order.
     *
     * <pre>{@code
     * model.freezeUpTo("flatten");      // conv layers and flatten frozen; the dense head trains
     * }</pre>
     *
     * @throws IllegalArgumentException listing the layers' names when none is called {@code name}
     */
    public List<Layer> freezeUpTo(String name) {
        Layer last = layer(name);
        List<Layer> frozen = new ArrayList<>();
        for (Layer l : layersUpTo(last)) {
            l.trainable(false);
            frozen.add(l);
        }
        return frozen;
    }

    /**
     * The body of this network up to the layer called {@code layerName}, as a graph sharing this
     * model's layers (and so its weights): it predicts the activations this model computes there,
     * and new layers go on top with {@link Functional#then}. Keras' {@code Model(model.inputs,
     * model.get_layer(name).output)}.
     *
     * <pre>{@code
     * Functional body = model.upTo("flatten");
     * Tensor features = body.predict(x);                        // feature extraction
     * body.trainable(false);
     * Functional net = body.then(new Dense(4));                 // a new head on the frozen body
     * }</pre>
     *
     * @throws IllegalArgumentException naming the layers when none is called {@code layerName}
     * @throws UnsupportedOperationException for a model class that is neither a {@link Sequential}
     *     nor a {@link Functional} and does not override this
     */
    public Functional upTo(String layerName) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be cut at a layer; override"
                + " upTo(String), or build the network as a Functional");
    }

    /**
     * {@code last} and the layers it depends on, in {@link #layers()} order: for a chain, every
     * layer up to it. Graphs override this to follow their connections.
     */
    List<Layer> layersUpTo(Layer last) {
        List<Layer> list = new ArrayList<>();
        for (Layer l : layers()) {
            list.add(l);
            if (l == last) break;
        }
        return list;
    }

    /** The number of scalar weights. */
    public long parameterCount() {
        long n = 0;
        for (Layer l : layers()) n += l.parameterCount();
        return n;
    }

    /** Copies of every weight's value (trainable or not), in {@link #weights()} order. */
    List<Tensor> copyWeights() {
        List<Tensor> copies = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (Weight w : weights()) copies.add(w.value().contiguousCopy());
        }
        return copies;
    }

    /** Writes values taken by {@link #copyWeights()} back, in place. */
    void assignWeights(List<Tensor> values) {
        List<Weight> weights = weights();
        if (values.size() != weights.size()) {
            throw new IllegalArgumentException("got " + values.size() + " weight values for " + weights.size() + " weights");
        }
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < values.size(); i++) weights.get(i).value().assign(values.get(i));
        }
    }

    // ---- summary -----------------------------------------------------------------------------

    /** A table of layers with output shapes and parameter counts, and the totals, like Keras. */
    public String summary() {
        requireBuilt("summary()");
        return ModelSummary.table(this);
    }

    // ---- compile -----------------------------------------------------------------------------

    /**
     * Chooses how to learn: the optimizer, the loss, and metrics to report ({@code "accuracy"},
     * {@code "mae"}, {@code "mse"}). A model of several outputs takes this loss and these metrics for
     * each output, every loss with weight 1 (see {@link #compile(Optimizer, Map, Map, Map)} for one of
     * each per output).
     */
    public Model compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) throw new IllegalArgumentException("compile needs an optimizer and a loss");
        for (String m : metrics) Metric.named(m, false); // fail now on unknown names
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricNames.clear();
        this.metricNames.addAll(List.of(metrics));
        this.outputLosses = null;
        if (isBuilt()) InputCheck.outputsFit(this);
        return this;
    }

    /**
     * Chooses how to learn a model of several outputs, as Keras' {@code compile(loss={...},
     * loss_weights={...}, metrics={...})}: a loss per output, keyed by output name
     * ({@link #outputNames()}); the weight of each loss in the sum the optimizer minimizes (1 for an
     * output not listed); and the metrics reported for each (none for an output not listed).
     * {@code fit} and {@code evaluate} then log {@code loss} (the weighted sum), and for each output
     * {@code <name>_loss} and {@code <name>_<metric>} ({@code val_} before each for validation).
     *
     * <pre>{@code
     * model.compile(new Adam(1e-3),
     *         Map.of("class", new SparseCategoricalCrossentropy(true), "value", new MeanSquaredError()),
     *         Map.of("value", 0.5),
     *         Map.of("class", List.of("accuracy"), "value", List.of("mae")));
     * }</pre>
     *
     * @param lossWeights null or a map of some outputs' weights, each finite and {@code >= 0}
     * @param metrics     null or a map of some outputs' metric names
     * @throws IllegalArgumentException naming the outputs when a key names none, an output has no
     *     loss, a weight is negative or not finite, or a metric is unknown; or when a loss does not
     *     suit its output
     */
    public Model compile(Optimizer optimizer, Map<String, Loss> losses, Map<String, Double> lossWeights,
                         Map<String, List<String>> metrics) {
        if (optimizer == null || losses == null) throw new IllegalArgumentException("compile needs an optimizer and a loss per output");
        requireBuilt("compile with a loss per output");
        List<String> names = outputNames();
        Map<String, Double> weights = lossWeights == null ? Map.of() : lossWeights;
        Map<String, List<String>> perOutput = metrics == null ? Map.of() : metrics;
        checkOutputKeys("losses", losses.keySet(), names);
        checkOutputKeys("lossWeights", weights.keySet(), names);
        checkOutputKeys("metrics", perOutput.keySet(), names);
        List<OutputLoss> heads = new ArrayList<>();
        for (String name : names) {
            Loss l = losses.get(name);
            if (l == null) {
                throw new IllegalArgumentException("compile: output '" + name + "' has no loss; give one for each output "
                        + names + ", e.g. Map.of(\"" + name + "\", new MeanSquaredError(), ...)");
            }
            double w = weights.getOrDefault(name, 1.0);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("compile: the loss weight of output '" + name + "' is " + w
                        + "; weights must be finite and >= 0");
            }
            List<String> ms = perOutput.getOrDefault(name, List.of());
            for (String m : ms) Metric.named(m, false);
            heads.add(new OutputLoss(name, l, w, ms));
        }
        this.optimizer = optimizer;
        this.loss = heads.getFirst().loss();
        this.metricNames.clear();
        this.outputLosses = List.copyOf(heads);
        InputCheck.outputsFit(this);
        return this;
    }

    private static void checkOutputKeys(String what, java.util.Set<String> keys, List<String> names) {
        for (String k : keys) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("compile: " + what + " names output '" + k + "', which the model does not"
                        + " have; its outputs are " + names);
            }
        }
    }

    /**
     * Each output's loss, weight and metrics, in the order of {@link #outputNames()}: as given per
     * output, or the one loss and metrics of {@link #compile(Optimizer, Loss, String...)} for each,
     * with weight 1; empty before compile.
     */
    List<OutputLoss> outputLosses() {
        if (outputLosses != null) return outputLosses;
        if (loss == null) return List.of();
        List<OutputLoss> heads = new ArrayList<>();
        for (String name : outputNames()) heads.add(new OutputLoss(name, loss, 1.0, metricNames));
        return heads;
    }

    /** Whether the model was compiled with a loss per output ({@link #compile(Optimizer, Map, Map, Map)}). */
    boolean compiledPerOutput() {
        return outputLosses != null;
    }

    /**
     * The loss of each output, by output name, in the order of {@link #outputNames()}: what
     * {@link #compile(Optimizer, Map, Map, Map)} was given, or the one loss for every output.
     */
    public Map<String, Loss> losses() {
        Map<String, Loss> m = new java.util.LinkedHashMap<>();
        for (OutputLoss h : outputLosses()) m.put(h.output(), h.loss());
        return m;
    }

    /** The weight of each output's loss in the total, by output name (1 unless compiled with others). */
    public Map<String, Double> lossWeights() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (OutputLoss h : outputLosses()) m.put(h.output(), h.weight());
        return m;
    }

    /** The optimizer given to {@link #compile}. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss given to {@link #compile}; for a model compiled per output, the first output's ({@link #losses()} has each). */
    public Loss loss() {
        return loss;
    }

    /**
     * The metric names given to {@link #compile}; for a model compiled per output, each output's as
     * logged ({@code class_accuracy}).
     */
    public List<String> metricNames() {
        if (outputLosses == null) return List.copyOf(metricNames);
        List<String> names = new ArrayList<>();
        boolean several = severalOutputs();
        for (OutputLoss h : outputLosses) for (String m : h.metrics()) names.add(h.prefix(several) + m);
        return names;
    }

    /** Whether the compiled loss takes logits, so outputs need a softmax or sigmoid to be probabilities. */
    boolean lossTakesLogits() {
        return loss != null && loss.fromLogits();
    }

    // ---- fit and evaluate: the Trainer's work ------------------------------------------------

    /** Asks a running {@link #fit} to stop after the current batch's epoch (for callbacks). */
    public void stopTraining() {
        trainer.stop();
    }

    /**
     * Whether {@link #stopTraining()} was called since the last fit began: for code that runs a
     * model's epochs elsewhere and its callbacks here (fathom-spark's {@code SparkTraining}).
     */
    public boolean stopRequested() {
        return trainer.stopRequested();
    }

    /** Trains on {@code x} (samples on axis 0) against {@code y}. */
    public History fit(Tensor x, Tensor y, Fit fit) {
        return fit(List.of(InputCheck.nonNull("fit", x)), y, fit);
    }

    /**
     * Trains on the samples at {@code rows} of {@code x} and {@code y} (a fold's training rows, a
     * bootstrap sample; repeats allowed) without copying them: each batch is gathered from
     * {@code x}. The same weights as {@code fit(x.indexSelect(0, i), y.indexSelect(0, i), fit)} with
     * {@code i} the rows as a tensor.
     *
     * <pre>{@code
     * model.fit(x, y, fold.trainIndices(), Fit.epochs(10).seed(1));
     * }</pre>
     *
     * @throws IllegalArgumentException when {@code rows} is empty
     * @throws IndexOutOfBoundsException for a row outside {@code [0, samples)}
     */
    public History fit(Tensor x, Tensor y, int[] rows, Fit fit) {
        return trainer.fit(x, y, rows, fit);
    }

    /**
     * Trains on several inputs ({@code xs.get(i)} feeds input {@code i}, samples on axis 0, the same
     * number in each) against {@code y}; every batch takes the same samples from each input.
     *
     * <p>Epochs are numbered over the model's life: {@code Fit.epochs(10)} trains until epoch 10,
     * starting from {@link Fit#initialEpoch} (0 by default) or, with {@link Fit#resume()}, from
     * {@link #epochsCompleted()}. The epoch numbers fix each epoch's shuffle and dropout masks, so
     * a resumed run repeats the uninterrupted one exactly.
     *
     * @throws IllegalStateException before {@link #compile}
     * @throws ArithmeticException when the loss or a gradient becomes NaN or infinite, naming the
     *     step and the first layer that produced it (unless a {@link TerminateOnNaN} ends training instead)
     */
    public History fit(List<Tensor> xs, Tensor y, Fit fit) {
        return trainer.fit(xs, y, fit);
    }

    /**
     * Trains on batches from {@code data}: tensors in memory ({@link dev.fathom.data.batch.TensorSource},
     * the same as {@link #fit(List, Tensor, Fit)}) or rows streamed from disk
     * ({@link dev.fathom.data.batch.RowFileSource}), with the same epochs, shuffling by (seed,
     * epoch), validation, callbacks, progress bar and {@link History}. {@link Fit#validationSplit}
     * holds out the source's last samples ({@link BatchSource#rows}).
     *
     * <pre>{@code
     * try (RowFileSource data = RowFileSource.open(Path.of("train.rows"))) {
     *     model.fit(data, Fit.epochs(10).batchSize(128).validationSplit(0.1).seed(7));
     * }
     * }</pre>
     *
     * @throws IllegalStateException before {@link #compile}
     * @throws IllegalArgumentException when the source's sample or target shapes do not suit the model
     */
    public History fit(BatchSource data, Fit fit) {
        return trainer.fit(data, fit);
    }

    /**
     * Trains a model of several outputs: {@code ys} holds each output's targets, by output name
     * ({@link #outputNames()}), samples on axis 0 as in the inputs. Each batch takes the same samples
     * from every input and every target; the optimizer minimizes the weighted sum of the outputs'
     * losses (see {@link #compile(Optimizer, Map, Map, Map)}).
     *
     * <pre>{@code
     * model.fit(List.of(x), Map.of("class", labels, "value", amounts), Fit.epochs(10).validationSplit(0.2));
     * }</pre>
     *
     * @throws IllegalArgumentException naming the outputs when {@code ys} lacks one or names one the
     *     model does not have, or when a target does not suit its output's loss
     */
    public History fit(List<Tensor> xs, Map<String, Tensor> ys, Fit fit) {
        return trainer.fit(xs, targetList("fit", ys), fit);
    }

    /** {@link #fit(List, Map, Fit)} for a model of one input. */
    public History fit(Tensor x, Map<String, Tensor> ys, Fit fit) {
        return fit(List.of(InputCheck.nonNull("fit", x)), ys, fit);
    }

    /**
     * {@link #fit(List, Map, Fit)} with the targets in the order of {@link #outputNames()}, as Keras
     * takes a list of targets.
     */
    public History fit(List<Tensor> xs, List<Tensor> ys, Fit fit) {
        return trainer.fit(xs, targetList("fit", ys), fit);
    }

    /** The targets keyed by output name, in output order; refused naming the outputs when keys are missing or unknown. */
    List<Tensor> targetList(String op, Map<String, Tensor> ys) {
        if (ys == null) throw new IllegalArgumentException(op + ": the targets are null; pass one per output " + outputNames());
        List<String> names = outputNames();
        for (String k : ys.keySet()) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException(op + ": the targets name output '" + k + "', which the model does not have;"
                        + " its outputs are " + names);
            }
        }
        List<Tensor> list = new ArrayList<>();
        for (String name : names) {
            Tensor y = ys.get(name);
            if (y == null) {
                throw new IllegalArgumentException(op + ": no targets for output '" + name + "'; pass one tensor per output "
                        + names);
            }
            list.add(y);
        }
        return list;
    }

    /** Checks that there is one target tensor per output. */
    List<Tensor> targetList(String op, List<Tensor> ys) {
        List<String> names = outputNames();
        if (ys == null || ys.size() != names.size()) {
            throw new IllegalArgumentException(op + ": the model has " + names.size() + " output" + (names.size() == 1 ? "" : "s")
                    + " " + names + " but got " + (ys == null ? "null" : ys.size() + " target tensor" + (ys.size() == 1 ? "" : "s"))
                    + "; pass one per output, in this order, or a map by output name");
        }
        for (int i = 0; i < ys.size(); i++) {
            if (ys.get(i) == null) throw new IllegalArgumentException(op + ": the targets of output '" + names.get(i) + "' are null");
        }
        return List.copyOf(ys);
    }

    /** The loss and the compiled metrics on {@code x}, {@code y}, computed in inference mode. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(List.of(InputCheck.nonNull("evaluate", x)), y);
    }

    /** The loss and the compiled metrics on several inputs and {@code y}, in inference mode. */
    public Map<String, Double> evaluate(List<Tensor> xs, Tensor y) {
        return trainer.evaluate(xs, y);
    }

    /**
     * The scores of a model of several outputs on its targets by output name, in inference mode:
     * {@code loss} (the weighted sum), then each output's {@code <name>_loss}, then each output's
     * metrics as {@code <name>_<metric>}.
     *
     * <pre>{@code
     * Map<String, Double> s = model.evaluate(List.of(x), Map.of("class", labels, "value", amounts));
     * double accuracy = s.get("class_accuracy");
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link #fit(List, Map, Fit)}
     */
    public Map<String, Double> evaluate(List<Tensor> xs, Map<String, Tensor> ys) {
        return trainer.evaluate(xs, targetList("evaluate", ys));
    }

    /** {@link #evaluate(List, Map)} for a model of one input. */
    public Map<String, Double> evaluate(Tensor x, Map<String, Tensor> ys) {
        return evaluate(List.of(InputCheck.nonNull("evaluate", x)), ys);
    }

    /** {@link #evaluate(List, Map)} with the targets in the order of {@link #outputNames()}. */
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys) {
        return trainer.evaluate(xs, targetList("evaluate", ys));
    }

    /**
     * The loss and the compiled metrics on every sample of {@code data}, in order, in inference
     * mode: the same numbers as {@link #evaluate(List, Tensor)} on the same samples.
     *
     * @throws IllegalStateException before {@link #compile}
     * @throws IllegalArgumentException when the source's shapes do not suit the model
     */
    public Map<String, Double> evaluate(BatchSource data) {
        return trainer.evaluate(data);
    }

    // ---- predict -----------------------------------------------------------------------------

    /** The network's outputs for {@code x} (samples on axis 0), in inference mode. */
    public Tensor predict(Tensor x) {
        return predict(List.of(InputCheck.nonNull("predict", x)));
    }

    /**
     * The network's outputs for several inputs (samples on axis 0), in inference mode.
     *
     * @throws IllegalStateException for a model of several outputs: {@link #predictOutputs} gives each
     */
    public Tensor predict(List<Tensor> xs) {
        if (severalOutputs()) {
            throw new IllegalStateException("predict: the model has " + outputNames().size() + " outputs " + outputNames()
                    + "; use predictOutputs(x), which gives each by name");
        }
        return Predictor.predict(this, xs);
    }

    /**
     * Every output of the network for {@code x} (samples on axis 0), in inference mode, by output
     * name in the order of {@link #outputNames()}: what Keras' {@code predict} returns for a model of
     * several outputs. A one-output model gives one entry.
     *
     * <pre>{@code
     * Map<String, Tensor> out = model.predictOutputs(x);
     * Tensor classes = out.get("class").argmax(1);
     * Tensor amounts = out.get("value");
     * }</pre>
     */
    public Map<String, Tensor> predictOutputs(Tensor x) {
        return predictOutputs(List.of(InputCheck.nonNull("predict", x)));
    }

    /** {@link #predictOutputs(Tensor)} for several inputs. */
    public Map<String, Tensor> predictOutputs(List<Tensor> xs) {
        List<Tensor> outs = Predictor.predictOutputs(this, xs);
        Map<String, Tensor> byName = new java.util.LinkedHashMap<>();
        List<String> names = outputNames();
        for (int i = 0; i < outs.size(); i++) byName.put(names.get(i), outs.get(i));
        return byName;
    }

    /** The most likely class per sample (argmax of the outputs; a threshold for one output). */
    public Tensor predictClasses(Tensor x) {
        Tensor p = predict(x);
        if (p.rank() == 2 && p.shape(1) > 1) return p.argmax(1);
        return p.reshape(p.shape(0)).gt(lossTakesLogits() ? 0 : 0.5).asType(DType.INT32);
    }

    /** Class probabilities: softmax (or sigmoid for one output) applied when the loss takes logits. */
    public Tensor predictProba(Tensor x) {
        Tensor p = predict(x);
        if (!lossTakesLogits()) return p;
        return p.rank() == 2 && p.shape(1) > 1 ? p.softmax(1) : p.sigmoid();
    }

    // ---- saving ------------------------------------------------------------------------------

    /**
     * Saves everything needed to predict with this model or to train it on exactly where it
     * stopped, in one file: the architecture, every weight (non-trainable ones such as batch
     * statistics included), the optimizer and its state, the loss and metrics, and the training
     * position (epochs done, seeds). The file is replaced atomically: readers see the old file or
     * the new one, never half of one. The format is documented in {@code docs/model-file-format.md}
     * and on {@link ModelFile}.
     *
     * <pre>{@code
     * model.save(Path.of("checkpoints/mnist.fathom"));
     * Model again = Model.load(Path.of("checkpoints/mnist.fathom"));
     * }</pre>
     *
     * @throws ModelFileException when the model is not built, cannot describe itself, or the file
     *     cannot be written (the old file, if any, is then untouched)
     */
    public void save(Path path) {
        ModelFile.save(this, path);
    }

    /**
     * Writes the bytes of this model's file to {@code out} (left open), as {@link #save(Path)}
     * writes them to a file: to embed a model in another file or send it elsewhere, no temporary
     * file involved. {@link #load(InputStream, String)} reads them back.
     *
     * <pre>{@code
     * var bytes = new ByteArrayOutputStream();
     * model.save(bytes);
     * Model copy = Model.load(new ByteArrayInputStream(bytes.toByteArray()), "the copy");
     * }</pre>
     *
     * @throws ModelFileException as {@link #save(Path)}, or when {@code out} fails
     */
    public void save(OutputStream out) {
        ModelFile.save(this, out);
    }

    /**
     * The model saved in {@code path}, ready to predict and, if it was compiled, to train on
     * ({@code fit(..., Fit.epochs(n).resume())}). A file another format's {@link ModelReader} takes
     * (an {@code .onnx} file, with fathom-onnx on the class path) is read by it.
     *
     * @throws ModelFileException naming the file and what is wrong when it is missing, truncated,
     *     corrupt, of an unknown format version, or does not match its own architecture; nothing is
     *     half-loaded
     */
    public static Model load(Path path) {
        // Another format's reader (fathom-onnx for .onnx files) takes the files it names.
        for (ModelReader reader : java.util.ServiceLoader.load(ModelReader.class, ModelReader.class.getClassLoader())) {
            if (reader.reads(path)) return reader.read(path);
        }
        if (path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            throw new ModelFileException("cannot load model file '" + path + "': reading ONNX files needs fathom-onnx on the class"
                    + " path (add the dependency dev.fathom:fathom-onnx)");
        }
        return ModelFile.load(path);
    }

    /**
     * The model whose file's bytes {@code in} holds (read to its end, not closed), checked as
     * {@link #load(Path)} checks a file; errors name {@code source} (e.g. the file it is embedded in).
     *
     * @throws ModelFileException naming {@code source} when the bytes are no model file or it does not load
     */
    public static Model load(InputStream in, String source) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ModelFileException("cannot load the model from " + source + ": " + e, e);
        }
        return ModelFile.load(bytes, source);
    }

    /**
     * Attaches a named JSON object to this model, to be saved in its file and given back by
     * {@link #attachment} after {@link #load}: what a model needs beside its weights to be used,
     * such as the fitted preprocessing of its inputs or the class names of its outputs. The model
     * does not interpret it; the package that wrote it reads it back. Attaching under a name
     * already used replaces that object. The object is copied, so later changes to {@code config}
     * do not reach the model.
     *
     * <pre>{@code
     * model.attach("preprocessing", preprocessor.config());
     * model.save(Path.of("titanic.fathom"));
     * Preprocessor p = Preprocessor.fromConfig(Model.load(Path.of("titanic.fathom")).attachment("preprocessing"));
     * }</pre>
     *
     * @param name   a key such as {@code "preprocessing"}: not blank
     * @param config a tree of maps (string keys), lists, strings, numbers (finite) and booleans
     * @throws IllegalArgumentException when the name is blank or {@code config} cannot be written as JSON
     */
    public Model attach(String name, Map<String, ?> config) {
        attachments.put(name, config);
        return this;
    }

    /**
     * A fresh copy of the object attached under {@code name}.
     *
     * @throws IllegalArgumentException naming the attachments the model has when none has that name
     */
    public Map<String, Object> attachment(String name) {
        return attachments.get(name);
    }

    /** The names of the attached objects, in the order they were first attached. */
    public List<String> attachmentNames() {
        return attachments.names();
    }

    /**
     * One line for a REPL or a log: the class, the layers ({@code name: Type}, the middle ones
     * elided when there are many), the input and output shapes and the parameter count (or
     * {@code not built}), then the compile settings and the epochs trained when there are any. The
     * full table is {@link #summary()}. Never throws, whatever state the model is in.
     *
     * <pre>{@code
     * jshell> new Sequential(new Dense(10, "relu"), new Dense(3)).build(4)
     * $1 ==> Sequential(dense: Dense, dense_2: Dense; [batch, 4] -> [batch, 3], 83 parameters)
     * }</pre>
     */
    @Override
    public String toString() {
        return ModelSummary.oneLine(this);
    }

    private void requireBuilt(String what) {
        if (!isBuilt()) {
            throw new IllegalStateException(what + ": the model is not built yet; give it an input shape with"
                    + " build(...) (e.g. build(28, 28)) or call fit, which builds it from the data");
        }
    }
}
