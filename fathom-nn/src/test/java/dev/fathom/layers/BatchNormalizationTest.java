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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchNormalizationTest {

    /** Every weight random (moving variance positive), so no term hides behind a 0 or a 1. */
    private static final Function<DType, Layer> RANDOM = t -> new BatchNormalization()
            .gammaInitializer(uniform(t, 0.5, 1.5)).betaInitializer(uniform(t, -1, 1))
            .movingMeanInitializer(uniform(t, -1, 1)).movingVarianceInitializer(uniform(t, 0.5, 2));

    @Test
    void passesTheLayerHarness() {
        for (boolean training : new boolean[] {false, true}) {
            LayerTester.of("BatchNormalization features", RANDOM, 4).training(training).outputShape(4).parameters(16).run();
            LayerTester.of("BatchNormalization images", RANDOM, 3, 2, 3).training(training).outputShape(3, 2, 3)
                    .parameters(12).run();
        }
        LayerTester.of("BatchNormalization without gamma and beta", t -> new BatchNormalization().center(false).scale(false)
                        .movingMeanInitializer(uniform(t, -1, 1)).movingVarianceInitializer(uniform(t, 0.5, 2)), 3, 2, 2)
                .parameters(6).run();
    }

    /** Per-channel {mean, biased variance} of x [n, c, rest...] given as row-major values. */
    private static double[][] channelStats(double[] x, int n, int c) {
        int rest = x.length / (n * c);
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < x.length; i++) mean[(i / rest) % c] += x[i] / (n * rest);
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - mean[(i / rest) % c];
            var[(i / rest) % c] += d * d / (n * rest);
        }
        return new double[][] {mean, var};
    }

    @Test
    void trainingOutputHasZeroMeanAndUnitVariancePerChannel() {
        BatchNormalization bn = new BatchNormalization();
        build(bn, 3, 4, 5);
        Tensor x = Tensor.randn(new Generator(1), 6, 3, 4, 5).mul(3).add(2).asType(DType.FLOAT64);
        double[][] in = channelStats(x.toDoubleArray(), 6, 3);
        double[][] out = channelStats(bn.call(x, true).toDoubleArray(), 6, 3);
        for (int c = 0; c < 3; c++) {
            assertEquals(0, out[0][c], 1e-12);
            // var(y) = var / (var + epsilon): 1 up to epsilon.
            assertEquals(in[1][c] / (in[1][c] + 1e-3), out[1][c], 1e-12);
            assertEquals(1, out[1][c], 1e-3);
        }
    }

    @Test
    void trainingMatchesAHandComputationAndUpdatesTheMovingStatistics() {
        BatchNormalization bn = ((BatchNormalization) RANDOM.apply(DType.FLOAT64)).momentum(0.9).epsilon(0.01);
        build(bn, 2, 3);
        double[] gamma = bn.weights().get(0).value().toDoubleArray();
        double[] beta = bn.weights().get(1).value().toDoubleArray();
        double[] mm = bn.movingMean().toDoubleArray();
        double[] mv = bn.movingVariance().toDoubleArray();
        Tensor x = Tensor.randn(new Generator(2), 4, 2, 3).asType(DType.FLOAT64);
        double[] xv = x.toDoubleArray();
        double[][] s = channelStats(xv, 4, 2);
        double[] expected = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            int c = (i / 3) % 2;
            expected[i] = gamma[c] * (xv[i] - s[0][c]) / Math.sqrt(s[1][c] + 0.01) + beta[c];
        }
        assertArrayEquals(expected, bn.call(x, true).toDoubleArray(), 1e-12);
        double[] newMean = new double[2];
        double[] newVar = new double[2];
        for (int c = 0; c < 2; c++) {
            newMean[c] = mm[c] * 0.9 + s[0][c] * 0.1;
            newVar[c] = mv[c] * 0.9 + s[1][c] * 0.1; // the biased batch variance, as Keras
        }
        assertArrayEquals(newMean, bn.movingMean().toDoubleArray(), 1e-12);
        assertArrayEquals(newVar, bn.movingVariance().toDoubleArray(), 1e-12);

        // Inference uses the moving statistics and leaves them alone.
        Tensor z = Tensor.randn(new Generator(3), 5, 2, 3).asType(DType.FLOAT64);
        double[] zv = z.toDoubleArray();
        expected = new double[zv.length];
        for (int i = 0; i < zv.length; i++) {
            int c = (i / 3) % 2;
            expected[i] = gamma[c] * (zv[i] - newMean[c]) / Math.sqrt(newVar[c] + 0.01) + beta[c];
        }
        assertArrayEquals(expected, bn.call(z, false).toDoubleArray(), 1e-12);
        assertArrayEquals(newMean, bn.movingMean().toDoubleArray(), 0);
        assertArrayEquals(newVar, bn.movingVariance().toDoubleArray(), 0);
    }

    @Test
    void movingStatisticsStayFloat32AndGetNoGradient() {
        BatchNormalization bn = new BatchNormalization();
        build(bn, 3);
        Tensor x = Tensor.randn(new Generator(4), 8, 3).asType(DType.FLOAT64).requiresGrad(true);
        bn.call(x, true).sum().backward();
        assertEquals(DType.FLOAT32, bn.movingMean().dtype());
        assertNull(bn.movingMean().grad());
        assertNull(bn.movingVariance().grad());
        assertFalse(bn.weights().get(2).trainable());
        assertEquals("movingVariance", bn.weights().get(3).name());
        // Defaults: the moving statistics start at 0 and 1 and move 1% of the way per step.
        double[] mean = channelStats(x.toDoubleArray(), 8, 3)[0];
        for (int c = 0; c < 3; c++) assertEquals(0.01 * mean[c], bn.movingMean().toDoubleArray()[c], 1e-7);
    }

    @Test
    void shapeErrorsAndArguments() {
        assertShapeError(() -> build(new BatchNormalization()), "BatchNormalization", "[batch]", "[batch, 1]");
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().momentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().epsilon(0));
        assertThrows(IllegalStateException.class, () -> new BatchNormalization().movingMean());
        assertEquals("{momentum=0.99, epsilon=0.001, center=true, scale=true, betaInitializer={name=zeros}, gammaInitializer={name=ones},"
                + " movingMeanInitializer={name=zeros}, movingVarianceInitializer={name=ones}}", new BatchNormalization().config().toString());
    }
}
