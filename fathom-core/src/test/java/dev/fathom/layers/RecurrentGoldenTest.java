package dev.fathom.layers;

import dev.fathom.autograd.GradMode;
import dev.fathom.losses.Golden;
import dev.fathom.tensor.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.fathom.layers.LayerTester.cast;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SimpleRNN, LSTM, GRU and Bidirectional against PyTorch's nn.RNN, nn.LSTM and nn.GRU given the
 * same weights, inputs and initial states (src/test/python/make_golden_recurrent.py): the whole
 * sequence, the last output and the final states, in float64.
 */
class RecurrentGoldenTest {
    private static final double TOL = 1e-12;
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/recurrent.txt");

    @Test
    void everyCaseMatchesPyTorch() {
        assertEquals(10, CASES.size(), "cases in recurrent.txt");
        for (Golden.Case c : CASES) {
            check(c, true);
            check(c, false);
        }
    }

    private static void check(Golden.Case c, boolean sequences) {
        int[] s = c.ints("sizes");
        int batch = s[0], time = s[1], features = s[2], units = s[3];
        boolean bi = c.str("bidirectional").equals("true");
        String kind = c.str("kind");
        String what = c.name() + (sequences ? " (returnSequences)" : " (last output)");
        Recurrent<?> inner = layer(kind, units, c.str("activation"), c.str("bias").equals("true")).returnSequences(sequences);
        Layer layer = bi ? new Bidirectional(inner) : inner;
        LayerTester.build(layer, time, features);
        List<String> names = new ArrayList<>();
        for (String suffix : bi ? List.of("", "_reverse") : List.of("")) {
            names.add("weight_ih_l0" + suffix);
            names.add("weight_hh_l0" + suffix);
            if (c.has("bias_ih_l0")) {
                names.add("bias_ih_l0" + suffix);
                names.add("bias_hh_l0" + suffix);
            }
        }
        assertEquals(names.size(), layer.weights().size(), what + ": weights");
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < names.size(); i++) {
                Tensor w = layer.weights().get(i).value();
                w.assign(Tensor.of(c.nums(names.get(i)), w.shape()));
            }
        }
        Tensor x = Tensor.of(c.nums("x"), batch, time, features);
        int dirs = bi ? 2 : 1;
        List<Tensor> initial = new ArrayList<>();
        if (c.has("h0")) {
            double[] h0 = c.nums("h0");
            double[] c0 = c.has("c0") ? c.nums("c0") : null;
            for (int d = 0; d < dirs; d++) {
                initial.add(direction(h0, d, batch, units));
                if (c0 != null) initial.add(direction(c0, d, batch, units));
            }
        }
        List<Tensor> out = bi ? ((Bidirectional) layer).callWithStates(x, initial, false)
                : inner.callWithStates(x, initial, false);

        double[] output = c.nums("output");
        double[] hn = c.nums("h_n");
        if (sequences) {
            assertArrayEquals(new int[] {batch, time, dirs * units}, out.get(0).shape(), what);
            assertArrayEquals(output, out.get(0).toDoubleArray(), TOL, what + ": output sequence");
        } else {
            // PyTorch's h_n of both directions, concatenated per sample.
            double[] last = new double[batch * dirs * units];
            for (int b = 0; b < batch; b++)
                for (int d = 0; d < dirs; d++)
                    System.arraycopy(hn, (d * batch + b) * units, last, (b * dirs + d) * units, units);
            assertArrayEquals(last, out.get(0).toDoubleArray(), TOL, what + ": last output");
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

    private static Recurrent<?> layer(String kind, int units, String activation, boolean bias) {
        Initializer init = cast(DType.FLOAT64, Initializer.zeros());
        Recurrent<?> r = switch (kind) {
            case "SimpleRNN" -> new SimpleRNN(units);
            case "LSTM" -> new LSTM(units);
            case "GRU" -> new GRU(units);
            default -> throw new AssertionError(kind);
        };
        r.activation(activation).useBias(bias).kernelInitializer(init).recurrentInitializer(init).biasInitializer(init);
        return r;
    }

    /** Direction d of a PyTorch state [directions, batch, units]. */
    private static Tensor direction(double[] state, int d, int batch, int units) {
        double[] v = new double[batch * units];
        System.arraycopy(state, d * batch * units, v, 0, v.length);
        return Tensor.of(v, batch, units);
    }
}
