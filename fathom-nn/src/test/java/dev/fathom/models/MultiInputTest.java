package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.layers.Layer;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The multi-input contract of Model, through a minimal two-input model: out = dense_a(a) + dense_b(b). */
class MultiInputTest {

    static final class TwoTower extends Model {
        final Dense a = (Dense) new Dense(1).name("a");
        final Dense b = (Dense) new Dense(1).name("b");
        boolean built;

        TwoTower() {
            Generator g = new Generator(1);
            a.build(new int[] {3}, g);
            b.build(new int[] {2}, g);
            built = true;
        }

        @Override public List<Layer> layers() { return List.of(a, b); }
        @Override public boolean isBuilt() { return built; }
        @Override public int[] inputShape() { return new int[] {3}; }
        @Override public List<int[]> inputShapes() { return List.of(new int[] {3}, new int[] {2}); }
        @Override public int[] outputShape() { return new int[] {1}; }
        @Override public Model build(int... inputShape) { return this; }

        @Override
        public Tensor call(Tensor x, boolean training) {
            throw new IllegalArgumentException("TwoTower takes two inputs");
        }

        @Override
        public Tensor call(List<Tensor> inputs, boolean training) {
            return a.call(inputs.get(0), training).add(b.call(inputs.get(1), training));
        }
    }

    private static Tensor[] data(int n) {
        Generator g = new Generator(2);
        float[] xa = new float[n * 3];
        float[] xb = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) xa[i * 3 + j] = (float) g.nextNormal();
            for (int j = 0; j < 2; j++) xb[i * 2 + j] = (float) g.nextNormal();
            y[i] = 2 * xa[i * 3] - xb[i * 2 + 1];  // needs the same sample from both inputs
        }
        return new Tensor[] {Tensor.of(xa, n, 3), Tensor.of(xb, n, 2), Tensor.of(y, n, 1)};
    }

    @Test
    void fitsEvaluatesAndPredictsWithSampleAlignedBatches() {
        Tensor[] d = data(128);
        var m = new TwoTower();
        m.compile(new Adam(0.05), new MeanSquaredError());
        History h = m.fit(List.of(d[0], d[1]), d[2], Fit.epochs(40).batchSize(16).silent()
                .validationData(List.of(d[0], d[1]), d[2]));
        // If batches took different samples from each input, y could not be learnt.
        assertTrue(h.last("val_loss") < 1e-3, h.toString());
        assertTrue(m.evaluate(List.of(d[0], d[1]), d[2]).get("loss") < 1e-3);
        assertArrayEquals(new int[] {128, 1}, m.predict(List.of(d[0], d[1])).shape());
    }

    @Test
    void errorsNameTheInput() {
        Tensor[] d = data(8);
        var m = new TwoTower();
        var shape = assertThrows(ShapeException.class, () -> m.predict(List.of(d[0], Tensor.zeros(8, 5))));
        assertTrue(shape.getMessage().contains("input 1 has samples of shape [5]")
                && shape.getMessage().contains("input 1 was built for [batch, 2]"), shape.getMessage());
        var count = assertThrows(ShapeException.class, () -> m.predict(List.of(d[0], Tensor.zeros(7, 2))));
        assertTrue(count.getMessage().contains("input 1 has 7"), count.getMessage());
        var number = assertThrows(IllegalArgumentException.class, () -> m.predict(List.of(d[0])));
        assertTrue(number.getMessage().contains("takes 2 inputs but got 1"), number.getMessage());
    }

    @Test
    void singleInputModelsTakeAOneElementListAndRefuseMore() {
        var s = new Sequential(new Dense(2)).seed(1);
        Tensor x = Tensor.ones(4, 3);
        assertArrayEquals(s.predict(x).toFloatArray(), s.predict(List.of(x)).toFloatArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> s.predict(List.of(x, x)));
        assertTrue(e.getMessage().contains("takes 1 input but got 2"), e.getMessage());
        assertTrue(s.inputShapes().size() == 1 && s.inputShapes().get(0)[0] == 3);
    }
}
