package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Window;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The CPU kernels of {@code im2col} and its adjoint {@code col2im}: every window of an image batch
 * {@code [N, C, H, W]} laid out as a column of {@code cols [C*kh*kw, N*Ho*Wo]}, so that a
 * convolution is one matrix product {@code kernel [F, C*kh*kw] x cols}. Row {@code (c, i, j)} of
 * {@code cols} holds tap (i, j) of channel c for every sample and output position.
 *
 * <p>Both work on contiguous float32 or float64 arrays. Each copies whole runs of an image row at a
 * time (window positions that stay inside the image), so the inner loops are
 * {@code System.arraycopy} or a short add loop rather than one index lookup per element.
 */
final class Im2col {
    private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private Im2col() {}

    /** Fills {@code cols} (offset {@code co}) from {@code x} (offset {@code xo}, shape {@code [n, c, h, w]}). */
    static void im2col(Object x, int xo, int n, int c, int h, int w, Window win, double padValue, Object cols, int co) {
        int ho = win.outHeight(h);
        int wo = win.outWidth(w);
        int plane = ho * wo;
        int rowLength = n * plane;
        int taps = win.taps();
        // One task per (row of cols, sample): rows * n tasks of ho*wo elements each.
        Parallel.forRange(c * taps * n, Math.max(1, 16384 / Math.max(1, plane)), (start, end) -> {
            for (int t = start; t < end; t++) {
                int row = t / n;
                int sample = t % n;
                int ch = row / taps;
                int i = (row % taps) / win.kw();
                int j = row % win.kw();
                int src = xo + (sample * c + ch) * h * w;
                int dst = co + row * rowLength + sample * plane;
                int dx = j * win.dw() - win.padLeft();
                int dy = i * win.dh() - win.padTop();
                int lo = firstInside(dx, win.sw(), wo);
                int hi = lastInside(dx, win.sw(), wo, w);
                // Output rows [top, bottom) read image rows inside the image; the rest are padding.
                int top = firstInside(dy, win.sh(), ho);
                int bottom = lo < hi ? Math.max(top, lastInside(dy, win.sh(), ho, h)) : top;
                fill(cols, dst, dst + top * wo, padValue);
                fill(cols, dst + bottom * wo, dst + ho * wo, padValue);
                int first = src + (top * win.sh() + dy) * w + lo * win.sw() + dx;
                if (win.sw() == 1 && lo == 0 && hi == wo && wo >= LANES && x instanceof float[] fx) {
                    // The common case (stride 1, no padding on this tap's columns): whole rows, no fills,
                    // one call for the tap's rows rather than three per row.
                    copyRows(fx, first, win.sh() * w, (float[]) cols, dst + top * wo, wo, bottom - top);
                    continue;
                }
                for (int oy = top; oy < bottom; oy++) {
                    int d = dst + oy * wo;
                    fill(cols, d, d + lo, padValue);
                    copyStrided(x, first + (oy - top) * win.sh() * w, win.sw(), cols, d + lo, hi - lo);
                    fill(cols, d + hi, d + wo, padValue);
                }
            }
        });
    }

    /**
     * {@code rows} runs of {@code count ≥ LANES} floats, {@code srcStep} apart in {@code src}, to consecutive
     * runs of {@code dst}: whole vectors, and the tail as one more vector ending at the run's end, which
     * rewrites a few floats of the same run with the same values (no scalar loop, no masked store).
     */
    private static void copyRows(float[] src, int s, int srcStep, float[] dst, int d, int count, int rows) {
        int tail = count - LANES;
        for (int r = 0; r < rows; r++, s += srcStep, d += count) {
            int k = 0;
            for (; k < tail; k += LANES) FloatVector.fromArray(SPECIES, src, s + k).intoArray(dst, d + k);
            FloatVector.fromArray(SPECIES, src, s + tail).intoArray(dst, d + tail);
        }
    }

    /** Sets {@code x} (offset {@code xo}, shape {@code [n, c, h, w]}) to the sum of each pixel's entries in {@code cols}. */
    static void col2im(Object cols, int co, int n, int c, int h, int w, Window win, Object x, int xo) {
        int ho = win.outHeight(h);
        int wo = win.outWidth(w);
        int plane = ho * wo;
        int rowLength = n * plane;
        int taps = win.taps();
        // One task per image plane (sample, channel): planes never share pixels, so no two tasks write the same place.
        Parallel.forRange(n * c, Math.max(1, 16384 / Math.max(1, taps * plane)), (start, end) -> {
            for (int t = start; t < end; t++) {
                int sample = t / c;
                int ch = t % c;
                int dst = xo + t * h * w;
                fill(x, dst, dst + h * w, 0);
                for (int i = 0; i < win.kh(); i++) {
                    for (int j = 0; j < win.kw(); j++) {
                        int row = ch * taps + i * win.kw() + j;
                        int src = co + row * rowLength + sample * plane;
                        int dx = j * win.dw() - win.padLeft();
                        int dy = i * win.dh() - win.padTop();
                        int lo = firstInside(dx, win.sw(), wo);
                        int hi = lastInside(dx, win.sw(), wo, w);
                        if (lo >= hi) continue;
                        int top = firstInside(dy, win.sh(), ho);
                        int bottom = lastInside(dy, win.sh(), ho, h);
                        int first = dst + (top * win.sh() + dy) * w + lo * win.sw() + dx;
                        if (win.sw() == 1 && cols instanceof float[] fc) {
                            addRows(fc, src + top * wo + lo, wo, (float[]) x, first, win.sh() * w, hi - lo, bottom - top,
                                    dst + h * w);
                            continue;
                        }
                        for (int oy = top; oy < bottom; oy++) {
                            addStrided(cols, src + oy * wo + lo, x, first + (oy - top) * win.sh() * w, win.sw(), hi - lo);
                        }
                    }
                }
            }
        });
    }

