package dev.fathom.layers;

import dev.fathom.testing.Golden;
import dev.fathom.models.Sequential;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

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
    private static final List<Golden.Case> CASES = Golden.load("/golden/layers/masked_recurrent.txt");

    @Test
    void everyCaseMatchesPackedSequencesInPyTorch() {
        assertEquals(8, CASES.size(), "cases in masked_recurrent.txt");
        for (Golden.Case c : CASES) {
            RecurrentGolden.check(c, () -> RecurrentGolden.layer(c), lengthMask(c.ints("lengths"), c.ints("sizes")[1]));
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
            Recurrent<?> inner = RecurrentGolden.layer(c);
            Layer layer = bi ? new Bidirectional(inner) : inner;
            Sequential model = new Sequential(new Masking(0.0), layer).build(time, features);
            RecurrentGolden.loadWeights(c, layer, bi);
            double[] x = c.nums("x");
            for (int b = 0; b < batch; b++)
                for (int t = lengths[b]; t < time; t++)
                    for (int f = 0; f < features; f++) x[(b * time + t) * features + f] = 0;
            Tensor y = model.call(Tensor.of(x, batch, time, features), false);
            assertArrayEquals(RecurrentGolden.lastOutput(c.nums("h_n"), batch, bi ? 2 : 1, units), y.toDoubleArray(),
                    RecurrentGolden.TOL, c.name() + " through Sequential(Masking, ...)");
        }
    }

    /** {@code [batch, time]}: 1 for the first {@code lengths[b]} steps of sample b, 0 after. */
    static Tensor lengthMask(int[] lengths, int time) {
        double[] m = new double[lengths.length * time];
        for (int b = 0; b < lengths.length; b++) for (int t = 0; t < lengths[b]; t++) m[b * time + t] = 1;
        return Tensor.of(m, lengths.length, time);
    }
}
