package dev.fathom.models;

import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Padding;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small data sets and models shared by the training-infrastructure tests. */
final class Fixtures {
    private Fixtures() {}

    /** Three Gaussian blobs in 2-D: x [n, 2], y [n] class indices. */
    static Tensor[] blobs(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            x[2 * i] = (float) (Math.cos(y[i] * 2.1) * 3 + g.nextNormal() * 0.5);
            x[2 * i + 1] = (float) (Math.sin(y[i] * 2.1) * 3 + g.nextNormal() * 0.5);
        }
        return new Tensor[] {Tensor.of(x, n, 2), Tensor.of(y)};
    }

    /** Tiny 1-channel 8x8 "images" whose class is the quadrant holding a bright square: x [n, 1, 8, 8], y [n]. */
    static Tensor[] images(long seed, int n) {
        Generator g = new Generator(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 4;
            int r0 = (y[i] / 2) * 4;
            int c0 = (y[i] % 2) * 4;
            for (int p = 0; p < 64; p++) x[i * 64 + p] = (float) (g.nextNormal() * 0.3);
            for (int r = r0; r < r0 + 3; r++) for (int c = c0; c < c0 + 3; c++) x[i * 64 + r * 8 + c] += 1.5f;
        }
        return new Tensor[] {Tensor.of(x, n, 1, 8, 8), Tensor.of(y)};
    }

    /** A small convolutional classifier with every kind of state: Conv2D, BatchNormalization, Dropout, Dense. */
    static Sequential convNet(long seed) {
        return convNet(seed, new Dropout(0.25));
    }

    /** {@link #convNet(long)} with the given Dropout layer (at index 4). */
    static Sequential convNet(long seed, Dropout dropout) {
        var model = new Sequential(
                new Conv2D(4, 3, "relu").padding(Padding.SAME),
                new BatchNormalization().momentum(0.9),
                new MaxPool2D(2),
                new Flatten(),
                dropout,
                new Dense(8, "relu"),
                new Dense(4));
        model.seed(seed);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        return model;
    }

    /** A stream that swallows output; the returned buffer holds what was printed. */
    static ByteArrayOutputStream capture(Model model) {
        var buffer = new ByteArrayOutputStream();
        model.output(new PrintStream(buffer, true));
        return buffer;
    }

    /** Asserts two models hold bit-identical weights, weight by weight. */
    static void assertSameWeights(Model a, Model b) {
        List<Tensor> wa = a.copyWeights();
        List<Tensor> wb = b.copyWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i).toFloatArray(), wb.get(i).toFloatArray(), 0f,
                    "weight " + i + " (" + a.weights().get(i).name() + ")");
        }
    }

    /** Whether two models' weights differ anywhere. */
    static boolean weightsDiffer(Model a, Model b) {
        List<Tensor> wa = a.copyWeights();
        List<Tensor> wb = b.copyWeights();
        for (int i = 0; i < wa.size(); i++) {
            if (!java.util.Arrays.equals(wa.get(i).toFloatArray(), wb.get(i).toFloatArray())) return true;
        }
        return false;
    }

    /** Labels shuffled against the inputs, so validation loss rises as the model fits the real ones. */
    static Tensor wrongLabels(Tensor y, int classes) {
        int[] v = y.toIntArray();
        for (int i = 0; i < v.length; i++) v[i] = (v[i] + 1) % classes;
        return Tensor.of(v);
    }

    static Dense dense(Model m, int layer) {
        return (Dense) m.layers().get(layer);
    }
}
