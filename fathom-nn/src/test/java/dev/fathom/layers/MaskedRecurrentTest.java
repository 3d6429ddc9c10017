package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.GradCheck;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static dev.fathom.layers.LayerTester.build;
import static dev.fathom.layers.LayerTester.uniform;
import static dev.fathom.layers.MaskedRecurrentGoldenTest.lengthMask;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recurrent layers with a mask of padded steps: float64 gradient checks through time for each layer
 * (no gradient may reach a padded step), a padded batch equals each sequence run alone at its own
 * length, and the mask goes on with returnSequences and stops with the last output.
 */
class MaskedRecurrentTest {
    private static final int[] LENGTHS = {4, 1, 3};
    private static final int TIME = 4;
    private static final int FEATURES = 2;

    /** Applies {@code inner} with a fixed mask, so the generic gradient check runs the masked path. */
    private static final class WithMask extends Layer {
        private final Layer inner;
        private final Tensor mask;

        WithMask(Layer inner, Tensor mask) {
            this.inner = inner;
            this.mask = mask;
        }

        @Override
        protected int[] computeOutputShape(int[] in, Generator g) {
            int[] out = inner.build(in, g);
            for (Weight w : inner.weights()) addWeight(w.name(), w.value(), w.trainable(), w.regularizer());
            return out;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return inner.call(x, mask, training);
        }
    }

    private static <L extends Recurrent<L>> L float64(L layer) {
        return layer.kernelInitializer(uniform(DType.FLOAT64, -0.7, 0.7)).recurrentInitializer(uniform(DType.FLOAT64, -0.7, 0.7))
                .biasInitializer(uniform(DType.FLOAT64, -0.5, 0.5));
    }

    private static List<Supplier<Layer>> layers(boolean sequences) {
        return List.of(
                () -> float64(new SimpleRNN(3)).returnSequences(sequences),
                () -> float64(new LSTM(3)).returnSequences(sequences),
                () -> float64(new GRU(3)).returnSequences(sequences),
                () -> float64(new GRU(2)).goBackwards(true).returnSequences(sequences),
                () -> new Bidirectional(float64(new LSTM(2)).returnSequences(sequences)),
                () -> new Bidirectional(float64(new SimpleRNN(2)).returnSequences(sequences), "sum"));
    }

    private static Tensor input() {
        return GradCheck.randn(new Generator(11), LENGTHS.length, TIME, FEATURES);
    }

    @Test
    void gradientsThroughMaskedStepsMatchCentralDifferences() {
        Tensor mask = lengthMask(LENGTHS, TIME);
        for (boolean sequences : new boolean[] {false, true}) {
            for (Supplier<Layer> make : layers(sequences)) {
                Layer inner = make.get();
                WithMask layer = new WithMask(inner, mask);
                build(layer, TIME, FEATURES);
                LayerTester.gradCheck("masked " + inner.typeName() + (sequences ? " sequences" : ""), layer, input(), false);
            }
        }
    }

    @Test
    void noGradientReachesAPaddedStep() {
        Tensor mask = lengthMask(LENGTHS, TIME);
        for (Supplier<Layer> make : layers(true)) {
            Layer layer = make.get();
            build(layer, TIME, FEATURES);
            Tensor x = input().requiresGrad(true);
            layer.call(x, mask, false).sum().backward();
            double[] g = x.grad().toDoubleArray();
            for (int b = 0; b < LENGTHS.length; b++) {
                for (int t = 0; t < TIME; t++) {
                    for (int f = 0; f < FEATURES; f++) {
                        double v = g[(b * TIME + t) * FEATURES + f];
                        if (t >= LENGTHS[b]) assertEquals(0.0, v, 0.0, layer.typeName() + ": padded step " + b + "," + t);
                        else assertTrue(v != 0.0, layer.typeName() + ": real step " + b + "," + t + " got no gradient");
                    }
                }
            }
        }
    }

    /**
     * A padded batch gives each sequence what it gives alone, cut to its length: the same outputs
     * (zeros at the padded steps) and the same final states.
     */
    @Test
    void aPaddedBatchEqualsEachSequenceAlone() {
        Tensor x = input();
        Tensor mask = lengthMask(LENGTHS, TIME);
        for (Supplier<Layer> make : layers(true)) {
            Layer layer = make.get();
            build(layer, TIME, FEATURES);
            List<Tensor> all = withStates(layer, x, mask);
            int width = all.get(0).shape(2);
            for (int b = 0; b < LENGTHS.length; b++) {
                Tensor alone = x.slice(0, b, b + 1).slice(1, 0, LENGTHS[b]);
                Layer cut = make.get();
                build(cut, LENGTHS[b], FEATURES);
                for (int i = 0; i < layer.weights().size(); i++) {
                    try (var scope = dev.fathom.autograd.GradMode.noGrad()) {
                        cut.weights().get(i).value().assign(layer.weights().get(i).value());
                    }
                }
                List<Tensor> one = withStates(cut, alone, null);
                double[] expected = new double[TIME * width];
                // goBackwards returns the outputs in reading order, so a right-padded sequence's zeros come first.
                boolean reversed = layer instanceof Recurrent<?> r && r.goesBackwards();
                int at = reversed ? (TIME - LENGTHS[b]) * width : 0;
                System.arraycopy(one.get(0).toDoubleArray(), 0, expected, at, LENGTHS[b] * width);
                String what = layer.typeName() + " sample " + b;
                assertArrayEquals(expected, all.get(0).slice(0, b, b + 1).toDoubleArray(), 1e-12, what);
                for (int k = 1; k < all.size(); k++) {
                    assertArrayEquals(one.get(k).toDoubleArray(), all.get(k).slice(0, b, b + 1).toDoubleArray(), 1e-12,
                            what + ": final state " + k);
                }
            }
        }
    }

    private static List<Tensor> withStates(Layer layer, Tensor x, Tensor mask) {
        return layer instanceof Bidirectional bi ? bi.callWithStates(x, mask, null, false)
                : ((Recurrent<?>) layer).callWithStates(x, mask, null, false);
    }

    @Test
    void theMaskGoesOnWithTheSequenceAndStopsWithTheLastOutput() {
        Tensor x = input();
        Tensor mask = lengthMask(LENGTHS, TIME);
        LSTM sequences = new LSTM(2).returnSequences(true);
        LSTM last = new LSTM(2);
        build(sequences, TIME, FEATURES);
        build(last, TIME, FEATURES);
        assertTrue(sequences.supportsMasking());
        assertTrue(sequences.outputsMask(true));
        assertSame(mask, sequences.computeMask(x, mask));
        assertEquals(false, last.outputsMask(true));
        assertNull(last.computeMask(x, mask));
        Bidirectional bi = new Bidirectional(new GRU(2).returnSequences(true));
        build(bi, TIME, FEATURES);
        assertSame(mask, bi.computeMask(x, mask));
    }

    @Test
    void aMaskOfTheWrongShapeIsRefusedWithTheShapeItNeeds() {
        LSTM l = new LSTM(2);
        l.name("enc");
        build(l, TIME, FEATURES);
        LayerTester.assertShapeError(() -> l.call(input(), lengthMask(new int[] {1, 2}, TIME), false), "LSTM 'enc'",
                "mask of shape [2, 4]", "[3, 4, 2]", "[batch, time]", "[3, 4]");
    }
}
