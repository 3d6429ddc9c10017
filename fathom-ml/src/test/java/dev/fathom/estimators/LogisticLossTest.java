package dev.fathom.estimators;

import dev.fathom.backend.Threads;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both kernels of {@link LogisticLoss} against the objective written out plainly, row by row. */
class LogisticLossTest {

    /** Rows that end mid-tile and mid-block, features that end mid-vector, class weights: enough work for several threads. */
    private static final int N = 28 * LogisticRegression.BLOCK + 37;
    private static final int F = 37;

    private record Data(double[] x, int[] labels, double[] weights, double[] w) {}

    private static Data data(int outputs, boolean intercept, long seed) {
        Random r = new Random(seed);
        double[] x = new double[N * F];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * (1 + i % F);
        int classes = Math.max(2, outputs);
        int[] labels = new int[N];
        double[] weights = new double[N];
        for (int i = 0; i < N; i++) {
            labels[i] = r.nextInt(classes);
            weights[i] = 0.5 + labels[i];
        }
        double[] w = new double[F * outputs + (intercept ? outputs : 0)];
        // large enough that some logits pass ±30: the loss must stay finite where e^z overflows
        for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian() * 1.5;
        return new Data(x, labels, weights, w);
    }

    /** The objective and gradient as the class documents them, summed row by row with no tricks. */
    private static double reference(Data d, int k, boolean intercept, double c, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double loss = 0;
        for (int i = 0; i < N; i++) {
            double s = d.weights[i];
            int y = d.labels[i];
            if (k == 1) {
                double z = intercept ? d.w[F] : 0;
                for (int j = 0; j < F; j++) z += d.x[i * F + j] * d.w[j];
                loss += s * (Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z);
                double r = s * ((z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))) - y);
                for (int j = 0; j < F; j++) grad[j] += r * d.x[i * F + j];
                if (intercept) grad[F] += r;
            } else {
                double[] z = new double[k];
                for (int m = 0; m < k; m++) {
                    z[m] = intercept ? d.w[F * k + m] : 0;
                    for (int j = 0; j < F; j++) z[m] += d.x[i * F + j] * d.w[j * k + m];
                }
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) max = Math.max(max, v);
                for (double v : z) sum += Math.exp(v - max);
                loss += s * (Math.log(sum) + max - z[y]);
                for (int m = 0; m < k; m++) {
                    double r = s * (Math.exp(z[m] - max) / sum - (m == y ? 1 : 0));
                    for (int j = 0; j < F; j++) grad[j * k + m] += r * d.x[i * F + j];
                    if (intercept) grad[F * k + m] += r;
                }
            }
        }
        for (int i = 0; i < F * k; i++) {
            loss += d.w[i] * d.w[i] / (2 * c);
            grad[i] += d.w[i] / c;
        }
        for (int i = 0; i < grad.length; i++) grad[i] /= N;
        return loss / N;
    }

    private static void check(int outputs, boolean intercept) throws Exception {
        Data d = data(outputs, intercept, 7 + outputs);
        double c = 0.7;
        double[] expected = new double[d.w.length];
        double expectedLoss = reference(d, outputs, intercept, c, expected);
        for (boolean vector : new boolean[] {false, true}) {
            String what = (vector ? "vector" : "scalar") + " kernel, " + outputs + " outputs, intercept " + intercept;
            LogisticLoss loss = new LogisticLoss(d.x, N, F, d.labels, d.weights, outputs, intercept, c, vector);
            double[] grad = new double[d.w.length];
            double value = loss.evaluate(d.w, grad);
            assertTrue(Double.isFinite(value), what + ": loss " + value);
            assertEquals(expectedLoss, value, 1e-12 * Math.abs(expectedLoss), what + ": loss");
            for (int i = 0; i < grad.length; i++) {
                assertEquals(expected[i], grad[i], 1e-10 * (1 + Math.abs(expected[i])), what + ": gradient " + i);
            }
            double[] serial = new double[d.w.length];
            double serialValue = Threads.serially(() -> loss.evaluate(d.w, serial));
            assertEquals(value, serialValue, 0.0, what + ": the loss on one thread");
            assertArrayEquals(grad, serial, 0.0, what + ": the gradient on one thread");
        }
    }

    @Test
    void twoClassesMatchTheObjectiveOnBothKernels() throws Exception {
        check(1, true);
        check(1, false);
    }

    @Test
    void moreClassesMatchTheObjectiveOnBothKernels() throws Exception {
        check(3, true);
        check(10, false);
        check(5, true);
    }

    /**
     * Float32 rows read as they are, plain and as {@code (x − shift) / scale} (a standard scaler's
     * rows, which {@link LogisticRegression#fitStandardized} fits without the copy): the objective
     * of the float64 rows those stand for, on both kernels and any number of threads.
     */
    @Test
    void float32RowsWithAShiftAndAScaleMatchTheStandardizedObjective() throws Exception {
        for (int outputs : new int[] {1, 3}) {
            for (boolean standardized : new boolean[] {false, true}) {
                Data d = data(outputs, true, 11 + outputs);
                double[] shift = new double[F], scale = new double[F];
                for (int j = 0; j < F; j++) {
                    shift[j] = standardized ? 3.0 * j - 20 : 0;
                    scale[j] = standardized ? 0.5 + j : 1;
                }
                float[] raw = new float[N * F];
                double[] rows = new double[N * F];
                for (int i = 0; i < raw.length; i++) {
                    int j = i % F;
                    raw[i] = (float) (d.x[i] * scale[j] + shift[j]);
                    rows[i] = (raw[i] - shift[j]) / scale[j];
                }
                Data meant = new Data(rows, d.labels, d.weights, d.w);
                double c = 0.7;
                double[] expected = new double[d.w.length];
                double expectedLoss = reference(meant, outputs, true, c, expected);
                for (boolean vector : new boolean[] {false, true}) {
                    String what = (vector ? "vector" : "scalar") + " kernel, " + outputs + " outputs, standardized " + standardized;
                    LogisticLoss loss = standardized
                            ? new LogisticLoss(raw, shift, scale, N, F, d.labels, d.weights, outputs, true, c, vector)
                            : new LogisticLoss(raw, null, null, N, F, d.labels, d.weights, outputs, true, c, vector);
                    double[] grad = new double[d.w.length];
                    double value = loss.evaluate(d.w, grad);
                    assertEquals(expectedLoss, value, 1e-12 * Math.abs(expectedLoss), what + ": loss");
                    for (int i = 0; i < grad.length; i++) {
                        assertEquals(expected[i], grad[i], 1e-10 * (1 + Math.abs(expected[i])), what + ": gradient " + i);
                    }
                    double[] serial = new double[d.w.length];
                    double serialValue = Threads.serially(() -> loss.evaluate(d.w, serial));
                    assertEquals(value, serialValue, 0.0, what + ": the loss on one thread");
                    assertArrayEquals(grad, serial, 0.0, what + ": the gradient on one thread");
                }
            }
        }
    }
}
