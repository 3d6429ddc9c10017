package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Activation;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Padding;
import dev.fathom.layers.Weight;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.optimizers.Optimizer;
import dev.fathom.optimizers.SGD;
import dev.fathom.testing.Golden;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A new head trained on a frozen pretrained body ends where PyTorch's does: the same body weights,
 * moving statistics, initial head, data order and optimizer, 50 steps, head weights within 1e-4.
 * The fixture and what PyTorch did are in {@code src/test/python/make_golden_fine_tuning.py}.
 */
class FineTuningGoldenTest {
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/fine_tuning.txt");

    private static Golden.Case golden(String name) {
        return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static Tensor floats(Golden.Case c, String key, int... shape) {
        double[] v = c.nums(key);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return Tensor.of(f, shape);
    }

    private static void load(Layer layer, Tensor... values) {
        List<Weight> weights = layer.weights();
        assertEquals(values.length, weights.size(), layer.name());
        try (var s = GradMode.noGrad()) {
            for (int i = 0; i < values.length; i++) weights.get(i).value().assign(values[i]);
        }
    }

    /** The network of the script with its pretrained body and initial head. */
    private static Sequential pretrained() {
        Golden.Case n = golden("network");
        Sequential m = new Sequential(
                new Conv2D(4, 3).padding(Padding.SAME),
                new BatchNormalization().epsilon(1e-3),
                new Activation("relu"),
                new MaxPool2D(2),
                new Flatten(),
                new Dense(8, "relu"),
                new Dense(3)).build(1, 8, 8);
        load(m.layer("conv2d"), floats(n, "conv_kernel", 4, 1, 3, 3), floats(n, "conv_bias", 4));
        load(m.layer("batch_normalization"), floats(n, "bn_gamma", 4), floats(n, "bn_beta", 4),
                floats(n, "bn_moving_mean", 4), floats(n, "bn_moving_variance", 4));
        load(m.layer("dense"), floats(n, "body_kernel", 64, 8), floats(n, "body_bias", 8));
        load(m.layer("dense_1"), floats(n, "head_kernel", 8, 3), floats(n, "head_bias", 3));
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "adam"})
    void theNewHeadEndsWithinOneTenThousandthOfPyTorchs(String optimizer) {
        Golden.Case n = golden("network");
        Golden.Case expected = golden(optimizer);
        Tensor x = floats(n, "x", n.ints("x_shape"));
        Tensor y = Tensor.of(n.ints("y"));
        Sequential m = pretrained();
        Golden.assertClose("features of the body", n.nums("features"), toDoubles(m.upTo("dense").predict(x)), 1e-5, 1e-5);

        m.freezeUpTo("dense");
        Optimizer opt = optimizer.equals("sgd") ? new SGD(0.1) : new Adam(0.01);
        m.compile(opt, new SparseCategoricalCrossentropy(true));
        // 40 samples in batches of 8, in order: 10 epochs are PyTorch's 50 steps.
        m.fit(x, y, Fit.epochs(10).batchSize(8).shuffle(false).silent());

        Layer head = m.layer("dense_1");
        Golden.assertClose(optimizer + " head kernel", expected.nums("head_kernel"),
                toDoubles(head.weights().get(0).value()), 1e-4, 0);
        Golden.assertClose(optimizer + " head bias", expected.nums("head_bias"), toDoubles(head.weights().get(1).value()), 1e-4, 0);
        // The frozen body is as it was, the moving statistics included (PyTorch's eval mode, Keras' frozen BN).
        BatchNormalization bn = (BatchNormalization) m.layer("batch_normalization");
        assertArrayEquals(floats(n, "bn_moving_mean", 4).toFloatArray(), bn.movingMean().toFloatArray(), 0f);
        assertArrayEquals(floats(n, "bn_moving_variance", 4).toFloatArray(), bn.movingVariance().toFloatArray(), 0f);
        assertArrayEquals(floats(n, "body_kernel", 64, 8).toFloatArray(),
                m.layer("dense").weights().get(0).value().toFloatArray(), 0f);
    }

    private static double[] toDoubles(Tensor t) {
        float[] f = t.toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
