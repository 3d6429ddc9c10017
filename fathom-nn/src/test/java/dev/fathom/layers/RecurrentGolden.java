package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the recurrent golden tests share: a PyTorch case (from make_golden_recurrent.py or
 * make_golden_masked_recurrent.py) loaded into a Fathom layer, and Fathom's outputs and final states
 * compared with PyTorch's. PyTorch lays a state out as [directions, batch, units]; Fathom returns one
 * [batch, units] tensor per direction and state.
 *
 * <pre>{@code
 * for (Golden.Case c : Golden.load("/golden/layers/recurrent.txt")) {
 *     RecurrentGolden.check(c, () -> RecurrentGolden.layer(c).activation(c.str("activation")), null);
 * }
 * }</pre>
 */
final class RecurrentGolden {
    /** Fathom and PyTorch agree to this in float64. */
    static final double TOL = 1e-12;

    private RecurrentGolden() {}

    /**
     * Checks one case twice, with {@code returnSequences} and with the last output only: builds the
     * layer ({@code layer} gives a fresh one each time, wrapped in Bidirectional when the case is),
     * loads the case's weights, runs it from the case's initial states skipping what {@code mask}
     * marks (null for no mask) and asserts PyTorch's output and final states.
     */
    static void check(Golden.Case c, Supplier<Recurrent<?>> layer, Tensor mask) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], features = s[2], units = s[3];
        boolean bi = c.str("bidirectional").equals("true");
        for (boolean sequences : new boolean[] {true, false}) {
            Recurrent<?> inner = layer.get().returnSequences(sequences);
            Layer built = bi ? new Bidirectional(inner) : inner;
            LayerTester.build(built, time, features);
            loadWeights(c, built, bi);
            Tensor x = Tensor.of(c.nums("x"), batch, time, features);
            List<Tensor> initial = initialStates(c, bi ? 2 : 1, batch, units);
            // Without a mask, the overload without one, as users call it.
            List<Tensor> out;
            if (built instanceof Bidirectional b) {
                out = mask == null ? b.callWithStates(x, initial, false) : b.callWithStates(x, mask, initial, false);
            } else {
                out = mask == null ? inner.callWithStates(x, initial, false) : inner.callWithStates(x, mask, initial, false);
            }
            assertMatches(c, out, sequences, c.name() + (sequences ? " (returnSequences)" : " (last output)"));
        }
    }

    /** The case's layer ({@code kind} and the units in {@code sizes}), as {@link #layer(String, int)} makes it. */
    static Recurrent<?> layer(Golden.Case c) {
        return layer(c.str("kind"), c.ints("sizes")[3]);
    }

    /** A float64 SimpleRNN, LSTM or GRU whose weights start at zero, to be overwritten by {@link #loadWeights}. */
    static Recurrent<?> layer(String kind, int units) {
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

    /** Assigns PyTorch's weights (weight_ih_l0, weight_hh_l0, the biases when the case has them; *_reverse after). */
    static void loadWeights(Golden.Case c, Layer layer, boolean bidirectional) {
        List<String> names = new ArrayList<>();
        for (String suffix : bidirectional ? List.of("", "_reverse") : List.of("")) {
            names.add("weight_ih_l0" + suffix);
            names.add("weight_hh_l0" + suffix);
            if (c.has("bias_ih_l0")) {
                names.add("bias_ih_l0" + suffix);
                names.add("bias_hh_l0" + suffix);
            }
        }
        assertEquals(names.size(), layer.weights().size(), c.name() + ": weights");
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < names.size(); i++) {
                Tensor w = layer.weights().get(i).value();
                w.assign(Tensor.of(c.nums(names.get(i)), w.shape()));
            }
        }
    }

    /** The case's h0 (and c0) in Fathom's order, h then c for each direction; empty when the case starts from zeros. */
    private static List<Tensor> initialStates(Golden.Case c, int dirs, int batch, int units) {
        List<Tensor> initial = new ArrayList<>();
        if (c.has("h0")) {
            double[] h0 = c.nums("h0");
            double[] c0 = c.has("c0") ? c.nums("c0") : null;
            for (int d = 0; d < dirs; d++) {
                initial.add(direction(h0, d, batch, units));
                if (c0 != null) initial.add(direction(c0, d, batch, units));
            }
        }
        return initial;
    }

    /**
     * Asserts that {@code out} ({@code callWithStates}: the output, then each direction's states) is
     * PyTorch's: the whole sequence or the last output, and h_n (and c_n) of every direction.
     */
    private static void assertMatches(Golden.Case c, List<Tensor> out, boolean sequences, String what) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], units = s[3];
        int dirs = c.str("bidirectional").equals("true") ? 2 : 1;
        double[] hn = c.nums("h_n");
        if (sequences) {
            assertArrayEquals(new int[] {batch, time, dirs * units}, out.get(0).shape(), what);
            assertArrayEquals(c.nums("output"), out.get(0).toDoubleArray(), TOL, what + ": output sequence");
        } else {
            assertArrayEquals(lastOutput(hn, batch, dirs, units), out.get(0).toDoubleArray(), TOL, what + ": last output");
        }
        int perDirection = c.str("kind").equals("LSTM") ? 2 : 1;
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

    /** PyTorch's h_n of both directions, concatenated per sample: what the last output holds. */
    static double[] lastOutput(double[] hn, int batch, int dirs, int units) {
        double[] last = new double[batch * dirs * units];
        for (int b = 0; b < batch; b++)
            for (int d = 0; d < dirs; d++)
                System.arraycopy(hn, (d * batch + b) * units, last, (b * dirs + d) * units, units);
        return last;
    }

    /** Direction d of a PyTorch state [directions, batch, units]. */
    private static Tensor direction(double[] state, int d, int batch, int units) {
        double[] v = new double[batch * units];
        System.arraycopy(state, d * batch * units, v, 0, v.length);
        return Tensor.of(v, batch, units);
    }
}
