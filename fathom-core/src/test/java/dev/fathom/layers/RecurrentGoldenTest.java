package dev.fathom.layers;

import dev.fathom.losses.Golden;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * SimpleRNN, LSTM, GRU and Bidirectional against PyTorch's nn.RNN, nn.LSTM and nn.GRU given the
 * same weights, inputs and initial states (src/test/python/make_golden_recurrent.py): the whole
 * sequence, the last output and the final states, in float64.
 */
class RecurrentGoldenTest {
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
        String what = c.name() + (sequences ? " (returnSequences)" : " (last output)");
        Recurrent<?> inner = RecurrentGolden.layer(c.str("kind"), units);
        inner.activation(c.str("activation")).useBias(c.str("bias").equals("true")).returnSequences(sequences);
        Layer layer = bi ? new Bidirectional(inner) : inner;
        LayerTester.build(layer, time, features);
        RecurrentGolden.loadWeights(c, layer, bi);
        Tensor x = Tensor.of(c.nums("x"), batch, time, features);
        List<Tensor> initial = RecurrentGolden.initialStates(c, bi ? 2 : 1, batch, units);
        List<Tensor> out = bi ? ((Bidirectional) layer).callWithStates(x, initial, false)
                : inner.callWithStates(x, initial, false);
        RecurrentGolden.assertMatches(c, out, sequences, what);
    }
}
