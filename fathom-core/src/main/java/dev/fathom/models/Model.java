package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.losses.Loss;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.tensor.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trainable network with Keras' workflow: {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict}. Subclasses say how layers connect ({@link Sequential}); this class holds the
 * training loop, the data checks and the summary.
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Flatten(), new Dense(128, "relu"), new Dense(10));
 * model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true), "accuracy");
 * History h = model.fit(xTrain, yTrain, Fit.epochs(5).batchSize(64).validationSplit(0.1));
 * Map<String, Double> scores = model.evaluate(xTest, yTest);
 * }</pre>
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

    /** The layers in order. */
    public abstract List<Layer> layers();

    /** Whether every layer knows its shapes and has its weights. */
    public abstract boolean isBuilt();

    /** The per-sample input shape (without the batch axis). */
    public abstract int[] inputShape();

    /** The per-sample output shape. */
    public abstract int[] outputShape();

    /** Builds every layer for a per-sample input shape, checking each layer's input. */
    public abstract Model build(int... inputShape);

    /** Runs the network on a batch; {@code training} switches dropout and batch statistics on. */
    public abstract Tensor call(Tensor x, boolean training);

    /** The seed of the initial weights (and dropout masks); set it before building. */
    public Model seed(long seed) {
        if (isBuilt()) throw new IllegalStateException("seed(...) must be set before the model is built");
        this.seed = seed;
        return this;
    }

    protected Generator generator() {
        return new Generator(seed);
    }

    /** Where fit prints its progress (standard output by default). */
    public Model output(PrintStream stream) {
        this.out = stream;
        return this;
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

    // ---- summary -----------------------------------------------------------------------------

    /** A table of layers with output shapes and parameter counts, and the totals, like Keras. */
    public String summary() {
        requireBuilt("summary()");
        String rule = "─".repeat(72);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Model: %s%n%s%n", getClass().getSimpleName(), rule));
        sb.append(String.format("%-32s %-26s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule.replace('─', '═')).append('\n');
        long trainable = 0;
        long total = 0;
        for (Layer l : layers()) {
            sb.append(String.format("%-32s %-26s %12s%n", l.name() + " (" + l.typeName() + ")",
                    Layer.batchShape(l.outputShape()), String.format("%,d", l.parameterCount())));
            for (Weight w : l.weights()) {
                total += w.value().size();
                if (w.trainable()) trainable += w.value().size();
            }
        }
        sb.append(rule).append('\n');
        sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n%s",
                total, trainable, total - trainable, rule));
        return sb.toString();
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

    /** Asks a running {@link #fit} to stop after the current epoch (for callbacks). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** Trains on {@code x} (samples on axis 0) against {@code y}. */
    public History fit(Tensor x, Tensor y, Fit fit) {
        if (optimizer == null) {
            throw new IllegalStateException("fit: compile the model first, e.g. model.compile(new Adam(1e-3),"
                    + " new SparseCategoricalCrossentropy(true), \"accuracy\")");
        }
        Tensor xs = prepareInputs("fit", x);
        checkTargets("fit", xs, y);
        Tensor xVal = null;
        Tensor yVal = null;
        Tensor xTrain = xs;
        Tensor yTrain = y;
        if (fit.validationX != null) {
            xVal = prepareInputs("fit (validationData)", fit.validationX);
            checkTargets("fit (validationData)", xVal, fit.validationY);
            yVal = fit.validationY;
        } else if (fit.validationSplit > 0) {
            int n = xs.shape(0);
            int nVal = (int) Math.round(n * fit.validationSplit);
            if (nVal == 0 || nVal == n) {
                throw new IllegalArgumentException("fit: validationSplit " + fit.validationSplit + " of " + n
                        + " samples leaves " + (n - nVal) + " for training and " + nVal + " for validation; both need at least one");
            }
            xTrain = xs.slice(0, 0, n - nVal);
            yTrain = y.slice(0, 0, n - nVal);
            xVal = xs.slice(0, n - nVal, n);
            yVal = y.slice(0, n - nVal, n);
        }
        boolean terminal = fit.verbosity == Fit.Verbosity.AUTO && ProgressBar.stdoutIsTerminal();
        ProgressBar bar = fit.verbosity == Fit.Verbosity.SILENT ? null : new ProgressBar(out, terminal);
        History history = new History();
        stopRequested = false;
        List<Tensor> params = trainableWeights();
        List<Metric> metrics = metrics();
        Generator shuffler = new Generator(fit.seed);
        int n = xTrain.shape(0);
        int batches = (n + fit.batchSize - 1) / fit.batchSize;
        for (Callback cb : fit.callbacks) cb.onTrainBegin(this);
        for (int epoch = 0; epoch < fit.epochs && !stopRequested; epoch++) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            if (fit.shuffle) shuffler.shuffle(order);
            metrics.forEach(Metric::reset);
            double lossSum = 0;
            long seen = 0;
            if (bar != null) bar.epochStart(epoch, fit.epochs, batches);
            for (int b = 0; b < batches; b++) {
                int from = b * fit.batchSize;
                int to = Math.min(n, from + fit.batchSize);
                Tensor index = Tensor.of(Arrays.copyOfRange(order, from, to));
                Tensor xb = xTrain.indexSelect(0, index);
                Tensor yb = yTrain.indexSelect(0, index);
                double batchLoss = trainStep(xb, yb, params, metrics, epoch, b);
                lossSum += batchLoss * (to - from);
                seen += to - from;
                Map<String, Double> running = logs(lossSum / seen, metrics, "");
                if (bar != null) bar.batch(b + 1, running);
                for (Callback cb : fit.callbacks) cb.onBatchEnd(this, b, running);
            }
            Map<String, Double> logs = logs(lossSum / Math.max(1, seen), metrics, "");
            if (xVal != null) logs.putAll(score(xVal, yVal, "val_"));
            history.add(logs);
            if (bar != null) bar.epochEnd(logs);
            for (Callback cb : fit.callbacks) cb.onEpochEnd(this, epoch, logs);
        }
        for (Callback cb : fit.callbacks) cb.onTrainEnd(this);
        return history;
    }

    /** One gradient step; returns the batch loss. */
    private double trainStep(Tensor xb, Tensor yb, List<Tensor> params, List<Metric> metrics, int epoch, int batch) {
        Tensor predictions = call(xb, true);
        Tensor batchLoss = loss.compute(predictions, yb);
        Tensor total = batchLoss;
        for (Layer l : layers()) {
            Tensor penalty = l.regularizationLoss();
            if (penalty != null) total = total.add(penalty);
        }
        double value = batchLoss.item();
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("fit: the loss became " + value + " at epoch " + (epoch + 1) + ", batch "
                    + (batch + 1) + "; lower the learning rate, scale the inputs, or clip gradients (optimizer.clipNorm(1.0))");
        }
        total.backward();
        optimizer.step(params);
        optimizer.zeroGrad(params);
        for (Metric m : metrics) m.update(predictions.detach(), yb);
        return value;
    }

    private List<Metric> metrics() {
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
        if (loss == null) throw new IllegalStateException("evaluate: compile the model first so it knows its loss");
        Tensor xs = prepareInputs("evaluate", x);
        checkTargets("evaluate", xs, y);
        return score(xs, y, "");
    }

    private Map<String, Double> score(Tensor x, Tensor y, String prefix) {
        List<Metric> metrics = metrics();
        double lossSum = 0;
        int n = x.shape(0);
        try (var scope = GradMode.noGrad()) {
            for (int from = 0; from < n; from += INFERENCE_BATCH) {
                int to = Math.min(n, from + INFERENCE_BATCH);
                Tensor xb = x.slice(0, from, to);
                Tensor yb = y.slice(0, from, to);
                Tensor p = call(xb, false);
                lossSum += loss.compute(p, yb).item() * (to - from);
                for (Metric m : metrics) m.update(p, yb);
            }
        }
        return logs(lossSum / n, metrics, prefix);
    }

    /** The network's outputs for {@code x} (samples on axis 0), in inference mode. */
    public Tensor predict(Tensor x) {
        Tensor xs = prepareInputs("predict", x);
        int n = xs.shape(0);
        try (var scope = GradMode.noGrad()) {
            if (n <= INFERENCE_BATCH) return call(xs, false);
            List<Tensor> parts = new ArrayList<>();
            for (int from = 0; from < n; from += INFERENCE_BATCH) {
                parts.add(call(xs.slice(0, from, Math.min(n, from + INFERENCE_BATCH)), false));
            }
            return Tensor.concat(0, parts.toArray(new Tensor[0]));
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

    // ---- checks ------------------------------------------------------------------------------

    private void requireBuilt(String what) {
        if (!isBuilt()) {
            throw new IllegalStateException(what + ": the model is not built yet; give it an input shape with"
                    + " build(...) (e.g. build(28, 28)) or call fit, which builds it from the data");
        }
    }

    /** Checks x's per-sample shape against the model (building it on first use) and converts it to float. */
    private Tensor prepareInputs(String op, Tensor x) {
        if (x == null) throw new IllegalArgumentException(op + ": x is null");
        if (x.rank() < 1 || x.shape(0) == 0) {
            throw new ShapeException(op, "x has shape " + Arrays.toString(x.shape()) + "; it needs samples on axis 0");
        }
        int[] perSample = Arrays.copyOfRange(x.shape(), 1, x.rank());
        if (!isBuilt()) {
            build(perSample);
            if (loss != null) checkLossFits(null);
        } else if (!Arrays.equals(perSample, inputShape())) {
            throw new ShapeException(op, "x has samples of shape " + Arrays.toString(perSample) + " (x is "
                    + Arrays.toString(x.shape()) + ") but the model was built for " + Layer.batchShape(inputShape())
                    + inputHint(perSample));
        }
        return x.dtype().isFloating() ? x : x.asType(DType.FLOAT32);
    }

    private String inputHint(int[] perSample) {
        int[] expected = inputShape();
        if (Layer.batchShape(perSample).equals(Layer.batchShape(expected))) return "";
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

    private void checkTargets(String op, Tensor x, Tensor y) {
        if (y == null) throw new IllegalArgumentException(op + ": y is null");
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
