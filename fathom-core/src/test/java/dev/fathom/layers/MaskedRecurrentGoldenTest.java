package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.losses.Golden;
import dev.fathom.models.Sequential;
import dev.fathom.tensor.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Masked SimpleRNN, LSTM, GRU and Bidirectional against PyTorch's nn.RNN, nn.LSTM and nn.GRU on
 * packed sequences (pack_padded_sequence, then pad_packed_sequence), given the same weights, inputs
 * and initial states (src/test/python/make_golden_masked_recurrent.py): right-padded batches of
 * different lengths whose padded steps hold random values, so a layer that read them would differ.
 * The whole sequence (zeros at padded steps), the last output and the final states, in float64.
 */
class MaskedRecurrentGoldenTest {
    private static final double TOL = 1e-12;
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/masked_recurrent.txt");

    @Test
    void everyCaseMatchesPackedSequencesInPyTorch() {
        assertEquals(8, CASES.size(), "cases in masked_recurrent.txt");
        for (Golden.Case c : CASES) {
            check(c, true);
            check(c, false);
        }
    }

    private static void check(Golden.Case c, boolean sequences) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], features = s[2], units = s[3];
        int[] lengths = c.ints("lengths");
        boolean bi = c.str("bidirectional").equals("true");
        String kind = c.str("kind");
        String what = c.name() + (sequences ? " (returnSequences)" : " (last output)");
        Recurrent<?> inner = layer(kind, units).returnSequences(sequences);
        Layer layer = bi ? new Bidirectional(inner) : inner;
        LayerTester.build(layer, time, features);
        loadWeights(c, layer, bi);
        Tensor x = Tensor.of(c.nums("x"), batch, time, features);
        int dirs = bi ? 2 : 1;
        List<Tensor> initial = new ArrayList<>();
        if (c.has("h0")) {
            for (int d = 0; d < dirs; d++) {
                initial.add(direction(c.nums("h0"), d, batch, units));
                if (c.has("c0")) initial.add(direction(c.nums("c0"), d, batch, units));
            }
        }
        Tensor mask = lengthMask(lengths, time);
        List<Tensor> out = bi ? ((Bidirectional) layer).callWithStates(x, mask, initial, false)
                : inner.callWithStates(x, mask, initial, false);

        double[] hn = c.nums("h_n");
        if (sequences) {
            assertArrayEquals(new int[] {batch, time, dirs * units}, out.get(0).shape(), what);
            assertArrayEquals(c.nums("output"), out.get(0).toDoubleArray(), TOL, what + ": output sequence");
        } else {
            assertArrayEquals(lastOutput(hn, batch, dirs, units), out.get(0).toDoubleArray(), TOL, what + ": last output");
        }
        int perDirection = kind.equals("LSTM") ? 2 : 1;
        assertEquals(1 + dirs * perDirection, out.size(), what + ": output and states");
        for (int d = 0; d < dirs; d++) {
            Tensor h = out.get(1 + d * perDirection);
            assertArrayEquals(direction(hn, d, batch, units).toDoubleArray(), h.toDoubleArray(), TOL, what + ": h_n " + d);
            if (perDirection == 2) {
                Tensor cn = out.get(2 + d * perDirection);
                assertArrayEquals(direction(c.nums("c_n"), d, batch, units).toDoubleArray(), cn.toDoubleArray(), TOL,
                        what + ": c_n " + d);
            }
        }
    }

    /**
     * The same cases through a model: zeros in the padded steps, {@code Masking(0)} makes the mask and
     * the model hands it to the recurrent layer, whose last output must be PyTorch's h_n.
     */
    @Test
    void aMaskingLayerInAModelGivesTheSameLastOutput() {
        for (Golden.Case c : CASES) {
            if (c.has("h0")) continue;   // a model starts from zero states
            int[] s = c.ints("sizes");
            int batch = s[0], time = s[1], features = s[2], units = s[3];
            int[] lengths = c.ints("lengths");
            boolean bi = c.str("bidirectional").equals("true");
            Recurrent<?> inner = layer(c.str("kind"), units);
            Layer layer = bi ? new Bidirectional(inner) : inner;
            Sequential model = new Sequential(new Masking(0.0), layer).build(time, features);
            loadWeights(c, layer, bi);
            double[] x = c.nums("x");
            for (int b = 0; b < batch; b++)
                for (int t = lengths[b]; t < time; t++)
                    for (int f = 0; f < features; f++) x[(b * time + t) * features + f] = 0;
            Tensor y = model.call(Tensor.of(x, batch, time, features), false);
            assertArrayEquals(lastOutput(c.nums("h_n"), batch, bi ? 2 : 1, units), y.toDoubleArray(), TOL,
                    c.name() + " through Sequential(Masking, ...)");
        }
    }

    /** PyTorch's h_n of both directions, concatenated per sample: what the last output holds. */
    private static double[] lastOutput(double[] hn, int batch, int dirs, int units) {
        double[] last = new double[batch * dirs * units];
        for (int b = 0; b < batch; b++)
            for (int d = 0; d < dirs; d++)
                System.arraycopy(hn, (d * batch + b) * units, last, (b * dirs + d) * units, units);
        return last;
    }

    /** {@code [batch, time]}: 1 for the first {@code lengths[b]} steps of sample b, 0 after. */
    static Tensor lengthMask(int[] lengths, int time) {
        double[] m = new double[lengths.length * time];
        for (int b = 0; b < lengths.length; b++) for (int t = 0; t < lengths[b]; t++) m[b * time + t] = 1;
        return Tensor.of(m, lengths.length, time);
    }

    private static void loadWeights(Golden.Case c, Layer layer, boolean bi) {
        List<String> names = new ArrayList<>();
        for (String suffix : bi ? List.of("", "_reverse") : List.of("")) {
            for (String n : List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")) names.add(n + suffix);
        }
        assertEquals(names.size(), layer.weights().size(), c.name() + ": weights");
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < names.size(); i++) {
                Tensor w = layer.weights().get(i).value();
                w.assign(Tensor.of(c.nums(names.get(i)), w.shape()));
            }
        }
    }

    private static Recurrent<?> layer(String kind, int units) {
        Initializer init = cast(DType.FLOAT64, Initializer.zeros());
        Recurrent<?> r = switch (kind) {
            case "SimpleRNN" -> new SimpleRNN(units);
            case "LSTM" -> new LSTM(units);
            case "GRU" -> new GRU(units);
            default -> throw new AssertionError(kind);
        };
        r.kernelInitializer(init).recurrentInitializer(init).biasInitializer(init);
        return r;
    }

    /** Direction d of a PyTorch state [directions, batch, units]. */
    private static Tensor direction(double[] state, int d, int batch, int units) {
        double[] v = new double[batch * units];
        System.arraycopy(state, d * batch * units, v, 0, v.length);
        return Tensor.of(v, batch, units);
    }
}
