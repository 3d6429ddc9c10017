package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Window;

import java.util.Arrays;

/**
 * Max pooling of a convolution one sample at a time ({@link dev.fathom.backend.Backend#convolvePool}):
 * the sample's columns (im2col), the product kernel × columns, the bias and the pooling, while the
 * sample's convolution (86 KB for 32 filters of 26×26) is still in cache. Run as two ops, the batch's
 * convolution (5.5 MB at 64 images) went to memory and back four times (product, bias, the pooling's
 * contiguous copy of the permuted product, pooling), traffic the two cores share: the first block
 * of the Fashion-MNIST CNN ran only 1.3-1.5× faster on two cores than on one.
 *
 * <p>The same products in the same order as {@link Sgemm} over the whole batch, so the same values.
 * The gradients go the same way per sample: the pooled gradient scattered to its winners, the kernel's
 * gradient that times the sample's columns transposed, the input's the kernel transposed times it,
 * folded back (col2im). The per-sample kernel gradients are summed over the samples in order, so the
 * bits do not depend on the threads.
 */
final class ConvPool {
    /**
     * Per-thread scratch, grown as needed and kept: fresh arrays (zeroed by the JVM) made a one-image
     * pass 10% slower than the two ops on pooled buffers.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][0]);

    private ConvPool() {}

    /** This thread's scratch array {@code i}, at least {@code size} long (contents undefined). */
    private static float[] scratch(int i, int size) {
        float[][] s = SCRATCH.get();
        if (s[i].length < size) s[i] = new float[size];
        return s[i];
    }

    /** {@code out (and winners) [n, f, po, qo] = maxPool(x [n, c, h, w] ⋆ k [f, c, kh, kw] + b, pool)}. */
    static void forward(float[] x, int xo, int n, int c, int h, int w, float[] k, int ko, int f, float[] b, int bo,
                        Window conv, Window pool, float[] out, int oo, int[] winners, int wio) {
        int ho = conv.outHeight(h);
        int wo = conv.outWidth(w);
        int plane = ho * wo;
        int taps = c * conv.taps();
        int pooled = pool.outHeight(ho) * pool.outWidth(wo);
        Parallel.forRange(n, 1, (start, end) -> {
            float[] cols = scratch(0, taps * plane);
            float[] y = scratch(1, f * plane);
            for (int s = start; s < end; s++) {
                // Inside a parallel task the kernels below run on this thread.
                Im2col.im2col(x, xo + s * c * h * w, 1, c, h, w, conv, 0, cols, 0);
                Sgemm.gemm(false, false, f, plane, taps, k, ko, taps, cols, 0, plane, 0f, y, 0, plane);
                if (b != null) {
                    for (int fi = 0; fi < f; fi++) {
                        float bias = b[bo + fi];
                        for (int j = fi * plane, e = j + plane; j < e; j++) y[j] += bias;
                    }
                }
                Pooling.maxPool2d(y, 0, f, ho, wo, pool, out, oo + s * f * pooled, winners, wio + s * f * pooled);
            }
        });
    }

    /**
     * The gradients of {@link #forward} from the pooled gradient {@code g [n, f, pooled]} and the winners
     * (positions in each {@code ho × wo} convolution plane): {@code dx [n, c, h, w]}, {@code dk [f, c·kh·kw]}
     * and {@code db [f]}, each overwritten, null where not wanted.
     */
    static void gradients(float[] x, int xo, int n, int c, int h, int w, float[] k, int ko, int f, Window conv,
                          float[] g, int go, int pooled, int[] winners, int wio,
                          float[] dx, int dxo, float[] dk, int dko, float[] db, int dbo) {
        int ho = conv.outHeight(h);
        int wo = conv.outWidth(w);
        int plane = ho * wo;
        int taps = c * conv.taps();
        float[] perSample = dk == null ? null : new float[n * f * taps];
        Parallel.forRange(n, 1, (start, end) -> {
            float[] gy = scratch(0, f * plane);
            float[] cols = dk == null ? null : scratch(1, taps * plane);
            float[] dcols = dx == null ? null : scratch(2, taps * plane);
            for (int s = start; s < end; s++) {
                // The convolution's gradient: each pooled value's gradient added at its winner, as the pooling's scatter does.
                Arrays.fill(gy, 0, f * plane, 0f);
                for (int fi = 0; fi < f; fi++) {
                    int from = (s * f + fi) * pooled;
                    for (int p = 0; p < pooled; p++) gy[fi * plane + winners[wio + from + p]] += g[go + from + p];
                }
                if (dk != null) {
                    Im2col.im2col(x, xo + s * c * h * w, 1, c, h, w, conv, 0, cols, 0);
                    Sgemm.gemm(false, true, f, taps, plane, gy, 0, plane, cols, 0, plane, 0f, perSample, s * f * taps, taps);
                }
                if (dx != null) {
                    Sgemm.gemm(true, false, taps, plane, f, k, ko, taps, gy, 0, plane, 0f, dcols, 0, plane);
                    Im2col.col2im(dcols, 0, 1, c, h, w, conv, dx, dxo + s * c * h * w);
                }
            }
        });
        if (dk != null) {
            int size = f * taps;
            System.arraycopy(perSample, 0, dk, dko, size);
            for (int s = 1; s < n; s++) {
                for (int i = 0; i < size; i++) dk[dko + i] += perSample[s * size + i];
            }
        }
        if (db != null) {
            for (int fi = 0; fi < f; fi++) {
                float sum = 0f;
                for (int s = 0; s < n; s++) {
                    for (int p = 0, at = go + (s * f + fi) * pooled; p < pooled; p++) sum += g[at + p];
                }
                db[dbo + fi] = sum;
            }
        }
    }
}
