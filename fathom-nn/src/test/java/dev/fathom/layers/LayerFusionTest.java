package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.models.Sequential;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class LayerFusionTest {

    /** Whole numbers in [-3, 3]: many ties, many windows with nothing positive, zeros beside negatives. */
    private static Tensor tiedImages(DType type, int... shape) {
        return Tensor.randn(new Generator(5), shape).mul(2).asType(DType.INT32).asType(type);
    }

    @Test
    void poolingBeforeTheReluGivesTheSameValuesAndGradientsBitForBit() {
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (Padding padding : new Padding[] {Padding.VALID, Padding.SAME}) {
                // Integer weights and inputs: the convolution's outputs are whole numbers, so windows tie often.
                Initializer whole = (shape, fanIn, fanOut, g) -> tiedImages(type, shape);
                Conv2D conv = new Conv2D(8, 3, "relu").padding(padding).kernelInitializer(whole).biasInitializer(whole);
                MaxPool2D pool = new MaxPool2D(2);
                Dense dense = new Dense(3).kernelInitializer(whole).biasInitializer(whole);
                Sequential model = new Sequential(conv, pool, new Flatten(), dense);
                model.seed(1).build(2, 9, 11);
                Tensor x = tiedImages(type, 4, 2, 9, 11);

                Tensor fused = model.call(x, true);
                fused.sum().backward();
                List<double[]> fusedGrads = conv.weights().stream().map(w -> w.value().grad().toDoubleArray()).toList();
                conv.weights().forEach(w -> w.value().zeroGrad());
                dense.weights().forEach(w -> w.value().zeroGrad());

                // The same layers one by one: layerOutputs asks for each layer's output, so nothing is fused.
                List<Tensor> outputs = model.layerOutputs(List.of(x), true);
                Tensor separate = outputs.get(outputs.size() - 1);
                separate.sum().backward();
                String where = type + ", padding " + padding;
                assertArrayEquals(separate.toDoubleArray(), fused.toDoubleArray(), 0.0, where);
                for (int i = 0; i < fusedGrads.size(); i++) {
                    assertArrayEquals(conv.weights().get(i).value().grad().toDoubleArray(), fusedGrads.get(i), 0.0,
                            where + ", gradient of " + conv.weights().get(i).name());
                }
            }
        }
    }

    @Test
    void onlyAReluConvolutionFollowedByMaxPoolingIsFused() {
        Tensor x = Tensor.randn(new Generator(2), 1, 1, 6, 6);
        Conv2D relu = new Conv2D(2, 3, "relu");
        relu.build(new int[] {1, 6, 6}, new Generator(3));
        MaxPool2D max = new MaxPool2D(2);
        assertNotNull(LayerFusion.call(relu, max, x, false));
        Conv2D tanh = new Conv2D(2, 3, "tanh");
        tanh.build(new int[] {1, 6, 6}, new Generator(3));
        assertNull(LayerFusion.call(tanh, max, x, false), "tanh is not monotonic through zero the same way: no fusion");
        assertNull(LayerFusion.call(relu, new AveragePool2D(2), x, false), "the average of ReLUs is not the ReLU of the average");
    }
}
