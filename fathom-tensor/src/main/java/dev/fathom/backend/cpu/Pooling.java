package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Window;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
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
            for (int p = start; p < end; p++) {
                if (x instanceof float[] f && halving && indices == null) {
                    halveValues(f, xo + p * in, w, ho, wo, (float[]) out, oo + p * plane);
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
            int ox = 0;
            if (wo >= LANES) {
                // Eight windows at a time, their four members laid side by side as halveValues does, then the same tree.
                for (int next = 0; next < wo; next = ox + LANES) {
                    ox = Math.min(next, wo - LANES);
                    int at = top + 2 * ox;
                    FloatVector upperLow = FloatVector.fromArray(SPECIES, x, xo + at);
                    FloatVector upperHigh = FloatVector.fromArray(SPECIES, x, xo + at + LANES);
                    FloatVector lowerLow = FloatVector.fromArray(SPECIES, x, xo + at + w);
                    FloatVector lowerHigh = FloatVector.fromArray(SPECIES, x, xo + at + w + LANES);
                    FloatVector a = upperLow.rearrange(EVEN, upperHigh);
                    FloatVector b = upperLow.rearrange(ODD, upperHigh);
                    FloatVector c = lowerLow.rearrange(EVEN, lowerHigh);
                    FloatVector d = lowerLow.rearrange(ODD, lowerHigh);
                    FloatVector upper = a.max(b);
                    FloatVector lower = c.max(d);
                    FloatVector best = upper.max(lower);
                    best.intoArray(out, oo + oy * wo + ox);
                    IntVector right = ZERO.blend(ONE, b.compare(VectorOperators.GT, a).cast(INTS));
                    IntVector lowerRight = IntVector.broadcast(INTS, w).blend(IntVector.broadcast(INTS, w + 1),
                            d.compare(VectorOperators.GT, c).cast(INTS));
                    right.blend(lowerRight, lower.compare(VectorOperators.GT, upper).cast(INTS)).add(EVEN_COLUMNS).add(at)
                            .intoArray(indices, io + oy * wo + ox);
                    if (best.test(VectorOperators.IS_NAN).anyTrue()) {
                        for (int lane = 0; lane < LANES; lane++) {
                            if (Float.isNaN(best.lane(lane))) indices[io + oy * wo + ox + lane] = firstNaN(x, xo, at + 2 * lane, w);
                        }
                    }
                }
                continue;
            }
            for (; ox < wo; ox++) {
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
     * {@link #halve}'s values without the winners, for inference: each pair of image rows with vectors,
     * eight windows at a time. The larger of the two rows over sixteen columns (two vectors), then the
     * even and the odd columns of those two vectors side by side (a shuffle of both) and the larger of
     * the two: the eight windows' maxima. The last eight windows of a row start where they must to end
     * at its last window (some are computed twice, with the same values); a row of fewer than eight
     * windows is done one window at a time. Max is the same value in any order (Math.max's: NaN wins,
     * 0.0 over -0.0), so these are halve's values.
     */
    private static void halveValues(float[] x, int xo, int w, int ho, int wo, float[] out, int oo) {
        for (int oy = 0; oy < ho; oy++) {
            int top = xo + 2 * oy * w;
            int bottom = top + w;
            int o = oo + oy * wo;
            int ox = 0;
            if (wo >= LANES) {
                for (int next = 0; next < wo; next = ox + LANES) {
                    ox = Math.min(next, wo - LANES);
                    int at = 2 * ox;
                    FloatVector low = FloatVector.fromArray(SPECIES, x, top + at).max(FloatVector.fromArray(SPECIES, x, bottom + at));
                    FloatVector high = FloatVector.fromArray(SPECIES, x, top + at + LANES)
                            .max(FloatVector.fromArray(SPECIES, x, bottom + at + LANES));
                    low.rearrange(EVEN, high).max(low.rearrange(ODD, high)).intoArray(out, o + ox);
                }
                continue;
            }
            for (; ox < wo; ox++) {
                int at = 2 * ox;
                out[o + ox] = Math.max(Math.max(x[top + at], x[bottom + at]), Math.max(x[top + at + 1], x[bottom + at + 1]));
            }
        }
    }

    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final IntVector ZERO = IntVector.zero(INTS);
    private static final IntVector ONE = IntVector.broadcast(INTS, 1);
    /** 0, 2, 4, ...: the columns of eight windows' top left members from the first. */
    private static final IntVector EVEN_COLUMNS = IntVector.zero(INTS).addIndex(2);

    /** Lane i of two vectors side by side: lane 2i of them (EVEN) or 2i + 1 (ODD); indexes past the first vector's lanes pick from the second. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(SPECIES, i -> 2 * i < LANES ? 2 * i : 2 * i - 2 * LANES);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(SPECIES, i -> 2 * i + 1 < LANES ? 2 * i + 1 : 2 * i + 1 - 2 * LANES);

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
