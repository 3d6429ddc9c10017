package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.fathom.layers.LayerTester.assertShapeError;
import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.cast;
import static dev.fathom.layers.LayerTester.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LSTMTest {

    /** An LSTM whose weights are drawn away from zero, in {@code t}. */
    static LSTM lstm(DType t, int units) {
        return new LSTM(units).kernelInitializer(cast(t, Initializer.glorotUniform()))
                .recurrentInitializer(uniform(t, -0.6, 0.6)).biasInitializer(uniform(t, -0.5, 0.5));
    }

    @Test
    void passesTheLayerHarnessWithGradientsThroughTime() {
        LayerTester.of("LSTM(3)", t -> lstm(t, 3), 4, 2).outputShape(3).parameters(4 * 3 * (2 + 3 + 2)).run();
        LayerTester.of("LSTM(2) sequences", t -> lstm(t, 2).returnSequences(true), 5, 3)
                .outputShape(5, 2).parameters(4 * 2 * (3 + 2 + 2)).run();
        LayerTester.of("LSTM(2) backwards, no bias", t -> lstm(t, 2).goBackwards(true).useBias(false).returnSequences(true), 3, 2)
                .outputShape(3, 2).parameters(4 * 2 * (2 + 2)).run();
    }

    @Test
    void gradientsReachTheInitialStates() {
        LSTM l = lstm(DType.FLOAT64, 2);
        build(l, 3, 2);
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, 2, 3, 2).asType(DType.FLOAT64);
        dev.fathom.tensor.GradCheck.check("LSTM initial states", (h, c) -> {
            List<Tensor> out = l.callWithStates(x, List.of(h, c), false);
            return out.get(0).add(out.get(2));
        }, dev.fathom.tensor.GradCheck.randn(g, 2, 2), dev.fathom.tensor.GradCheck.randn(g, 2, 2));
    }

    @Test
    void forgetGateBiasStartsAtOne() {
        LSTM l = new LSTM(3);
        build(l, 4, 2);
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0}, l.weights().get(2).value().toFloatArray());
        assertArrayEquals(new float[12], l.weights().get(3).value().toFloatArray(), "the recurrent bias stays zero");
        LSTM off = new LSTM(3).unitForgetBias(false);
        build(off, 4, 2);
        assertArrayEquals(new float[12], off.weights().get(2).value().toFloatArray());
    }

    @Test
    void weightsHavePyTorchsShapes() {
        LSTM l = new LSTM(5);
        build(l, 7, 3);
        assertEquals(List.of("kernel", "recurrentKernel", "bias", "recurrentBias"),
                l.weights().stream().map(Weight::name).toList());
        assertArrayEquals(new int[] {20, 3}, l.weights().get(0).value().shape());
        assertArrayEquals(new int[] {20, 5}, l.weights().get(1).value().shape());
        assertArrayEquals(new int[] {20}, l.weights().get(3).value().shape());
        double limit = 1 / Math.sqrt(5);
        for (float v : l.weights().get(1).value().toFloatArray()) assertTrue(Math.abs(v) <= limit, "PyTorch's ±1/sqrt(units)");
    }

    @Test
    void shapeErrorsSayHowToReshape() {
        assertShapeError(() -> build(new LSTM(4), 10), "LSTM", "[batch, 10]", "[batch, time, features]", "Reshape(10, 1)",
                "[batch, 10, 1]", "[batch, 1, 10]");
        assertShapeError(() -> build(new LSTM(4).name("enc"), 10, 4, 4), "LSTM 'enc'", "[batch, 10, 4, 4]",
                "Reshape(10, 16)", "[batch, 10, 16]");
        assertShapeError(() -> build(new LSTM(4)), "[batch]", "[batch, 1, 1]");
        LSTM l = new LSTM(4);
        build(l, 6, 3);
        assertShapeError(() -> l.call(Tensor.zeros(2, 6, 5), false), "LSTM", "[2, 6, 5]", "[batch, time, 3]");
        assertShapeError(() -> l.callWithStates(Tensor.zeros(2, 6, 3), List.of(Tensor.zeros(2, 4), Tensor.zeros(3, 4)), false),
                "initial state 1", "[3, 4]", "[2, 4]");
        var e = assertThrows(IllegalArgumentException.class,
                () -> l.callWithStates(Tensor.zeros(2, 6, 3), List.of(Tensor.zeros(2, 4)), false));
        assertTrue(e.getMessage().contains("got 1 initial states but needs 2 (h, c)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
        var a = assertThrows(IllegalArgumentException.class, () -> new LSTM(3).recurrentActivation("sigmiod"));
        assertTrue(a.getMessage().contains("sigmoid"), a.getMessage());
        assertArrayEquals(new int[] {1, 2}, new LSTM(2).call(Tensor.zeros(1, 2, 2), false).shape(), "builds on its first call");
    }

    @Test
    void configRoundTrips() {
        LSTM l = new LSTM(8).returnSequences(true).recurrentActivation("relu").unitForgetBias(false)
                .kernelRegularizer(Regularizer.l2(0.01));
        Map<String, Object> c = l.config();
        assertEquals(c, LSTM.fromConfig(c).config());
        assertEquals("{units=8, activation=tanh, recurrentActivation=relu, unitForgetBias=false, returnSequences=true,"
                + " goBackwards=false, useBias=true, kernelInitializer={name=glorot_uniform}, recurrentInitializer={name="
                + "variance_scaling, scale=0.3333333333333333, mode=fan_in, distribution=uniform}, biasInitializer={name=zeros},"
                + " kernelRegularizer={name=l2, l2=0.01}}", c.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> LSTM.fromConfig(Map.of("units", 3, "retrunSequences", true)));
        assertTrue(e.getMessage().contains("retrunSequences") && e.getMessage().contains("returnSequences"), e.getMessage());
    }
}
