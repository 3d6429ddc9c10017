package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;

/**
 * {@code log(softmax(x))} along one axis of a dense array in one pass per row: the row's max, the
 * sum of {@code e^(x - max)}, then {@code (x - max) - log(sum)}. Composed from tensor ops it takes a
 * dozen (max, a guard for infinite rows, sub, exp, sum, log, add, sub) each with its own result
 * and backward node: for a classifier's [32, 10] logits that was a sixth of a small MLP's training
 * step, the kernel about a thirtieth (1.2 µs of a 33 µs step).
 *
 * <p>A row whose max is infinite (all -inf, or a +inf) shifts by 0, as the composed form did: an
 * all -inf row gives NaN (as PyTorch's log_softmax), a +inf gives -inf for the finite entries
 * and NaN for itself; a NaN anywhere makes the row NaN. float32 rows use {@link VectorMath}'s exp,
 * with the same bits in compiled and interpreted code, and sum in double.
 */
final class LogSoftmaxKernel {
    private LogSoftmaxKernel() {}

    /**
     * {@code out[o, k, i] = x[o, k, i] - max - log(sum_k e^(x[o, k, i] - max))} over {@code outer}
     * blocks of {@code n} rows (the softmax axis) of {@code inner} values, both arrays dense from
     * their offsets.
     */
    static void run(Object x, int xo, Object out, int oo, int outer, int n, int inner) {
        if (outer == 0 || n == 0 || inner == 0) return;
        int lines = outer * inner;
        int grain = Math.max(1, StridedLoop.PARALLEL_GRAIN / n);
        if (x instanceof float[] fx && out instanceof float[] fo) {
            if (inner == 1) {
                Parallel.forRange(outer, grain, (start, end) -> floatRows(fx, xo, fo, oo, start, end, n));
            } else {
                Parallel.forRange(lines, grain, (start, end) -> {
                    for (int line = start; line < end; line++) floatLine(fx, fo, base(line, n, inner) + xo, base(line, n, inner) + oo, n, inner);
                });
            }
        } else if (x instanceof double[] dx && out instanceof double[] dout) {
            Parallel.forRange(lines, grain, (start, end) -> {
                for (int line = start; line < end; line++) doubleLine(dx, dout, base(line, n, inner) + xo, base(line, n, inner) + oo, n, inner);
            });
        } else {
            throw new IllegalArgumentException("logSoftmax needs float32 or float64 arrays, got "
                    + x.getClass().getSimpleName() + " and " + out.getClass().getSimpleName());
        }
    }

    /** Where line {@code line} (one softmax over n values, {@code inner} apart) starts. */
    private static int base(int line, int n, int inner) {
        return (line / inner) * n * inner + line % inner;
    }

    /** Rows {@code [start, end)} of n contiguous floats: the shifted values, then one vectorised exp over them all. */
    private static void floatRows(float[] x, int xo, float[] out, int oo, int start, int end, int n) {
        float[] shifts = new float[end - start];
        for (int r = start; r < end; r++) {
            int b = r * n;
            float shift = shift(x, xo + b, 1, n);
            shifts[r - start] = shift;
            for (int k = 0; k < n; k++) out[oo + b + k] = x[xo + b + k] - shift;
        }
        int from = oo + start * n;
        int count = (end - start) * n;
        for (int i = from + VectorMath.exp(out, from, out, from, count); i < from + count; i++) out[i] = VectorMath.exp(out[i]);
        for (int r = start; r < end; r++) {
            int b = r * n;
            double sum = 0;
            for (int k = 0; k < n; k++) sum += out[oo + b + k];
            float logSum = (float) Math.log(sum);
            float shift = shifts[r - start];
            for (int k = 0; k < n; k++) out[oo + b + k] = (x[xo + b + k] - shift) - logSum;
        }
    }

    /** One softmax over n floats {@code stride} apart, with the same arithmetic as {@link #floatRows}. */
    private static void floatLine(float[] x, float[] out, int xb, int ob, int n, int stride) {
        float shift = shift(x, xb, stride, n);
        double sum = 0;
        for (int k = 0; k < n; k++) sum += VectorMath.exp(x[xb + k * stride] - shift);
        float logSum = (float) Math.log(sum);
        for (int k = 0; k < n; k++) out[ob + k * stride] = (x[xb + k * stride] - shift) - logSum;
    }

    private static void doubleLine(double[] x, double[] out, int xb, int ob, int n, int stride) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            double v = x[xb + k * stride];
            max = v > max ? v : max;   // as in shift(float[], ...)
        }
        double shift = Double.isInfinite(max) ? 0 : max;
        double sum = 0;
        for (int k = 0; k < n; k++) sum += Math.exp(x[xb + k * stride] - shift);
        double logSum = Math.log(sum);
        for (int k = 0; k < n; k++) out[ob + k * stride] = (x[xb + k * stride] - shift) - logSum;
    }

    /**
     * The row's max, or 0 when it is infinite (shifting by it would give inf - inf). NaNs are passed
     * over (a plain compare, cheaper than Math.max): e^NaN makes the row's sum, and so the row, NaN.
     */
    private static float shift(float[] x, int b, int stride, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            float v = x[b + k * stride];
            max = v > max ? v : max;
        }
        return Float.isInfinite(max) ? 0f : max;
    }
}
