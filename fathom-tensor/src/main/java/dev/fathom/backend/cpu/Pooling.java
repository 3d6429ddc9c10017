package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Window;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The CPU kernel of max pooling: each window's largest value and where it was, in one pass over the
 * image. The positions let the gradient go to each window's winner alone (a scatter), so the
 * backward pass never lays the windows out.
 *
 * <p>On real activations which pixel of a window wins is a coin toss, so the common 2×2 case picks
 * it with a comparison tree of max and selects: a mispredicted branch per pixel would cost more (4×
 * measured) than the loads.
 */
final class Pooling {
    private static final VectorSpecies<Float> SPECIES = FloatKernels.SPECIES;
    private static final int LANES = SPECIES.length();

    private Pooling() {}

    /**
     * Pools {@code planes} contiguous {@code h × w} planes of {@code x} (offset {@code xo}) into
     * {@code out} (offset {@code oo}) and {@code indices} (offset {@code io}), plane after plane;
     * {@code indices} null (inference): the values only.
     */
    static void maxPool2d(Object x, int xo, int planes, int h, int w, Window win, Object out, int oo, int[] indices, int io) {
        int ho = win.outHeight(h);
        int wo = win.outWidth(w);
        int in = h * w;
        int plane = ho * wo;
        boolean halving = halves(win);
        Parallel.forRange(planes, Math.max(1, 16384 / Math.max(1, in)), (start, end) -> {
            float[] pairs = halving && indices == null ? new float[w] : null;
            for (int p = start; p < end; p++) {
                if (x instanceof float[] f && halving && indices == null) {
                    halveValues(f, xo + p * in, w, ho, wo, (float[]) out, oo + p * plane, pairs);
                } else if (x instanceof float[] f && halving) {
                    halve(f, xo + p * in, w, ho, wo, (float[]) out, oo + p * plane, indices, io + p * plane);
                } else {
                    window(x, xo + p * in, h, w, win, ho, wo, out, oo + p * plane, indices, io + p * plane);
                }
            }
        });
    }

    /** Whether {@code win} is the common case {@link #halve} takes: 2×2 windows, stride 2, no padding, no dilation. */
    static boolean halves(Window win) {
        return win.kh() == 2 && win.kw() == 2 && win.sh() == 2 && win.sw() == 2 && win.dh() == 1 && win.dw() == 1
                && win.padTop() == 0 && win.padBottom() == 0 && win.padLeft() == 0 && win.padRight() == 0;
    }

    /**
     * The common case, 2×2 windows with stride 2 and no padding (Keras' MaxPool2D(2)), as a tree: the
     * better of each row's pair, then the better row. Strict comparisons keep the first on ties.
     */
    private static void halve(float[] x, int xo, int w, int ho, int wo, float[] out, int oo, int[] indices, int io) {
        for (int oy = 0; oy < ho; oy++) {
            int top = 2 * oy * w;
            for (int ox = 0; ox < wo; ox++) {
                int at = top + 2 * ox;
                float a = x[xo + at];
                float b = x[xo + at + 1];
                float c = x[xo + at + w];
                float d = x[xo + at + w + 1];
                int right = b > a ? 1 : 0;
                float upper = Math.max(a, b);
                int lowerRight = d > c ? 1 : 0;
                float lower = Math.max(c, d);
                float best = Math.max(upper, lower);
                int where = at + (lower > upper ? w + lowerRight : right);
                if (best != best) where = firstNaN(x, xo, at, w); // Math.max kept the NaN; point at it
                out[oo + oy * wo + ox] = best;
                indices[io + oy * wo + ox] = where;
            }
        }
    }

    /**
     * {@link #halve}'s values without the winners, for inference. Each pair of image rows is reduced with
     * vectors: the largest of every 2×2 block starting at each column {@code i} (rows' maxima at {@code i} and
     * {@code i + 1}) into {@code pairs}, of which the even columns are the windows; a scalar loop copies those
     * out. Max is the same value in any order (Math.max's: NaN wins, 0.0 over -0.0), so these are halve's values.
     */
    private static void halveValues(float[] x, int xo, int w, int ho, int wo, float[] out, int oo, float[] pairs) {
        int span = 2 * wo - 1;   // columns i whose block (i, i + 1) is inside the windows' columns
        for (int oy = 0; oy < ho; oy++) {
            int top = xo + 2 * oy * w;
            int bottom = top + w;
            int i = 0;
            for (; i + LANES < span + 1; i += LANES) {
                FloatVector left = FloatVector.fromArray(SPECIES, x, top + i).max(FloatVector.fromArray(SPECIES, x, bottom + i));
                FloatVector right = FloatVector.fromArray(SPECIES, x, top + i + 1).max(FloatVector.fromArray(SPECIES, x, bottom + i + 1));
                left.max(right).intoArray(pairs, i);
            }
            for (; i < span; i += 1) {
                pairs[i] = Math.max(Math.max(x[top + i], x[bottom + i]), Math.max(x[top + i + 1], x[bottom + i + 1]));
            }
            int o = oo + oy * wo;
            for (int ox = 0; ox < wo; ox++) out[o + ox] = pairs[2 * ox];
        }
    }

    private static int firstNaN(float[] x, int xo, int at, int w) {
        for (int p : new int[] {at, at + 1, at + w, at + w + 1}) {
            if (Float.isNaN(x[xo + p])) return p;
        }
        throw new IllegalStateException("no NaN in the window at " + at);
    }

    /**
     * Any window, on float32 or float64: the taps inside the image, row by row; padding is skipped, so
     * it never wins. Values are compared as doubles, which orders floats exactly as floats.
     */
    private static void window(Object x, int xo, int h, int w, Window win, int ho, int wo, Object out, int oo, int[] indices, int io) {
        for (int oy = 0; oy < ho; oy++) {
            for (int ox = 0; ox < wo; ox++) {
                double best = 0;
                int where = -1;
                for (int i = 0; i < win.kh(); i++) {
                    int iy = oy * win.sh() + i * win.dh() - win.padTop();
                    if (iy < 0 || iy >= h) continue;
                    for (int j = 0; j < win.kw(); j++) {
                        int ix = ox * win.sw() + j * win.dw() - win.padLeft();
                        if (ix < 0 || ix >= w) continue;
                        double v = CpuBackend.get(x, xo + iy * w + ix);
                        boolean take = where < 0 || v > best || (v != v && best == best);
                        best = take ? v : best;
                        where = take ? iy * w + ix : where;
                    }
                }
                CpuBackend.set(out, oo + oy * wo + ox, best);
                if (indices != null) indices[io + oy * wo + ox] = where;
            }
        }
    }
}
