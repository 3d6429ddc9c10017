package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayerNormalizationTest {

    private static Function<DType, Layer> random(int... axes) {
        return t -> new LayerNormalization().axis(axes).gammaInitializer(uniform(t, 0.5, 1.5)).betaInitializer(uniform(t, -1, 1));
    }

    @Test
    void passesTheLayerHarness() {
        LayerTester.of("LayerNormalization last axis", random(-1), 5).outputShape(5).parameters(10).run();
        LayerTester.of("LayerNormalization last axis of a sequence", random(-1), 3, 4).outputShape(3, 4).parameters(8).run();
        LayerTester.of("LayerNormalization whole images", random(1, 2, 3), 2, 3, 2).parameters(24).run();
        LayerTester.of("LayerNormalization channels and width", random(3, 1), 2, 3, 2).parameters(8).run();
        LayerTester.of("LayerNormalization training", random(-1), 6).training(true).batchIndependent(true).run();
    }

    @Test
    void matchesAHandComputation() {
        LayerNormalization ln = ((LayerNormalization) random(-1).apply(DType.FLOAT64)).epsilon(0.01);
        build(ln, 2, 4);
        double[] gamma = ln.weights().get(0).value().toDoubleArray();
        double[] beta = ln.weights().get(1).value().toDoubleArray();
        Tensor x = Tensor.randn(new Generator(1), 3, 2, 4).mul(2).add(1).asType(DType.FLOAT64);
        double[] xv = x.toDoubleArray();
        double[] expected = new double[xv.length];
        for (int row = 0; row < xv.length / 4; row++) {
            double mean = 0;
            double var = 0;
            for (int j = 0; j < 4; j++) mean += xv[row * 4 + j] / 4;
            for (int j = 0; j < 4; j++) var += Math.pow(xv[row * 4 + j] - mean, 2) / 4;
            for (int j = 0; j < 4; j++) expected[row * 4 + j] = gamma[j] * (xv[row * 4 + j] - mean) / Math.sqrt(var + 0.01) + beta[j];
        }
        assertArrayEquals(expected, ln.call(x, false).toDoubleArray(), 1e-12);
        assertArrayEquals(expected, ln.call(x, true).toDoubleArray(), 1e-12, "training computes the same");
    }

    @Test
    void normalizesEachImageAsAWhole() {
        LayerNormalization ln = new LayerNormalization().axis(1, 2, 3);
        build(ln, 2, 3, 3);
        assertArrayEquals(new int[] {2, 3, 3}, ln.weights().get(0).value().shape());
        double[] y = ln.call(Tensor.randn(new Generator(2), 4, 2, 3, 3).mul(5).asType(DType.FLOAT64), false).toDoubleArray();
        for (int b = 0; b < 4; b++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < 18; i++) mean += y[b * 18 + i] / 18;
            for (int i = 0; i < 18; i++) sq += Math.pow(y[b * 18 + i] - mean, 2) / 18;
            assertEquals(0, mean, 1e-12);
            assertEquals(1, sq, 1e-3);
        }
    }

    @Test
    void shapeErrorsAndArguments() {
        assertShapeError(() -> build(new LayerNormalization().axis(2), 10), "LayerNormalization", "axis 2", "[batch, 10]",
                "1..1");
        assertShapeError(() -> build(new LayerNormalization().axis(0), 10), "axis 0", "batch axis cannot be normalized");
        assertShapeError(() -> build(new LayerNormalization().axis(-3), 4, 5), "axis -3", "[batch, 4, 5]", "-2..-1");
        assertShapeError(() -> build(new LayerNormalization()), "[batch]", "[batch, 1]");
        assertThrows(IllegalArgumentException.class, () -> build(new LayerNormalization().axis(1, -2), 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization().axis());
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization().epsilon(-1));
        assertEquals("{axis=[-1], epsilon=0.001, center=true, scale=true, betaInitializer={name=zeros}, gammaInitializer={name=ones}}", new LayerNormalization().config().toString());
    }
}
