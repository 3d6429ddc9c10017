package dev.fathom.layers;

import dev.fathom.testing.Golden;
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
            RecurrentGolden.check(c, () -> RecurrentGolden.layer(c).activation(c.str("activation"))
                    .useBias(c.str("bias").equals("true")), null);
        }
    }
}
