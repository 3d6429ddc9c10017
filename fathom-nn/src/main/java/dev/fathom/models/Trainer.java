package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.data.batch.Batch;
import dev.fathom.data.batch.BatchSource;
import dev.fathom.data.batch.TensorSource;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Layer;
import dev.fathom.optimizers.NonFiniteUpdateException;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Temporaries;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop behind {@link Model#fit} and the scoring behind {@link Model#evaluate}, as
 * Keras 3 keeps its {@code Trainer} apart from the model: epochs of (shuffled) batches, one
 * gradient step per batch, validation, callbacks, the progress bar, the {@link History}, and what
 * happens when a loss or gradient goes NaN or infinite. Each model has one; it holds the training
 * position that {@link Fit#resume()} continues from and that model files save.
 *
 * <pre>{@code
 * History h = model.fit(x, y, Fit.epochs(5));   // Model.fit hands this to its trainer's fit
 * }</pre>
 */
final class Trainer {
    private final Model model;
    private volatile boolean stopRequested;
    /** Epochs trained so far, over every fit call: where {@link Fit#resume()} continues. */
    private int epochsCompleted;
    /** The shuffle seed of the last fit, which {@link Fit#resume()} reuses unless given another. */
    private Long shuffleSeed;

    Trainer(Model model) {
        this.model = model;
    }

    int epochsCompleted() {
        return epochsCompleted;
    }

    Long shuffleSeed() {
        return shuffleSeed;
    }

    /** Restores the training position of a loaded model. */
    void restorePosition(int epochsCompleted, Long shuffleSeed) {
        this.epochsCompleted = epochsCompleted;
        this.shuffleSeed = shuffleSeed;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Ends a running fit after the current epoch (or, from a batch callback, after the current batch's epoch). */
    void stop() {
        stopRequested = true;
    }

    // ---- the entry points of Model's fit and evaluate --------------------------------------

    History fit(List<Tensor> xs, Tensor y, Fit fit) {
        requireCompiled();
        requireOneOutput("fit");
        List<Tensor> inputs = InputCheck.inputs(model, "fit", xs);
        InputCheck.targets(model, "fit", inputs, y);
        return train(TensorSource.of(inputs, y), fit);
    }

    History fit(Tensor x, Tensor y, int[] rows, Fit fit) {
        requireCompiled();
        requireOneOutput("fit");
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("fit: no rows picked" + (rows == null ? " (rows is null)" : "")
                    + "; pass the indices of the samples to train on, or call fit(x, y, fit) for all of them");
        }
        List<Tensor> inputs = InputCheck.inputs(model, "fit", List.of(InputCheck.nonNull("fit", x)));
        InputCheck.targets(model, "fit", inputs, y);
        return train(TensorSource.of(inputs, y).rows(rows), fit);
    }

    /** Trains a model on one target tensor per output, in output order. */
    History fit(List<Tensor> xs, List<Tensor> ys, Fit fit) {
        requireCompiled();
        List<Tensor> inputs = InputCheck.inputs(model, "fit", xs);
        InputCheck.targets(model, "fit", inputs, ys);
        return train(packed(inputs, ys), fit);
    }

    History fit(BatchSource data, Fit fit) {
        requireCompiled();
        requireOneOutput("fit");
        InputCheck.source(model, "fit", data);
        return train(data, fit);
    }

    Map<String, Double> evaluate(List<Tensor> xs, Tensor y) {
        requireLoss();
        requireOneOutput("evaluate");
        List<Tensor> inputs = InputCheck.inputs(model, "evaluate", xs);
        InputCheck.targets(model, "evaluate", inputs, y);
        return score(TensorSource.of(inputs, y), "");
    }

    /** Scores a model on one target tensor per output, in output order. */
    Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys) {
        requireLoss();
        List<Tensor> inputs = InputCheck.inputs(model, "evaluate", xs);
        InputCheck.targets(model, "evaluate", inputs, ys);
        return score(packed(inputs, ys), "");
    }

    Map<String, Double> evaluate(BatchSource data) {
        requireLoss();
        requireOneOutput("evaluate");
        InputCheck.source(model, "evaluate", data);
        return score(data, "");
    }

    private void requireCompiled() {
        if (model.optimizer() == null) {
            throw new IllegalStateException("fit: compile the model first, e.g. model.compile(new Adam(1e-3),"
                    + " new SparseCategoricalCrossentropy(true), \"accuracy\")");
        }
    }

    /** Refuses one target tensor (or a batch source, which has one) for a model of several outputs. */
    private void requireOneOutput(String op) {
        if (model.severalOutputs()) {
            throw new IllegalArgumentException(op + ": the model has " + model.outputNames().size() + " outputs "
                    + model.outputNames() + " but got one target tensor; pass one per output by name, e.g. " + op
                    + "(x, Map.of(\"" + model.outputNames().getFirst() + "\", y1, ...)" + (op.equals("fit") ? ", fit)" : ")"));
        }
    }

    /**
     * The samples of {@code inputs} with one target tensor per output, as one source: the targets of
     * outputs after the first ride as extra inputs after the model's own ({@link #inputsOf},
     * {@link #targetsOf} take them apart), so every batch takes the same samples from all of them.
     */
    private static TensorSource packed(List<Tensor> inputs, List<Tensor> ys) {
        if (ys.size() == 1) return TensorSource.of(inputs, ys.getFirst());
        List<Tensor> all = new ArrayList<>(inputs);
        all.addAll(ys.subList(1, ys.size()));
        return TensorSource.of(all, ys.getFirst());
    }

    /** The model's inputs of a batch (without the targets {@link #packed} adds). */
    private List<Tensor> inputsOf(Batch batch) {
        int k = model.inputShapes().size();
        return batch.inputs().size() == k ? batch.inputs() : batch.inputs().subList(0, k);
    }

    /** The targets of each output of a batch, in output order. */
    private List<Tensor> targetsOf(Batch batch) {
        int k = model.inputShapes().size();
        List<Tensor> ys = new ArrayList<>();
        ys.add(batch.targets());
        ys.addAll(batch.inputs().subList(k, batch.inputs().size()));
        dev.fathom.backend.Device device = model.device();   // host data; each batch moves to the model's device
        ys.replaceAll(y -> y.to(device));
        return ys;
    }

    private void requireLoss() {
        if (model.loss() == null) throw new IllegalStateException("evaluate: compile the model first so it knows its loss");
    }

    // ---- the loop ----------------------------------------------------------------------------

    /** The training loop of every fit: batches come from {@code data}, validation as {@code fit} says. */
    private History train(BatchSource data, Fit fit) {
        BatchSource training = data;
        BatchSource validation = null;
        String splitWarning = null;
        if (fit.validationX != null) {
            List<Tensor> xVal = InputCheck.inputs(model, "fit (validationData)", fit.validationX);
            List<Tensor> yVal;
            if (fit.validationYs != null) {
                yVal = model.targetList("fit (validationData)", fit.validationYs);
            } else {
                if (model.severalOutputs()) requireOneOutput("fit (validationData)");
                yVal = List.of(fit.validationY);
            }
            InputCheck.targets(model, "fit (validationData)", xVal, yVal);
            validation = packed(xVal, yVal);
        } else if (fit.validationSource != null) {
            requireOneOutput("fit (validationData)");
            InputCheck.source(model, "fit (validationData)", fit.validationSource);
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
            splitWarning = ValidationClassMix.check(model.loss(), training, validation, fit.validationSplit);
            if (splitWarning != null) System.getLogger("dev.fathom.models").log(System.Logger.Level.WARNING, splitWarning);
        }
        int initialEpoch = fit.resume ? epochsCompleted : fit.initialEpoch;
        long shuffling = fit.seed != null ? fit.seed : fit.resume && shuffleSeed != null ? shuffleSeed : 0L;
        boolean terminal = fit.verbosity == Fit.Verbosity.AUTO && ProgressBar.stdoutIsTerminal();
        ProgressBar bar = fit.verbosity == Fit.Verbosity.SILENT ? null : new ProgressBar(model.out(), terminal);
        History history = new History();
        if (splitWarning != null) history.addWarning(splitWarning);
        stopRequested = false;
        if (initialEpoch >= fit.epochs) {
            if (bar != null) {
                model.out().println("fit: nothing to train: the model is at epoch " + initialEpoch + " and epochs("
                        + fit.epochs + ") is the epoch to train until; raise it to train more");
            }
            return history;
        }
        List<Tensor> params = model.trainableWeights();
        if (params.isEmpty()) {
            throw new IllegalStateException("fit: the model has no trainable weights" + (ModelSummary.anyFrozen(model.layers())
                    ? ": every layer with weights is frozen; unfreeze some with model.layer(name).trainable(true)"
                    : "; add a layer with weights, such as Dense"));
        }
        shuffleSeed = shuffling;
        List<OutputLoss> heads = model.outputLosses();
        List<List<Metric>> metrics = newMetrics(heads);
        int batches = training.batchCount(fit.batchSize);
        for (Callback cb : fit.callbacks) cb.onTrainBegin(model);
        for (int epoch = initialEpoch; epoch < fit.epochs && !stopRequested; epoch++) {
            reseedDropout(epoch);
            // A generator per epoch, not one per fit: epoch k's order is the same whether or not training stopped before it.
            Iterator<Batch> epochBatches = training.batches(fit.batchSize,
                    fit.shuffle ? new Generator(Seeds.mix(shuffling, epoch)) : null);
            double lr = model.optimizer().learningRate();
            metrics.forEach(list -> list.forEach(Metric::reset));
            double[] lossSums = new double[heads.size() + 1];   // the total, then each output's
            long seen = 0;
            boolean aborted = false;
            if (bar != null) bar.epochStart(epoch, fit.epochs, batches);
            for (int b = 0; b < batches; b++) {
                double[] batchLoss;
                int batchSize;
                try (Temporaries batchTensors = Temporaries.open()) {   // the batch's copies or views of the data
                    Batch batch = epochBatches.next();
                    List<Tensor> xb = onModelDevice(inputsOf(batch));
                    if (fit.augment != null) {
                        xb = new ArrayList<>(xb);
                        xb.set(0, fit.augment.apply(xb.getFirst(), Seeds.mix(shuffling, epoch, b)));
                    }
                    batchSize = batch.size();
                    batchLoss = trainStep(xb, targetsOf(batch), heads, params, metrics, fit, epoch, b, batches);
                    batchTensors.closeIf(t -> true);
                }
                if (batchLoss == null) {
                    aborted = true;
                    break;
                }
                for (int k = 0; k < lossSums.length; k++) lossSums[k] += batchLoss[k] * batchSize;
                seen += batchSize;
                Map<String, Double> running = logs(lossSums, seen, heads, metrics, "");
                if (bar != null) bar.batch(b + 1, running);
                for (Callback cb : fit.callbacks) cb.onBatchEnd(model, b, running);
            }
            if (aborted) break; // the epoch did not finish: no logs, no checkpoint of it
            Map<String, Double> logs = logs(lossSums, Math.max(1, seen), heads, metrics, "");
            if (validation != null) logs.putAll(score(validation, "val_"));
            logs.put(History.LEARNING_RATE, lr);
            epochsCompleted = epoch + 1;
            history.add(logs);
            if (bar != null) bar.epochEnd(logs);
            Map<String, Double> view = Collections.unmodifiableMap(logs);
            for (Callback cb : fit.callbacks) cb.onEpochEnd(model, epoch, view);
        }
        for (Callback cb : fit.callbacks) cb.onTrainEnd(model);
        return history;
    }

    /**
     * Gives every Dropout layer (those inside other layers too, see {@link Layer#sublayers()}) the mask
     * generator of this epoch, derived from the layer's own seed (the model seed when it has none),
     * the epoch and the layer's position: every epoch gets new
     * masks, and a resumed run draws the same ones as an uninterrupted one without the
     * generator's internal state having to be saved.
     */
    private void reseedDropout(int epoch) {
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) reseedDropout(layers.get(i), new long[] {epoch, i});
    }

    /** Reseeds {@code layer} if it is a Dropout, and the layers it is made of, at {@code (epoch, position...)}. */
    private void reseedDropout(Layer layer, long[] at) {
        if (layer instanceof Dropout d && d.isBuilt()) {
            long base = d.seed() != null ? d.seed() : model.seed();
            d.reseed(Seeds.mix(base, at));
        }
        List<Layer> inner = layer.sublayers();
        for (int j = 0; j < inner.size(); j++) {
            long[] position = java.util.Arrays.copyOf(at, at.length + 1);
            position[at.length] = j;
            reseedDropout(inner.get(j), position);
        }
    }

    /**
     * One gradient step; returns the batch loss (the weighted total, then each output's), or null
     * when a non-finite value ended training. What the step made is closed when it is done, so its
     * memory serves the next step.
     */
    private double[] trainStep(List<Tensor> xb, List<Tensor> ys, List<OutputLoss> heads, List<Tensor> params,
                               List<List<Metric>> metrics, Fit fit, int epoch, int batch, int batches) {
        try (Temporaries step = Temporaries.open()) {
            double[] loss = graphStep(xb, ys, heads, params, metrics, fit, epoch, batch, batches);
            // The graph, constants and checks: nothing made in the step outlives it but the optimizer's state,
            // which graphStep keeps out of this scope, and the leaves' gradients, which belong to the leaves.
            step.closeIf(t -> true);
            return loss;
        }
    }

    private double[] graphStep(List<Tensor> xb, List<Tensor> ys, List<OutputLoss> heads, List<Tensor> params,
                               List<List<Metric>> metrics, Fit fit, int epoch, int batch, int batches) {
        List<Tensor> masks = new ArrayList<>();
        List<Tensor> outputs = model.callOutputs(xb, true, masks);
        List<Tensor[]> scored = scored(outputs, ys, masks);
        double[] values = new double[heads.size() + 1];
        Tensor batchLoss = scoredLoss(heads, outputs, scored, values);
        Tensor total = batchLoss;
        for (Layer l : model.layers()) {
            Tensor penalty = l.regularizationLoss();
            if (penalty != null) total = total.add(penalty);
        }
        double value = values[0];
        if (!Double.isFinite(value)) {
            return nonFinite(NonFiniteDiagnosis.forLoss(model, xb, suspectTargets(ys), epoch, batch, batches, value), fit, params);
        }
        total.backward();
        if (fit.gradientSync != null) {
            try (var noGrad = GradMode.noGrad()) {
                fit.gradientSync.reduce(params, xb.getFirst().shape(0), epoch, batch);
            }
        }
        // Checked before the update, so a bad gradient never reaches the weights.
        if (!NonFiniteDiagnosis.allFinite(params)) {
            return nonFinite(NonFiniteDiagnosis.forGradient(model, epoch, batch, batches, value), fit, params);
        }
        try (Temporaries state = Temporaries.open()) {
            model.optimizer().step(params);   // closes its own temporaries; what it makes on the first step is its state
            state.keep();
        } catch (NonFiniteUpdateException e) {   // refused whole: the weights are as before the step
            return nonFinite(NonFiniteDiagnosis.forUpdate(model, params, e, epoch, batch, batches, value), fit, params);
        }
        model.optimizer().zeroGrad(params);
        for (int k = 0; k < heads.size(); k++) {
            if (scored.get(k) == null) continue;   // every step of this output was padding
            Tensor p = scored.get(k)[0].detach();
            for (Metric m : metrics.get(k)) m.update(p, scored.get(k)[1]);   // metrics keep numbers, not tensors
        }
        return values;
    }

    /** For each output, the predictions and targets its loss and metrics see ({@link OutputMask}): null for none. */
    private static List<Tensor[]> scored(List<Tensor> outputs, List<Tensor> ys, List<Tensor> masks) {
        List<Tensor[]> pairs = new ArrayList<>(outputs.size());
        for (int k = 0; k < outputs.size(); k++) pairs.add(OutputMask.realSteps(outputs.get(k), ys.get(k), masks.get(k)));
        return pairs;
    }

    /** {@link #scoredLoss} on every output as it is, no mask. */
    static Tensor weightedLoss(List<OutputLoss> heads, List<Tensor> predictions, List<Tensor> ys, double[] values) {
        List<Tensor[]> pairs = new ArrayList<>();
        for (int k = 0; k < predictions.size(); k++) pairs.add(new Tensor[] {predictions.get(k), ys.get(k)});
        return scoredLoss(heads, predictions, pairs, values);
    }

    /**
     * The loss the optimizer minimizes: the sum of each output's loss times its weight (for one
     * output of weight 1, its loss itself). Fills {@code values} with the total, then each output's
     * unweighted loss.
     */
    static Tensor scoredLoss(List<OutputLoss> heads, List<Tensor> outputs, List<Tensor[]> scored, double[] values) {
        Tensor total = null;
        for (int k = 0; k < heads.size(); k++) {
            OutputLoss h = heads.get(k);
            Tensor l;
            try {
                // An output whose steps are all padding adds nothing, but stays in the graph.
                l = scored.get(k) == null ? outputs.get(k).sum().mul(0.0)
                        : h.loss().compute(scored.get(k)[0], scored.get(k)[1]);
            } catch (IllegalArgumentException e) {
                if (heads.size() == 1) throw e;
                throw InputCheck.named(h.output(), e);   // which output's targets the loss refused
            }
            values[k + 1] = l.item();
            Tensor weighted = h.weight() == 1.0 ? l : l.mul(h.weight());
            total = total == null ? weighted : total.add(weighted);
        }
        values[0] = heads.size() == 1 && heads.getFirst().weight() == 1.0 ? values[1] : total.item();
        return total;
    }

    /** The targets a diagnosis of a non-finite loss looks at: the first output's holding a non-finite value, else the first's. */
    private static Tensor suspectTargets(List<Tensor> ys) {
        for (Tensor y : ys) if (y.dtype().isFloating() && !y.allFinite()) return y;
        return ys.getFirst();
    }

    /** Hands a non-finite value to the callbacks; throws unless one of them ends training. */
    private double[] nonFinite(NonFiniteReport report, Fit fit, List<Tensor> params) {
        model.optimizer().zeroGrad(params);
        boolean handled = false;
        for (Callback cb : fit.callbacks) handled |= cb.onNonFinite(model, report);
        if (!handled) {
            throw new ArithmeticException("fit: " + report.message() + "; " + report.fix()
                    + "; add new TerminateOnNaN() to stop training instead of throwing");
        }
        stop();
        return null;
    }

    // ---- scores ------------------------------------------------------------------------------

    /** The loss and the compiled metrics on every sample of {@code data}, in inference mode, keys prefixed. */
    private Map<String, Double> score(BatchSource data, String prefix) {
        List<OutputLoss> heads = model.outputLosses();
        List<List<Metric>> metrics = newMetrics(heads);
        double[] lossSums = new double[heads.size() + 1];
        try (var scope = GradMode.noGrad()) {
            for (Iterator<Batch> it = data.batches(Predictor.INFERENCE_BATCH, null); it.hasNext(); ) {
                try (Temporaries made = Temporaries.open()) {   // metrics and the sums keep numbers only
                    Batch batch = it.next();
                    List<Tensor> ys = targetsOf(batch);
                    List<Tensor> masks = new ArrayList<>();
                    List<Tensor> p = model.callOutputs(onModelDevice(inputsOf(batch)), false, masks);
                    List<Tensor[]> scored = scored(p, ys, masks);
                    double[] values = new double[lossSums.length];
                    scoredLoss(heads, p, scored, values);
                    for (int k = 0; k < lossSums.length; k++) lossSums[k] += values[k] * batch.size();
                    for (int k = 0; k < heads.size(); k++) {
                        if (scored.get(k) == null) continue;
                        for (Metric m : metrics.get(k)) m.update(scored.get(k)[0], scored.get(k)[1]);
                    }
                    made.closeIf(t -> true);
                }
            }
        }
        return logs(lossSums, data.size(), heads, metrics, prefix);
    }

    /** Each output's metrics, as compiled; a metric reads logits when its output's loss takes them. */
    private static List<List<Metric>> newMetrics(List<OutputLoss> heads) {
        List<List<Metric>> all = new ArrayList<>();
        for (OutputLoss h : heads) {
            List<Metric> list = new ArrayList<>();
            for (String name : h.metrics()) list.add(Metric.named(name, h.loss().fromLogits()));
            all.add(list);
        }
        return all;
    }

    /**
     * {@code loss} (the mean of the weighted total), then for a model of several outputs each
     * output's {@code <name>_loss}, then the metrics ({@code <name>_<metric>} for several outputs),
     * every key after {@code prefix}.
     */
    private Map<String, Double> logs(double[] lossSums, long samples, List<OutputLoss> heads, List<List<Metric>> metrics,
                                     String prefix) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put(prefix + "loss", lossSums[0] / samples);
        boolean several = model.severalOutputs();
        if (several) {
            for (int k = 0; k < heads.size(); k++) logs.put(prefix + heads.get(k).prefix(true) + "loss", lossSums[k + 1] / samples);
        }
        for (int k = 0; k < heads.size(); k++) {
            for (Metric m : metrics.get(k)) logs.put(prefix + heads.get(k).prefix(several) + m.name(), m.result());
        }
        return logs;
    }

    /**
     * The inputs as floating-point tensors (a source may hold integers, such as raw pixel values) on
     * the model's device: data stays on the host and each batch moves as it is used.
     */
    private List<Tensor> onModelDevice(List<Tensor> xs) {
        dev.fathom.backend.Device device = model.device();
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor x : xs) out.add((x.dtype().isFloating() ? x : x.asType(DType.FLOAT32)).to(device));
        return out;
    }
}
