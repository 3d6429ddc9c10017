package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DenseTest {

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("Dense(4, tanh)", t -> new Dense(4, "tanh")
                        .kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5)), 5)
                .outputShape(4).parameters(5 * 4 + 4).run();
        LayerTester.of("Dense(3) without bias", t -> new Dense(3).useBias(false)
                        .kernelInitializer(cast(t, Initializer.glorotUniform())), 6)
                .outputShape(3).parameters(18).run();
        LayerTester.of("Dense(3, softmax)", t -> new Dense(3, "softmax")
                        .kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5)), 4)
                .outputShape(3).parameters(15).run();
    }

    @Test
    void computesXTimesKernelPlusBias() {
        Dense d = new Dense(2).kernelInitializer(cast(DType.FLOAT64, uniform(DType.FLOAT64, -1, 1)))
                .biasInitializer(uniform(DType.FLOAT64, -1, 1));
        build(d, 3);
        Tensor x = Tensor.randn(new Generator(1), 4, 3).asType(DType.FLOAT64);
        double[] k = d.weights().get(0).value().toDoubleArray();
        double[] b = d.weights().get(1).value().toDoubleArray();
        double[] xv = x.toDoubleArray();
        double[] expected = new double[8];
        for (int n = 0; n < 4; n++)
            for (int u = 0; u < 2; u++) {
                double s = b[u];
                for (int i = 0; i < 3; i++) s += xv[n * 3 + i] * k[i * 2 + u];
                expected[n * 2 + u] = s;
            }
        assertArrayEquals(expected, d.call(x, false).toDoubleArray(), 1e-12);
    }

    @Test
    void sequencesGetTheSameKernelAtEveryStep() {
        LayerTester.of("Dense(3) over time", t -> new Dense(3, "tanh")
                        .kernelInitializer(cast(t, Initializer.glorotUniform())).biasInitializer(uniform(t, -0.5, 0.5)), 4, 5)
                .outputShape(4, 3).parameters(5 * 3 + 3).run();
        Dense d = new Dense(2).biasInitializer(uniform(DType.FLOAT32, -1, 1));
        assertArrayEquals(new int[] {7, 2}, build(d, 7, 3));
        Tensor x = Tensor.randn(new Generator(3), 4, 7, 3);
        Tensor y = d.call(x, false);
        assertArrayEquals(new int[] {4, 7, 2}, y.shape());
        // Step t of the sequence equals the layer applied to the rows x[:, t, :].
        Dense flat = new Dense(2).biasInitializer(uniform(DType.FLOAT32, -1, 1));
        build(flat, 3);   // same seed and shapes: the same weights
        assertArrayEquals(d.weights().get(0).value().toFloatArray(), flat.weights().get(0).value().toFloatArray());
        for (int t = 0; t < 7; t++) {
            assertArrayEquals(flat.call(x.select(1, t), false).toFloatArray(), y.select(1, t).contiguous().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void shapeErrorsSayHowToFlatten() {
        assertShapeError(() -> build(new Dense(10), 1, 28, 28), "Dense", "[batch, 1, 28, 28]", "[batch, features]",
                "[batch, time, features]", "add Flatten()", "[batch, 784]");
        assertShapeError(() -> build(new Dense(10).name("head")), "Dense 'head'", "[batch]", "[batch, 1]");
    }

    @Test
    void configHoldsTheHyperparameters() {
        assertEquals("{units=10, activation=relu, useBias=true, kernelInitializer={name=glorot_uniform}, biasInitializer={name=zeros}}", new Dense(10, "relu").config().toString());
    }
}
