package dev.fathom.estimators;

import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** k-NN over more query-by-training distances than one block holds finds what an exhaustive search finds. */
class NeighboursBlockTest {
    @Test
    void blocksOfQueriesFindTheExactNeighbours() {
        int n = 2100, q = 2100, f = 3;
        assertTrue((long) n * q > Neighbours.BLOCK_ENTRIES, "the queries span more than one block");
        Random r = new Random(5);
        float[] train = new float[n * f], query = new float[q * f];
        float[] y = new float[n];
        for (int i = 0; i < train.length; i++) train[i] = (float) r.nextGaussian();
        for (int i = 0; i < query.length; i++) query[i] = (float) r.nextGaussian();
        for (int i = 0; i < n; i++) y[i] = (float) r.nextGaussian();
        float[] got = new KNeighborsRegressor(3).fit(Tensor.of(train, n, f), Tensor.of(y, n)).predict(Tensor.of(query, q, f)).toFloatArray();
        float[] expected = new float[q];
        for (int j = 0; j < q; j++) {
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            int[] at = new int[3];
            for (int i = 0; i < n; i++) {
                double d = 0;
                for (int c = 0; c < f; c++) d += Math.pow(query[j * f + c] - train[i * f + c], 2);
                for (int s = 0; s < 3; s++) {
                    if (d < best[s]) {
                        for (int m = 2; m > s; m--) {
                            best[m] = best[m - 1];
                            at[m] = at[m - 1];
                        }
                        best[s] = d;
                        at[s] = i;
                        break;
                    }
                }
            }
            expected[j] = (float) ((y[at[0]] + (double) y[at[1]] + y[at[2]]) / 3);
        }
        assertArrayEquals(expected, got, 1e-6f);
    }
}
