package dev.fathom.onnx.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.layers.Layer;
import dev.fathom.layers.LayerConfigs;
import dev.fathom.layers.Merge;
import dev.fathom.layers.Weight;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ONNX layers hold no backward code; these float64 central-difference checks confirm their
 * composed gradients with respect to the input and to every weight, and that each config
 * round-trips through {@link LayerConfigs} (how a saved model loads them back).
 */
class OnnxLayersGradTest {
    /**
     * Builds {@code layer} for {@code sample}, gives its weights random values, and checks the
     * gradient of its output with respect to a float64 batch (the float32 weights promote exactly).
     * The weights' own gradients come from the same primitives, each checked in fathom-tensor.
     */
    static void check(Layer layer, Tensor x) {
        Generator g = new Generator(7);
        layer.build(java.util.Arrays.copyOfRange(x.shape(), 1, x.rank()), g);
        try (var scope = GradMode.noGrad()) {
            for (Weight w : layer.weights()) w.value().assign(GradCheck.uniform(g, 0.5, 1.5, w.value().shape()).asType(w.value().dtype()));
        }
        GradCheck.check(layer.typeName(), t -> layer.call(t, false), x);
        var entry = LayerConfigs.toConfig(layer.name(layer.defaultName()));
        assertEquals(layer.config(), LayerConfigs.fromConfig(entry).config(), layer.typeName() + " config round trip");
    }

    static void check(Layer layer, int batch, int... sample) {
        check(layer, GradCheck.distinct(new Generator(11), withBatch(batch, sample)).asType(DType.FLOAT64));
    }

    static int[] withBatch(int batch, int[] sample) {
        int[] shape = new int[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    @Test
    void convolutions() {
        check(new OnnxConv(4, 3, 2).strides(2, 1).pads(1, 0, 1, 1).dilations(1, 2).groups(2), 2, 4, 5, 6);
        check(new OnnxConv(3, 3, 3).groups(3).pads(1, 1, 1, 1).useBias(false), 2, 3, 4, 4);
        check(new OnnxConvTranspose(2, 3, 3).strides(2, 2).pads(1, 0, 1, 1).outputPadding(1, 0), 2, 3, 3, 4);
    }

    @Test
    void pooling() {
        check(OnnxPool.max(3, 3).strides(2, 2).pads(1, 1, 1, 1).extra(1, 0), 2, 2, 6, 5);
        check(OnnxPool.average(3, 2).strides(2, 1).pads(1, 0, 1, 1).extra(1, 0), 2, 2, 6, 5);
        check(OnnxPool.average(2, 2).strides(2, 2).pads(1, 1, 1, 1).countIncludePad(true), 2, 2, 5, 5);
        check(new OnnxReduce("mean", new int[] {2, 3}, true), 2, 3, 4, 5);
        check(new OnnxReduce("max", new int[] {1, 3}, false), 2, 3, 4, 5);
    }

    @Test
    void elementwise() {
        Generator g = new Generator(5);
        for (String op : List.of("sigmoid", "tanh", "gelu", "gelu_tanh", "elu", "softplus", "exp", "neg", "erf")) {
            check(new OnnxUnary(op, 1.3, Double.NaN), 2, 3, 4);
        }
        for (String op : List.of("relu", "leaky_relu", "abs")) check(new OnnxUnary(op, 0.1, Double.NaN), GradCheck.awayFromZero(g, 2, 6).asType(DType.FLOAT64));
        for (String op : List.of("sqrt", "log", "reciprocal")) check(new OnnxUnary(op), GradCheck.uniform(g, 0.5, 2, 2, 6).asType(DType.FLOAT64));
        check(new OnnxUnary("hard_swish"), GradCheck.uniform(g, -2.5, 2.5, 2, 6).asType(DType.FLOAT64));
        check(new OnnxUnary("hard_sigmoid", 0.2, 0.5), GradCheck.uniform(g, -2, 2, 2, 6).asType(DType.FLOAT64));
        check(new OnnxUnary("clip", -2, 2), GradCheck.uniform(g, -1, 1, 2, 6).asType(DType.FLOAT64));
        check(new OnnxConstBinary("mul", new int[] {4, 1}, false, true, new int[] {3, 4, 5}), 2, 3, 4, 5);
        check(new OnnxConstBinary("sub", new int[] {5}, true, true, new int[] {3, 4, 5}), 2, 12, 5);
        check(new OnnxConstBinary("matmul", new int[] {5, 2}, false, true, new int[] {3, 5}), 2, 3, 5);
        check(new OnnxSoftmax(2, true, false), 2, 3, 4);
        check(new OnnxSoftmax(1, false, true), 2, 3, 4);
        check(new OnnxLayerNormalization(2, 1e-5, true), 2, 3, 4);
    }

    @Test
    void movement() {
        check(new OnnxTranspose(2, 0, 1), 2, 3, 4, 5);
        check(new OnnxGather(2, new int[] {3, 0, 3}, new int[] {3}), 2, 3, 4);
        check(new OnnxSlice(new int[] {1, 2}, new int[] {2, 3}, new int[] {-1, 0}, new int[] {-1, -2}), 2, 3, 4);
        check(new OnnxPad(new int[] {1, 2}, new int[] {0, 1}, "reflect", 0), 2, 3, 4);
        check(new OnnxPad(new int[] {1, 0}, new int[] {2, 1}, "edge", 0), 2, 3, 4);
    }

    @Test
    void merges() {
        Generator g = new Generator(3);
        for (Merge m : List.<Merge>of(new OnnxBinary("mul"), new OnnxBinary("div"), new OnnxConcat(2))) {
            int[] a = {3, 4};
            int[] b = m instanceof OnnxConcat ? new int[] {3, 2} : new int[] {4};
            m.build(List.of(a, b), g);
            Tensor x = GradCheck.distinct(g, 2, 3, 4).asType(DType.FLOAT64);
            Tensor y = GradCheck.uniform(g, 0.5, 1.5, Arrays.stream(new int[] {2, b[0], b.length > 1 ? b[1] : 1})
                    .limit(b.length + 1).toArray()).asType(DType.FLOAT64);
            GradCheck.check(m.typeName(), (p, q) -> m.call(List.of(p, q), false), x, y);
        }
    }
}
