package dev.fathom.models;

import dev.fathom.backend.Device;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Embedding;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.GlobalAveragePooling1D;
import dev.fathom.layers.PositionalEmbedding;
import dev.fathom.layers.TransformerEncoder;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Weight;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.HostBackedDevice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model moved to a device trains from host data exactly as on the CPU. The device is the
 * host-backed test device: the CPU's kernels under another device's name, so any tensor a layer,
 * loss, metric or the trainer makes on the CPU and mixes in fails here as it would on a GPU, and
 * the results must equal the CPU's bit for bit.
 */
class ModelOnDeviceTest {
    private static final Device DEVICE = HostBackedDevice.DEVICE;

    private static void trainsTheSameOnBothDevices(Supplier<Sequential> architecture, Tensor x, Tensor y, int... inputShape) {
        Model cpu = architecture.get().seed(3).build(inputShape).compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true), "accuracy");
        Model dev = architecture.get().seed(3).build(inputShape).compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true), "accuracy");
        dev.to(DEVICE);
        assertEquals(DEVICE, dev.device());
        Fit fit = Fit.epochs(2).batchSize(16).validationSplit(0.25).seed(5).silent();
        History a = cpu.fit(x, y, fit);
        History b = dev.fit(x, y, fit);
        for (String key : a.keys()) assertArrayEquals(a.get(key), b.get(key), key);
        List<Weight> wa = cpu.weights();
        List<Weight> wb = dev.weights();
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(DEVICE, wb.get(i).value().device(), wb.get(i).name());
            assertArrayEquals(wa.get(i).value().toFloatArray(), wb.get(i).value().toFloatArray(), wa.get(i).name());
        }
        Tensor p = dev.predict(x);
        assertEquals(DEVICE, p.device(), "predictions stay on the model's device");
        assertArrayEquals(cpu.predict(x).toFloatArray(), p.toFloatArray());
        assertArrayEquals(cpu.predictClasses(x).toIntArray(), dev.predictClasses(x).toIntArray());
        assertEquals(cpu.evaluate(x, y), dev.evaluate(x, y));
    }

    private static Tensor labels(Generator g, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = (int) (g.nextDouble() * classes);
        return Tensor.of(y, n);
    }

    @Test
    void anMlpWithDropout() {
        Generator g = new Generator(1);
        trainsTheSameOnBothDevices(() -> new Sequential(new Dense(16, "relu"), new Dropout(0.3), new Dense(3)),
                Tensor.randn(g, 64, 7), labels(g, 64, 3), 7);
    }

    @Test
    void aCnnWithBatchNormalizationAndPooling() {
        Generator g = new Generator(2);
        trainsTheSameOnBothDevices(() -> new Sequential(new Conv2D(4, 3, "relu"), new BatchNormalization(), new MaxPool2D(2),
                new Flatten(), new Dense(3)), Tensor.randn(g, 48, 1, 8, 8), labels(g, 48, 3), 1, 8, 8);
    }

    @Test
    void aTransformerEncoderWithCausalMaskAndSinusoidalPositions() {
        Generator g = new Generator(4);
        int[] tokens = new int[32 * 5];
        for (int i = 0; i < tokens.length; i++) tokens[i] = (int) (g.nextDouble() * 20);   // 0 is padding
        trainsTheSameOnBothDevices(() -> new Sequential(new Embedding(20, 8).maskZero(true), PositionalEmbedding.sinusoidal(),
                        new TransformerEncoder(16, 2).useCausalMask(true), new GlobalAveragePooling1D(), new Dense(2)),
                Tensor.of(tokens, 32, 5), labels(g, 32, 2), 5);
    }

    @Test
    void anEmbeddingAndLstm() {
        Generator g = new Generator(3);
        int[] tokens = new int[48 * 6];
        for (int i = 0; i < tokens.length; i++) tokens[i] = 1 + (int) (g.nextDouble() * 19);
        trainsTheSameOnBothDevices(() -> new Sequential(new Embedding(20, 8), new LSTM(8), new Dense(2)),
                Tensor.of(tokens, 48, 6), labels(g, 48, 2), 6);
    }
}