    /**
     * {@code dst[d + r*dstStep + k] += src[s + r*srcStep + k]} for k below count and r below rows, whole
     * vectors and the tail as a masked add of one more vector when that vector ends inside the plane
     * ({@code end}; the lanes past the run keep their values, bit for bit), else a scalar tail: the plane's
     * last floats may be next to another thread's plane.
     */
    private static void addRows(float[] src, int s, int srcStep, float[] dst, int d, int dstStep, int count, int rows, int end) {
        int whole = count - count % LANES;
        VectorMask<Float> tail = SPECIES.indexInRange(whole, count);
        for (int r = 0; r < rows; r++, s += srcStep, d += dstStep) {
            int k = 0;
            for (; k < whole; k += LANES) {
                FloatVector.fromArray(SPECIES, dst, d + k).add(FloatVector.fromArray(SPECIES, src, s + k)).intoArray(dst, d + k);
            }
            if (k == count) continue;
            if (d + k + LANES <= end && s + k + LANES <= src.length) {
                FloatVector v = FloatVector.fromArray(SPECIES, dst, d + k);
                v.add(FloatVector.fromArray(SPECIES, src, s + k), tail).intoArray(dst, d + k);
            } else {
                for (; k < count; k++) dst[d + k] += src[s + k];
            }
        }
    }

    /** The first output column whose tap {@code ox * stride + dx} is inside the image. */
    private static int firstInside(int dx, int stride, int wo) {
        int lo = dx >= 0 ? 0 : (-dx + stride - 1) / stride;
        return Math.min(lo, wo);
    }

    /** One past the last output column whose tap is inside an image of width {@code w}. */
    private static int lastInside(int dx, int stride, int wo, int w) {
        if (w - dx <= 0) return 0;
        return Math.min(wo, (w - dx - 1) / stride + 1);
    }

    private static void fill(Object a, int from, int to, double value) {
        if (from >= to) return;
        if (a instanceof float[] f) Arrays.fill(f, from, to, (float) value);
        else Arrays.fill((double[]) a, from, to, value);
    }

    /** {@code dst[d + k] = src[s + k*stride]} for k below count. */
    private static void copyStrided(Object src, int s, int stride, Object dst, int d, int count) {
        if (stride == 1 && count >= 64) {
            System.arraycopy(src, s, dst, d, count);
        } else if (stride == 1 && src instanceof float[] fs && dst instanceof float[] fd) {
            // Short runs (a 3x3 convolution's rows are as wide as its output, often 10-30 pixels): whole vectors
            // and a scalar tail, where a call to arraycopy costs more than the copy itself. Not a masked tail:
            // AVX2 has no cheap masked store (AMD's vmaskmovps takes a dozen cycles or more), and the tail of
            // every row was most of the work (a 26-pixel row is 3 vectors and 2 pixels; an 11-pixel row 1 and 3).
            int k = 0;
            for (; k + LANES <= count; k += LANES) FloatVector.fromArray(SPECIES, fs, s + k).intoArray(fd, d + k);
            for (; k < count; k++) fd[d + k] = fs[s + k];
        } else if (src instanceof float[] fs && dst instanceof float[] fd) {
            for (int k = 0; k < count; k++) fd[d + k] = fs[s + k * stride];
        } else {
            double[] ds = (double[]) src;
            double[] dd = (double[]) dst;
            for (int k = 0; k < count; k++) dd[d + k] = ds[s + k * stride];
        }
    }

    /** {@code dst[d + k*stride] += src[s + k]} for k below count. */
    private static void addStrided(Object src, int s, Object dst, int d, int stride, int count) {
        if (stride == 1 && src instanceof float[] fs && dst instanceof float[] fd) {
            int k = 0;
            for (; k + LANES <= count; k += LANES) {
                FloatVector.fromArray(SPECIES, fd, d + k).add(FloatVector.fromArray(SPECIES, fs, s + k)).intoArray(fd, d + k);
            }
            for (; k < count; k++) fd[d + k] += fs[s + k]; // a scalar tail, as in copyStrided
        } else if (src instanceof float[] fs && dst instanceof float[] fd) {
            for (int k = 0; k < count; k++) fd[d + k * stride] += fs[s + k];
        } else {
            double[] ds = (double[]) src;
            double[] dd = (double[]) dst;
            for (int k = 0; k < count; k++) dd[d + k * stride] += ds[s + k];
        }
    }
}
