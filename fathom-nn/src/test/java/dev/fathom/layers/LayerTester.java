package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The generic layer test (Keras' {@code run_layer_test}): for a layer and a per-sample input shape
 * it checks what every layer must do, so each layer's own test only adds what is particular to it.
 *
 * <ol>
 *   <li>Build: the returned shape equals {@code outputShape()} (and the expected one, when given),
 *       {@code inputShape()} is what was given, building twice with one seed gives the same weights.</li>
 *   <li>Weights: {@code parameterCount()} is the sum of the weight sizes and the expected count;
 *       names are unique; trainable weights require gradients, the others do not.</li>
 *   <li>Call, float32, in training and inference: a batch of 3 gives {@code [3, ...outputShape]},
 *       float32 and finite.</li>
 *   <li>Batch independence (unless the mode mixes samples, as BatchNormalization's training):
 *       each sample alone gives the same output as within the batch.</li>
 *   <li>Gradients in float64: {@code sum(call(x) * R)}, R fixed random, by autodiff against central
 *       differences, with respect to the input and to every trainable weight; every trainable weight
 *       must receive a gradient and no non-trainable one.</li>
 * </ol>
 *
 * <p>Why float64 weights: layers create their weights through {@link Initializer}s, and an
 * initializer may return any type. The factory is asked for a layer with float32 weights (the real
 * configuration) and one with float64 weights ({@link #cast} wraps each initializer); the latter
 * makes the whole forward pass float64, so the central differences on the weights, perturbed in
 * place with {@code assign}, are as exact as the ones on the input. This checks the real layer code
 * with no test-only hook in the library; a layer that hides an initializer from its users could not
 * be tested this way, which is a design smell worth knowing.
 */
final class LayerTester {
    private static final long SEED = 7;
    private static final double EPS = 1e-6;
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    private final String label;
    private final Function<DType, Layer> factory;
    private final int[] inputShape;
    private int[] expectedOutput;
    private long expectedParameters = -1;
    private boolean training;
    private Boolean batchIndependent;
    private BiFunction<Generator, int[], Tensor> inputs = GradCheck::randn;

    private LayerTester(String label, Function<DType, Layer> factory, int[] inputShape) {
        this.label = label;
        this.factory = factory;
        this.inputShape = inputShape;
    }

    /**
     * A test of the layers {@code factory} makes for the per-sample {@code inputShape}. The factory
     * gets the type its weights must have (wrap its initializers with {@link #cast}); a layer without
     * weights may ignore it.
     */
    static LayerTester of(String label, Function<DType, Layer> factory, int... inputShape) {
        return new LayerTester(label, factory, inputShape.clone());
    }

    /** The per-sample output shape build must return. */
    LayerTester outputShape(int... shape) {
        this.expectedOutput = shape.clone();
        return this;
    }

    /** The number of scalar weights, trainable or not (Keras' "Param #"). */
    LayerTester parameters(long count) {
        this.expectedParameters = count;
        return this;
    }

    /** Runs the float64 gradient check in training mode (default: inference). */
    LayerTester training(boolean training) {
        this.training = training;
        return this;
    }

    /** Whether samples are independent in the checked mode (default: true, except in training mode). */
    LayerTester batchIndependent(boolean independent) {
        this.batchIndependent = independent;
        return this;
    }

    /** The float64 inputs for the value and gradient checks, e.g. {@code GradCheck::distinct} for max pooling. */
    LayerTester inputs(BiFunction<Generator, int[], Tensor> inputs) {
        this.inputs = inputs;
        return this;
    }

    /** {@code init} whose tensors are converted to {@code type}. */
    static Initializer cast(DType type, Initializer init) {
        return (shape, fanIn, fanOut, g) -> init.create(shape, fanIn, fanOut, g).asType(type);
    }

    /** Uniform values in [lo, hi) of {@code type}: weights away from their defaults (zeros, ones). */
    static Initializer uniform(DType type, double lo, double hi) {
        return (shape, fanIn, fanOut, g) -> GradCheck.uniform(g, lo, hi, shape).asType(type);
    }

    /** {@code [3, ...perSample]}. */
    static int[] batch(int n, int[] perSample) {
        int[] s = new int[perSample.length + 1];
        s[0] = n;
        System.arraycopy(perSample, 0, s, 1, perSample.length);
        return s;
    }

    void run() {
        Layer layer = factory.apply(DType.FLOAT32);
        int[] out = layer.build(inputShape.clone(), new Generator(SEED));
        String what = label + " on " + Layer.batchShape(inputShape);
        checkBuild(what, layer, out);
        checkWeights(what, layer);
        Layer again = factory.apply(DType.FLOAT32);
        again.build(inputShape.clone(), new Generator(SEED));
        for (int i = 0; i < layer.weights().size(); i++) {
            assertArrayEquals(layer.weights().get(i).value().toFloatArray(), again.weights().get(i).value().toFloatArray(),
                    what + ": one seed must give the same weight " + layer.weights().get(i).name());
        }

        Generator g = new Generator(SEED + 1);
        Tensor x32 = Tensor.randn(g, batch(3, inputShape));
        for (boolean mode : new boolean[] {false, true}) {
            Tensor y = layer.call(x32, mode);
            String m = what + (mode ? " (training)" : " (inference)");
            assertArrayEquals(batch(3, out), y.shape(), m + ": call's output shape differs from build's " + Layer.batchShape(out));
            assertEquals(DType.FLOAT32, y.dtype(), m + ": float32 in, float32 weights must give float32 out");
            for (float v : y.toFloatArray()) assertTrue(Float.isFinite(v), m + ": output is not finite: " + v);
        }
        assertNotNull(layer.config(), what + ": config");
        assertTrue(layer.toString().startsWith(layer.typeName()), what + ": toString " + layer);

        Layer layer64 = factory.apply(DType.FLOAT64);
        layer64.build(inputShape.clone(), new Generator(SEED));
        for (Weight w : layer64.weights()) {
            assertEquals(DType.FLOAT64, w.value().dtype(), what + ": the float64 layer's weight '" + w.name()
                    + "' is " + w.value().dtype() + "; wrap its initializer with LayerTester.cast(type, ...)");
        }
        Tensor x64 = inputs.apply(new Generator(SEED + 2), batch(3, inputShape));
        if (batchIndependent == null ? !training : batchIndependent) checkBatchIndependence(what, layer64, x64);
        gradCheck(what + (training ? " (training)" : " (inference)"), layer64, x64, training);
    }

    private void checkBuild(String what, Layer layer, int[] out) {
        assertTrue(layer.isBuilt(), what + ": isBuilt after build");
        assertArrayEquals(inputShape, layer.inputShape(), what + ": inputShape()");
        assertArrayEquals(out, layer.outputShape(), what + ": outputShape() differs from build's result");
        if (expectedOutput != null) {
            assertArrayEquals(expectedOutput, out, what + ": output shape " + Arrays.toString(out) + ", expected "
                    + Arrays.toString(expectedOutput));
        }
    }

    private void checkWeights(String what, Layer layer) {
        long sum = 0;
        Set<String> names = new HashSet<>();
        for (Weight w : layer.weights()) {
            sum += w.value().size();
            assertTrue(names.add(w.name()), what + ": weight name '" + w.name() + "' used twice");
            assertEquals(w.trainable(), w.value().requiresGrad(), what + ": weight '" + w.name() + "' trainable="
                    + w.trainable() + " but requiresGrad=" + w.value().requiresGrad());
        }
        assertEquals(sum, layer.parameterCount(), what + ": parameterCount() must be the sum of the weight sizes");
        if (expectedParameters >= 0) assertEquals(expectedParameters, layer.parameterCount(), what + ": parameterCount()");
    }

    private void checkBatchIndependence(String what, Layer layer, Tensor x) {
        double[] whole;
        try (var scope = GradMode.noGrad()) {
            whole = layer.call(x, training).toDoubleArray();
            int per = whole.length / x.shape(0);
            for (int b = 0; b < x.shape(0); b++) {
                double[] alone = layer.call(x.slice(0, b, b + 1), training).toDoubleArray();
                double[] within = Arrays.copyOfRange(whole, b * per, (b + 1) * per);
                assertArrayEquals(within, alone, 1e-12, what + ": sample " + b + " alone differs from the same sample in"
                        + " the batch; the layer mixes samples");
            }
        }
    }

    /** Central differences on the input and on every trainable weight, perturbed in place. */
    static void gradCheck(String what, Layer layer, Tensor x, boolean training) {
        Tensor input = Tensor.of(x.toDoubleArray(), x.shape()).requiresGrad(true);
        List<Tensor> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        params.add(input);
        names.add("input");
        for (Weight w : layer.weights()) {
            w.value().zeroGrad();
            if (!w.trainable()) continue;
            params.add(w.value());
            names.add("weight '" + w.name() + "'");
        }
        Tensor y = layer.call(input, training);
        assertEquals(DType.FLOAT64, y.dtype(), what + ": float64 input and weights must give float64 output");
        Generator g = new Generator(0x5EED);
        double[] r = new double[y.size()];
        for (int i = 0; i < r.length; i++) r[i] = g.nextNormal();
        Tensor rt = Tensor.of(r, y.shape());
        y.mul(rt).sum().backward();
        double[][] auto = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            Tensor grad = params.get(i).grad();
            if (grad == null) fail(what + ": " + names.get(i) + " got no gradient; the output does not depend on it");
            assertArrayEquals(params.get(i).shape(), grad.shape(), what + ": gradient shape of " + names.get(i));
            auto[i] = grad.toDoubleArray();
        }
        for (Weight w : layer.weights()) {
            if (!w.trainable()) assertNull(w.value().grad(), what + ": non-trainable weight '" + w.name() + "' got a gradient");
        }
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                double[] values = p.toDoubleArray();
                for (int j = 0; j < values.length; j++) {
                    double saved = values[j];
                    values[j] = saved + EPS;
                    p.assign(Tensor.of(values, p.shape()));
                    double plus = dot(layer.call(input, training), r);
                    values[j] = saved - EPS;
                    p.assign(Tensor.of(values, p.shape()));
                    double minus = dot(layer.call(input, training), r);
                    values[j] = saved;
                    p.assign(Tensor.of(values, p.shape()));
                    double numeric = (plus - minus) / (2 * EPS);
                    double a = auto[i][j];
                    if (!(Math.abs(a - numeric) <= ATOL + RTOL * Math.abs(numeric))) {
                        fail(String.format("%s: gradient of %s, element %d of %s: autodiff %.10g, finite difference %.10g",
                                what, names.get(i), j, Arrays.toString(p.shape()), a, numeric));
                    }
                }
            }
        }
        for (Tensor p : params) p.zeroGrad();
    }

    /**
     * Asserts that {@code build} throws a {@link ShapeException} whose message holds every one of
     * {@code parts} (layer type, shapes, the fix); returns the message.
     */
    static String assertShapeError(Executable build, String... parts) {
        ShapeException e = assertThrows(ShapeException.class, build);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
        }
        return e.getMessage();
    }

    /** Builds {@code layer} for a per-sample shape with a fixed generator; returns the output shape. */
    static int[] build(Layer layer, int... perSample) {
        return layer.build(perSample, new Generator(SEED));
    }

    private static double dot(Tensor y, double[] r) {
        double[] v = y.toDoubleArray();
        double s = 0;
        for (int i = 0; i < v.length; i++) s += v[i] * r[i];
        return s;
    }
}
