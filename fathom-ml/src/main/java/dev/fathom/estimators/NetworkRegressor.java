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
 * A Fathom network as a regression {@link Estimator}: each {@link #fit} builds a fresh, compiled
 * model from the factory and trains it with the given {@link Fit}.
 *
 * <pre>{@code
 * Estimator net = new NetworkRegressor(() -> new Sequential(new Dense(32, "relu"), new Dense(1))
 *         .seed(0).build(10).compile(new Adam(1e-2), new MeanSquaredError()), Fit.epochs(100).silent());
 * net.fit(xTrain, yTrain).score(xTest, yTest);   // R²
 * }</pre>
 */
public final class NetworkRegressor implements Estimator, SavableEstimator {
    private final Supplier<Model> factory;   // null when loaded from a file
    private final Fit fit;
    private final Device device;
    private Model model;
    private History history;
    private int[] targetShape;

    /** Builds with {@code factory} (a built and compiled model) and trains with {@code fit}. */
    public NetworkRegressor(Supplier<Model> factory, Fit fit) {
        this(factory, fit, Device.cpu());
    }

    /**
     * Builds with {@code factory}, moves each fresh model to {@code device} and trains it there
     * from host data; predictions come back on the CPU and the saved state loads on any machine.
     *
     * <pre>{@code
     * new NetworkRegressor(factory, Fit.epochs(20).silent(), Device.cuda()).fit(x, y).predict(x);   // host tensors in and out
     * }</pre>
     */
    public NetworkRegressor(Supplier<Model> factory, Fit fit, Device device) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.fit = Objects.requireNonNull(fit, "fit");
        this.device = Objects.requireNonNull(device, "device");
    }

    private NetworkRegressor(Model model, int[] targetShape) {
        this.factory = null;
        this.fit = null;
        this.device = Device.cpu();
        this.model = model;
        this.targetShape = targetShape;
    }

    /**
     * A regressor around a model trained elsewhere (an imported ONNX network) predicting targets of
     * {@code targetShape}, batch first ({@code {1}} for one value per sample; the batch size is
     * ignored): it predicts, but cannot be fitted again.
     */
    public static NetworkRegressor trained(Model model, int... targetShape) {
        return new NetworkRegressor(Objects.requireNonNull(model, "model"), targetShape.clone());
    }

    @Override
    public NetworkRegressor fit(Tensor x, Tensor y) {
        return train(x, y, null);
    }

    /**
     * Trains on the samples at {@code rows} in place: batches are gathered from {@code x}, which is
     * not copied.
     */
    @Override
    public NetworkRegressor fit(Tensor x, Tensor y, int[] rows) {
        return train(x, y, Estimators.requireRows(rows, "NetworkRegressor"));
    }

    /** Trains a fresh model on the samples at {@code rows} (all when null). */
    private NetworkRegressor train(Tensor x, Tensor y, int[] rows) {
        Estimators.checkFit(factory != null, x, y, rows, "NetworkRegressor");
        Model m = Estimators.freshModel(factory, "NetworkRegressor", device);
        targetShape = y.shape();
        if (rows != null) targetShape[0] = rows.length;
        Tensor target = y.asType(DType.FLOAT32);
        if (target.rank() == 1) target = target.reshape(target.shape(0), 1);
        history = Estimators.train(m, x, target, rows, fit);
        model = m;
        return this;
    }

    @Override
    public Tensor predict(Tensor x) {
        Estimators.checkFitted(model != null, "NetworkRegressor");
        Tensor p = Estimators.onHost(model.predict(x));
        return p.reshape(Estimators.targetShape(targetShape, x.shape(0)));
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    /** The model trained by the last fit. */
    public Model model() {
        Estimators.checkFitted(model != null, "NetworkRegressor");
        return model;
    }

    /** The training history of the last fit. @throws IllegalStateException before fit, or when loaded from a file (histories are not saved) */
    public History history() {
        Estimators.checkFitted(model != null, "NetworkRegressor");
        if (history == null) throw new IllegalStateException("NetworkRegressor was loaded from a file, which does not keep the training history");
        return history;
    }

    /** Writes the targets' shape and the network's own model file (architecture, weights, optimizer state). */
    @Override
    public void saveState(EstimatorState state) {
        Estimators.checkFitted(model != null, "NetworkRegressor");
        state.put("targetShape", Estimators.shapeList(targetShape)).putFile("model.fathom", Estimators.modelBytes(model, "NetworkRegressor"));
    }

    /** The trained regressor {@link #saveState} wrote; it predicts, but cannot be fitted again (it has no factory). */
    public static NetworkRegressor fromState(EstimatorState state) {
        int[] shape = state.integers("targetShape");
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(state.path() + ": targetShape " + java.util.Arrays.toString(shape) + " is not [n] or [n, targets]");
        }
        return new NetworkRegressor(Estimators.modelFrom(state.file("model.fathom"), state.path()), shape);
    }

    /** Where each fit trains its network (the CPU unless given; a loaded estimator predicts on the CPU). */
    public Device device() {
        return device;
    }

    @Override
    public String toString() {
        return "NetworkRegressor";
    }
}
