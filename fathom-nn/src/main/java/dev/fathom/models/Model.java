package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.tensor.Temporaries;
import dev.fathom.data.batch.Batch;
import dev.fathom.data.batch.BatchSource;
import dev.fathom.data.batch.TensorSource;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.losses.Loss;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.saving.ModelFileException;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trainable network with Keras' workflow: {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict}, {@link #save}/{@link #load}. Subclasses say how layers connect
 * ({@link Sequential}); this class holds the training loop, the data checks and the summary.
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
    /** Batch size of {@link #predict} and {@link #evaluate}: large enough to keep the kernels busy. */
    static final int INFERENCE_BATCH = 256;

    private long seed;
    private Optimizer optimizer;
    private Loss loss;
    private final List<String> metricNames = new ArrayList<>();
    private volatile boolean stopRequested;
    private PrintStream out = System.out;
    /** Epochs trained so far, over every fit call: where {@link Fit#resume()} continues. */
    private int epochsCompleted;
    /** The shuffle seed of the last fit, which {@link Fit#resume()} reuses unless given another. */
    private Long shuffleSeed;

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
        return epochsCompleted;
    }

    /** The shuffle seed of the last fit, or null if the model was never trained. */
    Long shuffleSeed() {
        return shuffleSeed;
    }

    /** Restores the training position of a loaded model (the weights were restored separately). */
    void restoreTrainingState(long seed, int epochsCompleted, Long shuffleSeed) {
        this.seed = seed;
        this.epochsCompleted = epochsCompleted;
        this.shuffleSeed = shuffleSeed;
    }

    // ---- weights -----------------------------------------------------------------------------

    /** Every weight, layer by layer. */
    public List<Weight> weights() {
        requireBuilt("weights()");
        List<Weight> all = new ArrayList<>();
        for (Layer l : layers()) all.addAll(l.weights());
        return all;
    }

    /** The tensors the optimizer updates. */
    public List<Tensor> trainableWeights() {
        List<Tensor> t = new ArrayList<>();
        for (Weight w : weights()) if (w.trainable()) t.add(w.value());
        return t;
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
        String rule = "─".repeat(72);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Model: %s%n%s%n", getClass().getSimpleName(), rule));
        sb.append(String.format("%-32s %-26s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule.replace('─', '═')).append('\n');
        for (Layer l : layers()) {
            sb.append(String.format("%-32s %-26s %12s%n", l.name() + " (" + l.typeName() + ")",
                    Layer.batchShape(l.outputShape()), String.format("%,d", l.parameterCount())));
        }
        return appendTotals(sb, layers(), rule).toString();
    }

    /**
     * Ends a summary: {@code rule}, the total, trainable and non-trainable parameter counts of
     * {@code layers}, and {@code rule} again.
     */
    static StringBuilder appendTotals(StringBuilder sb, List<Layer> layers, String rule) {
        long total = 0;
        long trainable = 0;
        for (Layer l : layers) {
            for (Weight w : l.weights()) {
                total += w.value().size();
                if (w.trainable()) trainable += w.value().size();
            }
        }
        sb.append(rule).append('\n');
        return sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n%s",
                total, trainable, total - trainable, rule));
    }

    // ---- compile and fit ---------------------------------------------------------------------

    /** Chooses how to learn: the optimizer, the loss, and metrics to report ({@code "accuracy"}, {@code "mae"}, {@code "mse"}). */
    public Model compile(Optimizer optimizer, Loss loss, String... metrics) {
        if (optimizer == null || loss == null) throw new IllegalArgumentException("compile needs an optimizer and a loss");
        for (String m : metrics) Metric.named(m, false); // fail now on unknown names
        this.optimizer = optimizer;
        this.loss = loss;
        this.metricNames.clear();
        this.metricNames.addAll(List.of(metrics));
        if (isBuilt()) checkLossFits(null);
        return this;
    }

    /** The optimizer given to {@link #compile}. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The loss given to {@link #compile}. */
    public Loss loss() {
        return loss;
    }

    /** The metric names given to {@link #compile}. */
    public List<String> metricNames() {
        return List.copyOf(metricNames);
    }

    /** Asks a running {@link #fit} to stop after the current batch's epoch (for callbacks). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Trains on {@code x} (samples on axis 0) against {@code y}. */
    public History fit(Tensor x, Tensor y, Fit fit) {
        return fit(List.of(nonNull("fit", x)), y, fit);
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
        requireCompiled();
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("fit: no rows picked" + (rows == null ? " (rows is null)" : "")
                    + "; pass the indices of the samples to train on, or call fit(x, y, fit) for all of them");
        }
        List<Tensor> inputs = prepareInputs("fit", List.of(nonNull("fit", x)));
        checkTargets("fit", inputs, y);
        return train(TensorSource.of(inputs, y).rows(rows), fit);
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
        requireCompiled();
        List<Tensor> inputs = prepareInputs("fit", xs);
        checkTargets("fit", inputs, y);
        return train(TensorSource.of(inputs, y), fit);
    }

    /**
     * Trains on batches from {@code data}: tensors in memory ({@link TensorSource}, the same as
     * {@link #fit(List, Tensor, Fit)}) or rows streamed from disk
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
        requireCompiled();
        prepareSource("fit", data);
        return train(data, fit);
    }

    private void requireCompiled() {
        if (optimizer == null) {
            throw new IllegalStateException("fit: compile the model first, e.g. model.compile(new Adam(1e-3),"
                    + " new SparseCategoricalCrossentropy(true), \"accuracy\")");
        }
    }

    /** The training loop of both fits: batches come from {@code data}, validation as {@code fit} says. */
    private History train(BatchSource data, Fit fit) {
        BatchSource training = data;
        BatchSource validation = null;
        if (fit.validationX != null) {
            List<Tensor> xVal = prepareInputs("fit (validationData)", fit.validationX);
            checkTargets("fit (validationData)", xVal, fit.validationY);
            validation = TensorSource.of(xVal, fit.validationY);
        } else if (fit.validationSource != null) {
            prepareSource("fit (validationData)", fit.validationSource);
            validation = fit.validationSource;
        } else if (fit.validationSplit > 0) {
            int n = data.size();
            int nVal = (int) Math.round(n * fit.validationSplit);
            if (nVal == 0 || nVal == n) {
                throw new IllegalArgumentException("fit: validationSplit " + fit.validationSplit + " of " + n
                        + " samples leaves " + (n - nVal) + " for training and " + nVal + " for validation; both need at least one");
            }
            training = data.rows(0, n - nVal);
            validation = data.rows(n - nVal, n);
        }
        int initialEpoch = fit.resume ? epochsCompleted : fit.initialEpoch;
        long shuffling = fit.seed != null ? fit.seed : fit.resume && shuffleSeed != null ? shuffleSeed : 0L;
        boolean terminal = fit.verbosity == Fit.Verbosity.AUTO && ProgressBar.stdoutIsTerminal();
        ProgressBar bar = fit.verbosity == Fit.Verbosity.SILENT ? null : new ProgressBar(out, terminal);
        History history = new History();
        stopRequested = false;
        if (initialEpoch >= fit.epochs) {
            if (bar != null) {
                out.println("fit: nothing to train: the model is at epoch " + initialEpoch + " and epochs(" + fit.epochs
                        + ") is the epoch to train until; raise it to train more");
            }
            return history;
        }
        shuffleSeed = shuffling;
        List<Tensor> params = trainableWeights();
        List<Metric> metrics = newMetrics();
        int batches = training.batchCount(fit.batchSize);
        for (Callback cb : fit.callbacks) cb.onTrainBegin(this);
        for (int epoch = initialEpoch; epoch < fit.epochs && !stopRequested; epoch++) {
            reseedDropout(epoch);
            // A generator per epoch, not one per fit: epoch k's order is the same whether or not training stopped before it.
            Iterator<Batch> epochBatches = training.batches(fit.batchSize,
                    fit.shuffle ? new Generator(Seeds.mix(shuffling, epoch)) : null);
            double lr = optimizer.learningRate();
            metrics.forEach(Metric::reset);
            double lossSum = 0;
            long seen = 0;
            boolean aborted = false;
            if (bar != null) bar.epochStart(epoch, fit.epochs, batches);
            for (int b = 0; b < batches; b++) {
                Double batchLoss;
                int batchSize;
                try (Temporaries batchTensors = Temporaries.open()) {   // the batch's copies or views of the data
                    Batch batch = epochBatches.next();
                    List<Tensor> xb = floats(batch.inputs());
                    if (fit.augment != null) {
                        xb = new ArrayList<>(xb);
                        xb.set(0, fit.augment.apply(xb.getFirst(), Seeds.mix(shuffling, epoch, b)));
                    }
                    batchSize = batch.size();
                    batchLoss = trainStep(xb, batch.targets(), params, metrics, fit, epoch, b, batches);
                    batchTensors.closeIf(t -> true);
                }
                if (batchLoss == null) {
                    aborted = true;
                    break;
                }
                lossSum += batchLoss * batchSize;
                seen += batchSize;
                Map<String, Double> running = logs(lossSum / seen, metrics, "");
                if (bar != null) bar.batch(b + 1, running);
                for (Callback cb : fit.callbacks) cb.onBatchEnd(this, b, running);
            }
            if (aborted) break; // the epoch did not finish: no logs, no checkpoint of it
            Map<String, Double> logs = logs(lossSum / Math.max(1, seen), metrics, "");
            if (validation != null) logs.putAll(score(validation, "val_"));
            logs.put(History.LEARNING_RATE, lr);
            epochsCompleted = epoch + 1;
            history.add(logs);
            if (bar != null) bar.epochEnd(logs);
            Map<String, Double> view = java.util.Collections.unmodifiableMap(logs);
            for (Callback cb : fit.callbacks) cb.onEpochEnd(this, epoch, view);
        }
        for (Callback cb : fit.callbacks) cb.onTrainEnd(this);
        return history;
    }

    /**
     * Gives every Dropout layer the mask generator of this epoch, derived from the layer's own seed
     * (the model seed when it has none), the epoch and the layer's position: every epoch gets new
     * masks, and a resumed run draws the same ones as an uninterrupted one without the
     * generator's internal state having to be saved.
     */
    private void reseedDropout(int epoch) {
        List<Layer> layers = layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof Dropout d && d.isBuilt()) {
                long base = d.seed() != null ? d.seed() : seed;
                d.reseed(Seeds.mix(base, epoch, i));
            }
        }
    }

    /**
     * One gradient step; returns the batch loss, or null when a non-finite value ended training. What
     * the step made is closed when it is done, so its memory serves the next step.
     */
    private Double trainStep(List<Tensor> xb, Tensor yb, List<Tensor> params, List<Metric> metrics, Fit fit, int epoch,
                             int batch, int batches) {
        try (Temporaries step = Temporaries.open()) {
            Double loss = graphStep(xb, yb, params, metrics, fit, epoch, batch, batches);
            // The graph, constants and checks: nothing made in the step outlives it but the optimizer's state,
            // which graphStep keeps out of this scope, and the leaves' gradients, which belong to the leaves.
            step.closeIf(t -> true);
            return loss;
        }
    }

    private Double graphStep(List<Tensor> xb, Tensor yb, List<Tensor> params, List<Metric> metrics, Fit fit, int epoch,
                             int batch, int batches) {
        Tensor predictions = call(xb, true);
        Tensor batchLoss = loss.compute(predictions, yb);
        Tensor total = batchLoss;
        for (Layer l : layers()) {
            Tensor penalty = l.regularizationLoss();
            if (penalty != null) total = total.add(penalty);
        }
        double value = batchLoss.item();
        if (!Double.isFinite(value)) {
            return nonFinite(NonFiniteDiagnosis.forLoss(this, xb, yb, epoch, batch, batches, value), fit, params);
        }
        total.backward();
        // Checked before the update, so a bad gradient never reaches the weights.
        if (!NonFiniteDiagnosis.allFinite(params)) {
            return nonFinite(NonFiniteDiagnosis.forGradient(this, epoch, batch, batches, value), fit, params);
        }
        try (Temporaries state = Temporaries.open()) {
            optimizer.step(params);   // closes its own temporaries; what it makes on the first step is its state
            state.keep();
        }
        optimizer.zeroGrad(params);
        for (Metric m : metrics) m.update(predictions.detach(), yb);   // metrics keep numbers, not tensors
        return value;
    }

    /** Hands a non-finite value to the callbacks; throws unless one of them ends training. */
    private Double nonFinite(NonFiniteReport report, Fit fit, List<Tensor> params) {
        optimizer.zeroGrad(params);
        boolean handled = false;
        for (Callback cb : fit.callbacks) handled |= cb.onNonFinite(this, report);
        if (!handled) {
            throw new ArithmeticException("fit: " + report.message() + "; lower the learning rate, scale the inputs, or"
                    + " clip gradients (optimizer.clipNorm(1.0)); add new TerminateOnNaN() to stop training instead of throwing");
        }
        stopTraining();
        return null;
    }

    private List<Metric> newMetrics() {
        List<Metric> list = new ArrayList<>();
        for (String name : metricNames) list.add(Metric.named(name, lossTakesLogits()));
        return list;
    }

    private boolean lossTakesLogits() {
        return loss != null && loss.fromLogits();
    }

    private Map<String, Double> logs(double lossValue, List<Metric> metrics, String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", lossValue);
        for (Metric m : metrics) logs.put(prefix + m.name(), m.result());
        return logs;
    }

    // ---- evaluate and predict ----------------------------------------------------------------

    /** The loss and the compiled metrics on {@code x}, {@code y}, computed in inference mode. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(List.of(nonNull("evaluate", x)), y);
    }

    /** The loss and the compiled metrics on several inputs and {@code y}, in inference mode. */
    public Map<String, Double> evaluate(List<Tensor> xs, Tensor y) {
        if (loss == null) throw new IllegalStateException("evaluate: compile the model first so it knows its loss");
        List<Tensor> inputs = prepareInputs("evaluate", xs);
        checkTargets("evaluate", inputs, y);
        return score(TensorSource.of(inputs, y), "");
    }

    /**
     * The loss and the compiled metrics on every sample of {@code data}, in order, in inference
     * mode: the same numbers as {@link #evaluate(List, Tensor)} on the same samples.
     *
     * @throws IllegalStateException before {@link #compile}
     * @throws IllegalArgumentException when the source's shapes do not suit the model
     */
    public Map<String, Double> evaluate(BatchSource data) {
        if (loss == null) throw new IllegalStateException("evaluate: compile the model first so it knows its loss");
        prepareSource("evaluate", data);
        return score(data, "");
    }

    private Map<String, Double> score(BatchSource data, String prefix) {
        List<Metric> metrics = newMetrics();
        double lossSum = 0;
        try (var scope = GradMode.noGrad()) {
            for (Iterator<Batch> it = data.batches(INFERENCE_BATCH, null); it.hasNext(); ) {
                try (Temporaries made = Temporaries.open()) {   // metrics and the sum keep numbers only
                    Batch batch = it.next();
                    Tensor yb = batch.targets();
                    Tensor p = call(floats(batch.inputs()), false);
                    lossSum += loss.compute(p, yb).item() * batch.size();
                    for (Metric m : metrics) m.update(p, yb);
                    made.closeIf(t -> true);
                }
            }
        }
        return logs(lossSum / data.size(), metrics, prefix);
    }

    /** The inputs as floating-point tensors (a source may hold integers, such as raw pixel values). */
    private static List<Tensor> floats(List<Tensor> xs) {
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor x : xs) out.add(x.dtype().isFloating() ? x : x.asType(DType.FLOAT32));
        return out;
    }

    /** The network's outputs for {@code x} (samples on axis 0), in inference mode. */
    public Tensor predict(Tensor x) {
        return predict(List.of(nonNull("predict", x)));
    }

    /** The network's outputs for several inputs (samples on axis 0), in inference mode. */
    public Tensor predict(List<Tensor> xs) {
        List<Tensor> inputs = prepareInputs("predict", xs);
        int n = inputs.get(0).shape(0);
        try (var scope = GradMode.noGrad()) {
            if (n <= INFERENCE_BATCH) return outputs(inputs, 0, n);
            List<Tensor> parts = new ArrayList<>();
            try {
                for (int from = 0; from < n; from += INFERENCE_BATCH) {
                    parts.add(outputs(inputs, from, Math.min(n, from + INFERENCE_BATCH)));
                }
                return Tensor.concat(0, parts.toArray(new Tensor[0]));
            } finally {
                parts.forEach(Tensor::close);
            }
        }
    }

    /**
     * The outputs for samples {@code [from, to)}, a tensor the caller may close; the activations made
     * on the way are closed, so predicting on a large set needs the memory of one batch at a time.
     */
    private Tensor outputs(List<Tensor> inputs, int from, int to) {
        try (Temporaries made = Temporaries.open()) {
            boolean whole = from == 0 && to == inputs.get(0).shape(0);
            Tensor out = call(whole ? inputs : slices(inputs, from, to), false);
            // A layer may return a tensor it holds (a weight, a cached constant): hand out a view of it instead.
            Tensor mine = made.contains(out) ? out : out.detach();
            made.closeIf(t -> t != mine);
            return mine;
        }
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

    private static List<Tensor> slices(List<Tensor> xs, int from, int to) {
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor x : xs) out.add(x.slice(0, from, to));
        return out;
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
     * The model saved in {@code path}, ready to predict and, if it was compiled, to train on
     * ({@code fit(..., Fit.epochs(n).resume())}).
     *
     * @throws ModelFileException naming the file and what is wrong when it is missing, truncated,
     *     corrupt, of an unknown format version, or does not match its own architecture; nothing is
     *     half-loaded
     */
    public static Model load(Path path) {
        return ModelFile.load(path);
    }

    // ---- attachments -------------------------------------------------------------------------

    /** Named JSON objects saved with the model (compact JSON text, so they cannot change after attaching). */
    private final Map<String, String> attachments = new LinkedHashMap<>();

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
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attach: an attachment needs a name that is not blank, such as \"preprocessing\"");
        }
        if (config == null) throw new IllegalArgumentException("attach: attachment '" + name + "' is null; pass a map");
        String json;
        try {
            checkJsonValue(config, name);
            json = dev.fathom.saving.Json.writeCompact(config);
            dev.fathom.saving.Json.parse(json, "attachment '" + name + "'");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attach: attachment '" + name + "' cannot be saved as JSON (" + e.getMessage()
                    + "); use maps with string keys, lists, strings, finite numbers and booleans", e);
        }
        attachments.put(name, json);
        return this;
    }

    /**
     * A fresh copy of the object attached under {@code name}.
     *
     * @throws IllegalArgumentException naming the attachments the model has when none has that name
     */
    public Map<String, Object> attachment(String name) {
        String json = attachments.get(name);
        if (json == null) {
            throw new IllegalArgumentException("the model has no attachment '" + name + "'; it has "
                    + (attachments.isEmpty() ? "none (attach one with model.attach(name, config) before saving)"
                    : attachments.keySet().toString()));
        }
        return dev.fathom.saving.Json.parse(json, "attachment '" + name + "'");
    }

    /** The names of the attached objects, in the order they were first attached. */
    public List<String> attachmentNames() {
        return List.copyOf(attachments.keySet());
    }

    /** Checks that {@code value} is JSON: JSON would write other objects as their bean properties, losing them. */
    private static void checkJsonValue(Object value, String path) {
        switch (value) {
            case null -> { }
            case String s -> { }
            case Boolean b -> { }
            case Double d when !Double.isFinite(d) -> throw new IllegalArgumentException(path + " is " + d + ", which JSON cannot hold");
            case Float f when !Float.isFinite(f) -> throw new IllegalArgumentException(path + " is " + f + ", which JSON cannot hold");
            case Integer i -> { }
            case Long l -> { }
            case Double d -> { }
            case Float f -> { }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) checkJsonValue(list.get(i), path + "[" + i + "]");
            }
            case Map<?, ?> map -> {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) throw new IllegalArgumentException(path + " has a key that is not a string: " + e.getKey());
                    checkJsonValue(e.getValue(), path + "." + key);
                }
            }
            default -> throw new IllegalArgumentException(path + " is a " + value.getClass().getName() + ", which is not a JSON value");
        }
    }

    // ---- checks ------------------------------------------------------------------------------

    private void requireBuilt(String what) {
        if (!isBuilt()) {
            throw new IllegalStateException(what + ": the model is not built yet; give it an input shape with"
                    + " build(...) (e.g. build(28, 28)) or call fit, which builds it from the data");
        }
    }

    private static Tensor nonNull(String op, Tensor x) {
        if (x == null) throw new IllegalArgumentException(op + ": x is null");
        return x;
    }

    /**
     * Checks each input's per-sample shape against the model (building a one-input model on first
     * use) and converts it to float.
     */
    private List<Tensor> prepareInputs(String op, List<Tensor> xs) {
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
        if (!isBuilt()) {
            if (!one) {
                throw new IllegalStateException(op + ": the model is not built and got " + xs.size() + " inputs; build it"
                        + " with its input shapes first");
            }
            build(Arrays.copyOfRange(xs.get(0).shape(), 1, xs.get(0).rank()));
            if (loss != null) checkLossFits(null);
        }
        List<int[]> expected = inputShapes();
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
                        + inputHint(perSample, expected.get(i)));
            }
            out.add(x.dtype().isFloating() ? x : x.asType(DType.FLOAT32));
        }
        return out;
    }

    private static String inputHint(int[] perSample, int[] expected) {
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

    /**
     * Checks a batch source's per-sample shapes against the model (building a one-input model on
     * first use) and its targets against the loss.
     */
    private void prepareSource(String op, BatchSource data) {
        if (data == null) throw new IllegalArgumentException(op + ": the batch source is null");
        if (data.size() == 0) throw new IllegalArgumentException(op + ": " + data + " has no samples");
        List<int[]> shapes = data.inputShapes();
        if (!isBuilt()) {
            if (shapes.size() != 1) {
                throw new IllegalStateException(op + ": the model is not built and the source has " + shapes.size()
                        + " inputs; build it with its input shapes first");
            }
            build(shapes.get(0));
            if (loss != null) checkLossFits(null);
        }
        List<int[]> expected = inputShapes();
        if (expected.size() != shapes.size()) {
            throw new IllegalArgumentException(op + ": the model takes " + expected.size() + " input"
                    + (expected.size() == 1 ? "" : "s") + " but " + data + " has " + shapes.size());
        }
        for (int i = 0; i < shapes.size(); i++) {
            if (!Arrays.equals(shapes.get(i), expected.get(i))) {
                throw new ShapeException(op, data + " has samples of shape " + Arrays.toString(shapes.get(i))
                        + (shapes.size() == 1 ? "" : " for input " + i) + " but the model was built for "
                        + Layer.batchShape(expected.get(i)) + inputHint(shapes.get(i), expected.get(i)));
            }
        }
        int[] target = data.targetShape();
        int[] withBatch = new int[target.length + 1];
        System.arraycopy(target, 0, withBatch, 1, target.length);
        checkLossFits(withBatch);
    }

    private void checkTargets(String op, List<Tensor> xs, Tensor y) {
        if (y == null) throw new IllegalArgumentException(op + ": y is null");
        Tensor x = xs.get(0);
        if (y.rank() < 1 || y.shape(0) != x.shape(0)) {
            throw new ShapeException(op, "x has " + x.shape(0) + " samples (shape " + Arrays.toString(x.shape())
                    + ") but y has " + (y.rank() == 0 ? "none (a scalar)" : y.shape(0) + " (shape " + Arrays.toString(y.shape()) + ")")
                    + "; there must be one target per sample");
        }
        checkLossFits(y.shape());
    }

    /** Asks the loss whether the model's outputs (and, if given, the per-sample targets) suit it. */
    private void checkLossFits(int[] targetShape) {
        if (targetShape == null) {
            Layer last = layers().get(layers().size() - 1);
            Object activation = last.config().get("activation");
            loss.checkOutput(outputShape(), activation instanceof String a ? a : null);
        } else {
            loss.checkShapes(outputShape(), Arrays.copyOfRange(targetShape, 1, targetShape.length));
        }
    }
}
