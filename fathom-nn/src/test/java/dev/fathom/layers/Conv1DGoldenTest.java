package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Embedding, Conv1D and MaxPool1D against PyTorch's nn.Embedding, nn.Conv1d and max_pool1d with
 * the same weights, from {@code src/test/python/make_golden_conv1d.py}. The golden file is
 * channels-last like Fathom; the script transposes for PyTorch.
 */
class Conv1DGoldenTest {
    private static final double TOL = 1e-12;
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/conv1d.txt");

    @Test
    void everyCaseMatchesPyTorch() {
        assertEquals(12, CASES.size(), "cases in conv1d.txt");
        int checked = 0;
        for (Golden.Case c : CASES) {
            if (c.name().startsWith("embedding")) embedding(c);
            else if (c.name().startsWith("conv")) conv(c);
            else pool(c);
            checked++;
        }
        assertEquals(12, checked);
    }

    private static void embedding(Golden.Case c) {
        int[] s = c.ints("sizes");
        int vocab = s[0], dims = s[1], batch = s[2], time = s[3];
        Embedding e = new Embedding(vocab, dims).embeddingsInitializer(cast(DType.FLOAT64, Initializer.zeros()));
        assertArrayEquals(new int[] {time, dims}, LayerTester.build(e, time));
        Tensor table = e.weights().get(0).value();
        try (var scope = GradMode.noGrad()) {
            table.assign(Tensor.of(c.nums("weight"), vocab, dims));
        }
        Tensor ids = Tensor.of(c.ints("ids"), batch, time);
        Tensor y = e.call(ids, false);
        assertArrayEquals(new int[] {batch, time, dims}, y.shape(), c.name());
        assertArrayEquals(c.nums("output"), y.toDoubleArray(), TOL, c.name() + ": output");
        // The same ids as floats (how Model.fit hands integer inputs over) give the same vectors.
        assertArrayEquals(c.nums("output"), e.call(ids.asType(DType.FLOAT32), false).toDoubleArray(), TOL, c.name());
        y.mul(Tensor.of(c.nums("r"), y.shape())).sum().backward();
        assertArrayEquals(c.nums("grad_weight"), table.grad().toDoubleArray(), TOL, c.name() + ": gradient of the table");
        table.zeroGrad();
    }

    private static void conv(Golden.Case c) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], channels = s[2], filters = s[3], kernel = s[4];
        boolean bias = c.str("bias").equals("true");
        Conv1D conv = new Conv1D(filters, kernel).strides((int) c.num("strides")).dilation((int) c.num("dilation"))
                .padding(c.str("padding").equals("same") ? Padding.SAME : Padding.VALID).useBias(bias)
                .kernelInitializer(cast(DType.FLOAT64, Initializer.zeros()))
                .biasInitializer(cast(DType.FLOAT64, Initializer.zeros()));
        int[] out = LayerTester.build(conv, time, channels);
        try (var scope = GradMode.noGrad()) {
            conv.weights().get(0).value().assign(Tensor.of(c.nums("weight"), filters, channels, kernel));
            if (bias) conv.weights().get(1).value().assign(Tensor.of(c.nums("bias_values"), filters));
        }
        Tensor y = conv.call(Tensor.of(c.nums("x"), batch, time, channels), false);
        double[] expected = c.nums("output");
        assertArrayEquals(new int[] {batch, expected.length / batch / filters, filters}, y.shape(), c.name());
        assertArrayEquals(LayerTester.batch(batch, out), y.shape(), c.name() + ": build's shape");
        assertArrayEquals(expected, y.toDoubleArray(), TOL, c.name() + ": output");
    }

    private static void pool(Golden.Case c) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], channels = s[2];
        MaxPool1D p = new MaxPool1D((int) c.num("pool")).strides((int) c.num("strides"))
                .padding(c.str("padding").equals("same") ? Padding.SAME : Padding.VALID);
        int[] out = LayerTester.build(p, time, channels);
        Tensor y = p.call(Tensor.of(c.nums("x"), batch, time, channels), false);
        assertArrayEquals(LayerTester.batch(batch, out), y.shape(), c.name() + ": build's shape");
        assertArrayEquals(c.nums("output"), y.toDoubleArray(), TOL, c.name() + ": output");
    }
}
