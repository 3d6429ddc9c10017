package dev.fathom.estimators;

import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.tensor.Tensor;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Fathom network as a {@link Classifier}: each {@link #fit} builds a fresh, compiled model from
 * the factory and trains it with the given {@link Fit}, so cross-validation, search and ensembles
 * never reuse weights between folds.
 *
 * <pre>{@code
 * Classifier mlp = new NetworkClassifier(() -> new Sequential(new Dense(64, "relu"), new Dense(10))
 *         .seed(0).build(64).compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true)),
 *         Fit.epochs(20).batchSize(32).silent());
 * mlp.fit(xTrain, yTrain).score(xTest, yTest);
 * }</pre>
 */
public final class NetworkClassifier implements Classifier, SavableEstimator {
    private final Supplier<Model> factory;   // null when loaded from a file
    private final Fit fit;
    private final Device device;
    private Model model;
    private History history;
    private int classes;

    /** Builds with {@code factory} (a built and compiled model) and trains with {@code fit}. */
    public NetworkClassifier(Supplier<Model> factory, Fit fit) {
        this(factory, fit, Device.cpu());
    }

    /**
     * Builds with {@code factory}, moves each fresh model to {@code device} and trains it there
     * from host data; predictions come back on the CPU and the saved state loads on any machine.
     *
     * <pre>{@code
     * new NetworkClassifier(factory, Fit.epochs(20).silent(), Device.cuda()).fit(x, y).predict(x);   // host tensors in and out
     * }</pre>
     */
    public NetworkClassifier(Supplier<Model> factory, Fit fit, Device device) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.fit = Objects.requireNonNull(fit, "fit");
        this.device = Objects.requireNonNull(device, "device");
    }

    private NetworkClassifier(Model model, int classes) {
        this.factory = null;
        this.fit = null;
        this.device = Device.cpu();
        this.model = model;
        this.classes = classes;
    }

    /**
     * A classifier of {@code classes} classes around a model trained elsewhere (an imported ONNX
     * network): it predicts, but cannot be fitted again (it has no factory).
     */
    public static NetworkClassifier trained(Model model, int classes) {
        Objects.requireNonNull(model, "model");
        if (classes < 2) throw new IllegalArgumentException("NetworkClassifier.trained: a classifier needs at least 2 classes, got " + classes);
        return new NetworkClassifier(model, classes);
    }

    @Override
    public NetworkClassifier fit(Tensor x, Tensor y) {
        return train(x, y, null);
    }

    /**
     * Trains on the samples at {@code rows} in place: batches are gathered from {@code x}, which is
     * not copied. Only the picked rows' labels are read.
     */
    @Override
    public NetworkClassifier fit(Tensor x, Tensor y, int[] rows) {
        return train(x, y, Estimators.requireRows(rows, "NetworkClassifier"));
    }

    /** Trains a fresh model on the samples at {@code rows} (all when null). */
    private NetworkClassifier train(Tensor x, Tensor y, int[] rows) {
        Estimators.checkFit(factory != null, x, y, rows, "NetworkClassifier");
        // The labels trained on, checked; the target holds every sample's, and the model reads the picked ones.
        int[] labels = Estimators.labels(rows == null ? y : y.indexSelect(0, Tensor.of(rows, rows.length)));
        Model m = Estimators.freshModel(factory, "NetworkClassifier", device);
        classes = Math.max(2, Estimators.classCount(labels));
        Tensor target = rows == null ? Tensor.of(labels, labels.length) : y.reshape(y.shape(0)).asType(DType.INT32);
        int outputs = m.outputShape()[m.outputShape().length - 1];
        if (outputs == 1) target = target.asType(DType.FLOAT32).reshape(target.shape(0), 1);
        history = Estimators.train(m, x, target, rows, fit);
        model = m;
        return this;
    }

    @Override
    public Tensor predictProba(Tensor x) {
        Estimators.checkFitted(model != null, "NetworkClassifier");
        Tensor p = Estimators.onHost(model.predictProba(x));
        if (p.rank() == 1 || p.shape(1) == 1) {
            // one sigmoid output: the probability of class 1
            Tensor p1 = p.reshape(p.shape(0), 1);
            return Tensor.concat(1, p1.neg().add(1), p1);
        }
        return p;
    }

    @Override
    public int classCount() {
        Estimators.checkFitted(model != null, "NetworkClassifier");
        return classes;
    }

    /** The model trained by the last fit. */
    public Model model() {
        Estimators.checkFitted(model != null, "NetworkClassifier");
        return model;
    }

    /** The training history of the last fit. @throws IllegalStateException before fit, or when loaded from a file (histories are not saved) */
    public History history() {
        Estimators.checkFitted(model != null, "NetworkClassifier");
        if (history == null) throw new IllegalStateException("NetworkClassifier was loaded from a file, which does not keep the training history");
        return history;
    }

    /**
     * Whether {@link #history} has one to give: true after {@link #fit}, false for a classifier
     * {@link #trained} elsewhere or loaded from a file.
     */
    public boolean hasHistory() {
        return history != null;
    }

    /** Writes the class count and the network's own model file (architecture, weights, optimizer state). */
    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(model != null, "NetworkClassifier");
        state.put("classes", classes).putFile("model.fathom", Estimators.modelBytes(model, "NetworkClassifier"));
    }

    /** The trained classifier {@link #saveState} wrote; it predicts, but cannot be fitted again (it has no factory). */
    public static NetworkClassifier fromState(EstimatorState state) {
        int classes = state.integer("classes");
        if (classes < 2) throw new IllegalArgumentException(state.path() + ": a classifier needs at least 2 classes, got " + classes);
        return new NetworkClassifier(Estimators.modelFrom(state.file("model.fathom"), state.path()), classes);
    }

    /** Where each fit trains its network (the CPU unless given; a loaded estimator predicts on the CPU). */
    public Device device() {
        return device;
    }

    @Override
    public String toString() {
        return "NetworkClassifier";
    }
}
