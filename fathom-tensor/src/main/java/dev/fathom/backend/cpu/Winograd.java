package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Window;

import java.lang.ref.WeakReference;
import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3×3 convolutions with stride 1 by Winograd's minimal filtering F(2×2, 3×3) (Lavin and
 * Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): each 2×2 block of the output is
 * {@code Aᵀ [Σ_c (G g_c Gᵀ) ⊙ (Bᵀ d_c B)] A} over its 4×4 input patch {@code d_c}, 16 products per
 * channel and filter where the direct sum takes 36: 2.25 times fewer multiplications, the rest
 * being additions in the transforms. The 16 element-wise products summed over channels are 16 small
 * matrix products {@code [tiles × C] × [C × F]}, run by the GEMM's micro-kernel with the filters in vector lanes.
 *
 * <p>Each image is computed alone, {@link #BLOCK} tiles at a time (their patches transformed,
 * multiplied, transformed back into the output), so a sample's result does not depend on the batch it
 * came in. Training takes it too: the input's gradient of a 3×3 convolution is another one (see
 * {@code Ops.convolve}). The rounding differs from im2col and a matrix product (float32 Winograd F(2,3)
 * stays within a few units in the last place of the sums' magnitude), so float64, which the gradient
 * checks use, keeps im2col and matmul.
 */
final class Winograd {
    private static final VectorSpecies<Float> S = FloatKernels.SPECIES;
    private static final int L = S.length();
    /** Tiles multiplied at once: the rows of the GEMM's micro-kernel ({@link Sgemm#microKernel}). */
    static final int BLOCK = 6;

    /** Per-thread scratch: the padded image (channels last), the transformed patches, the products, the output (filters last). */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0], new float[0]});
    /** Per-thread scratch of {@link #convolvePool}'s winners, filters last. */
    private static final ThreadLocal<int[][]> WINNERS = ThreadLocal.withInitial(() -> new int[][] {new int[0]});
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final IntVector ZERO = IntVector.zero(I);
    private static final IntVector ONE = IntVector.broadcast(I, 1);
    /** The calling thread's kernel with filters last, the filter transform's scratch (grown as needed). */
    private static final ThreadLocal<float[][]> FILTERS = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    /**
     * A kernel's transformed filters, with the values they were made from: {@code source} is the kernel's
     * storage (weakly held, so a model let go is not kept), {@code kernel} a copy of its values then.
     */
    private record TransformedFilters(WeakReference<float[]> source, int offset, int filters, int channels, float[] kernel, float[] u) {}

    /** The last few layers' transformed filters, newest first; shared by all threads (entries never change). */
    private static final TransformedFilters[] CACHE = new TransformedFilters[8];
    /**
     * The largest transform kept (floats; 1 MB, 128 filters of 128 channels): the cache holds at most 8 × 1.6 MB
     * with the kernels' copies, and a bigger layer's images cost far more than transforming its filters.
     */
    private static final long CACHED_MAX = 1 << 18;

    private Winograd() {}

    /** Whether this kernel computes a convolution with {@code filters} filters over {@code window} on {@code [channels, height, width]} images. */
    static boolean fits(int filters, int channels, int height, int width, Window window) {
        // The padded image and the output, channels last, are per-thread scratch: at most 16 MB each (im2col would take nine times the image).
        long rows = 2 * ((window.outHeight(height) + 1) / 2);
        long columns = 2 * ((window.outWidth(width) + 1) / 2);
        long scratch = Math.max((rows + 2) * (columns + 2) * channels, rows * columns * filters);   // padded input, output
        // Fewer channels than a vector (a first layer's one or three) leave the transforms scalar and the
        // products too short to pay for them: conv1 of the serve CNN (one channel) took 3x the time of im2col.
        return channels >= L && scratch <= 1 << 22 && window.kh() == 3 && window.kw() == 3 && window.sh() == 1 && window.sw() == 1 && window.dh() == 1
                && window.dw() == 1 && filters % L == 0;
    }

    /**
     * {@code out [n, f, ho, wo] = x [n, c, h, w] ⋆ kernel [f, c, 3, 3] + bias [f]} ({@code bias} null: none),
     * all contiguous float32 at the given offsets, padding from {@code window}.
     */
    static void convolve(float[] x, int xo, int n, int c, int h, int w, float[] kernel, int ko, int f,
            float[] bias, int bo, Window window, float[] out, int oo) {
        int ho = window.outHeight(h);
        int wo = window.outWidth(w);
        float[] u = filters(kernel, ko, f, c);
        float[] b = biasOrZeros(bias, bo, f);
        int image = c * h * w;
        int plane = ho * wo;
        Parallel.forRange(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                image(x, xo + i * image, c, h, w, u, f, b, window, out, oo + i * f * plane, ho, wo);
            }
        });
    }

    /** The {@code f} biases from {@code bo}, or zeros for none: the output transform adds a vector of them either way. */
    private static float[] biasOrZeros(float[] bias, int bo, int f) {
        float[] b = new float[f];
        if (bias != null) System.arraycopy(bias, bo, b, 0, f);
        return b;
    }

    /**
     * {@code out [n, f, ho / 2, wo / 2] = maxPool2d(x ⋆ kernel + bias, 2×2)} where {@link #fits} and the
     * pooling {@link Pooling#halves}: each 2×2 output tile is one pooling window, so a tile is pooled as it leaves the
     * transform and the convolution is never written; the tiles of an odd last row or column, which the
     * pooling drops, are not computed. Values bit for bit those of {@link #convolve} then {@link
     * Pooling#maxPool2d} (the same sums, the same comparison tree); where {@code winners} is not null each
     * window's winner (its position {@code y * wo + x} in the convolution's plane, the first largest) goes there.
     */
    static void convolvePool(float[] x, int xo, int n, int c, int h, int w, float[] kernel, int ko, int f,
            float[] bias, int bo, Window window, float[] out, int oo, int[] winners, int wio) {
        int wo = window.outWidth(w);
        int po = window.outHeight(h) / 2;
        int qo = wo / 2;
        float[] u = filters(kernel, ko, f, c);
        float[] b = biasOrZeros(bias, bo, f);
        int image = c * h * w;
        int pooled = po * qo;
        Parallel.forRange(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                pooledImage(x, xo + i * image, c, h, w, u, f, b, window, wo, po, qo, out, oo + i * f * pooled,
                        winners, winners == null ? 0 : wio + i * f * pooled);
            }
        });
    }

    /**
     * The transformed filters of {@code kernel [f, c, 3, 3]}: from {@link #CACHE} when a layer's kernel with
     * these very values was transformed before (compared in full, so a kernel changed in place by training
     * is transformed again), else transformed now (and cached, when not too large). A one-image pass costs
     * about what transforming its filters does, so a server predicting request by request needs the cache.
     */
    private static float[] filters(float[] kernel, int ko, int f, int c) {
        int taps = f * c * 9;
        TransformedFilters[] entries;
        synchronized (CACHE) {
            entries = CACHE.clone();
        }
        for (TransformedFilters e : entries) {
            if (e != null && e.source.get() == kernel && e.offset == ko && e.filters == f && e.channels == c
                    && Arrays.equals(e.kernel, 0, taps, kernel, ko, ko + taps)) {
                return e.u;
            }
        }
        float[] u = transformFilters(kernel, ko, f, c, new float[16 * c * f]);
        if (16L * c * f <= CACHED_MAX) {
            TransformedFilters entry = new TransformedFilters(new WeakReference<>(kernel), ko, f, c,
                    Arrays.copyOfRange(kernel, ko, ko + taps), u);
            synchronized (CACHE) {
                // Entries whose kernel was collected go first, then the oldest: the rest move down one place.
                int last = CACHE.length - 1;
                for (int i = 0; i < last; i++) {
                    if (CACHE[i] != null && CACHE[i].source.get() == null) {
                        last = i;
                        break;
                    }
                }
                System.arraycopy(CACHE, 0, CACHE, 1, last);
                CACHE[0] = entry;
            }
        }
        return u;
    }

    /** {@code U[ξ][c][f] = (G g Gᵀ)[ξ]} for every filter {@code g} of {@code kernel [f, c, 3, 3]}, filters in lanes, into {@code u}. */
    private static float[] transformFilters(float[] kernel, int ko, int f, int c, float[] u) {
        float[][] own = FILTERS.get();
        int taps = c * 9 * f;
        if (own[0].length < taps) own[0] = new float[taps];
        float[] g = own[0];   // [c][tap][f]: the kernel with filters last
        for (int fi = 0; fi < f; fi++) {
            for (int k = 0; k < c * 9; k++) g[k * f + fi] = kernel[ko + fi * c * 9 + k];
        }
        for (int ci = 0; ci < c; ci++) {
            for (int f0 = 0; f0 < f; f0 += L) {
                int gi = ci * 9 * f + f0;
                // The rows of G g: g's rows 0, (0+1+2)/2, (0-1+2)/2 and 2; each then times Gᵀ.
                filterRow(g, gi, f, 1, 0, 0, u, c, ci, f0, 0);
                filterRow(g, gi, f, 0.5f, 0.5f, 0.5f, u, c, ci, f0, 1);
                filterRow(g, gi, f, 0.5f, -0.5f, 0.5f, u, c, ci, f0, 2);
                filterRow(g, gi, f, 0, 0, 1, u, c, ci, f0, 3);
            }
        }
        return u;
    }

    /**
     * Row {@code i} of {@code G g Gᵀ} for the filters in one vector: {@code t = a·g₀ + b·g₁ + z·g₂} (rows of
     * g, column by column; taps at {@code gi + tap * f}), then its columns 0, (0+1+2)/2, (0-1+2)/2 and 2 into
     * {@code U[4i + j][ci]}.
     */
    private static void filterRow(float[] g, int gi, int f, float a, float b, float z, float[] u, int c, int ci, int f0, int i) {
        // No helper returns a vector: a call C2 leaves out of line would box it.
        FloatVector t0 = FloatVector.fromArray(S, g, gi).mul(a)
                .add(FloatVector.fromArray(S, g, gi + 3 * f).mul(b)).add(FloatVector.fromArray(S, g, gi + 6 * f).mul(z));
        FloatVector t1 = FloatVector.fromArray(S, g, gi + f).mul(a)
                .add(FloatVector.fromArray(S, g, gi + 4 * f).mul(b)).add(FloatVector.fromArray(S, g, gi + 7 * f).mul(z));
        FloatVector t2 = FloatVector.fromArray(S, g, gi + 2 * f).mul(a)
                .add(FloatVector.fromArray(S, g, gi + 5 * f).mul(b)).add(FloatVector.fromArray(S, g, gi + 8 * f).mul(z));
        FloatVector sum = t0.add(t2);
        t0.intoArray(u, at((4 * i), ci, f0, c, f));
        sum.add(t1).mul(0.5f).intoArray(u, at((4 * i + 1), ci, f0, c, f));
        sum.sub(t1).mul(0.5f).intoArray(u, at((4 * i + 2), ci, f0, c, f));
        t2.intoArray(u, at((4 * i + 3), ci, f0, c, f));
    }

    /** One image: laid out channels last with its padding, then {@link #BLOCK} tiles at a time, the output filters last, then transposed. */
    private static void image(float[] x, int xo, int c, int h, int w, float[] u, int f, float[] bias, Window window,
            float[] out, int oo, int ho, int wo) {
        int tileRows = (ho + 1) / 2;
        int tileCols = (wo + 1) / 2;
        int width = 2 * tileCols;
        float[][] scratch = scratch(2 * tileRows + 2, width + 2, c, f, 2 * tileRows * width * f);
        channelsLast(x, xo, c, h, w, window.padTop(), window.padLeft(), scratch[0], 2 * tileRows + 2, width + 2);
        tiles(scratch, width + 2, c, u, f, bias, tileCols, tileRows * tileCols, width, false, null, wo);
        writeRows(scratch[3], width, f, out, oo, ho, wo);
    }

    /** {@link #image} pooled: only the {@code po × qo} tiles the pooling keeps, each pooled by {@link #poolTile}. */
    private static void pooledImage(float[] x, int xo, int c, int h, int w, float[] u, int f, float[] bias, Window window,
            int wo, int po, int qo, float[] out, int oo, int[] winners, int wio) {
        int tiles = po * qo;
        float[][] scratch = scratch(2 * po + 2, 2 * qo + 2, c, f, tiles * f);
        int[] places = null;
        if (winners != null) {
            int[][] own = WINNERS.get();
            if (own[0].length < tiles * f) own[0] = new int[tiles * f];
            places = own[0];
        }
        channelsLast(x, xo, c, h, w, window.padTop(), window.padLeft(), scratch[0], 2 * po + 2, 2 * qo + 2);
        tiles(scratch, 2 * qo + 2, c, u, f, bias, qo, tiles, 0, true, places, wo);
        // Filters first: a column of the [tile][f] scratch into each filter's plane.
        float[] best = scratch[3];
        for (int t = 0; t < tiles; t++) {
            for (int fi = 0, at = oo + t, src = t * f; fi < f; fi++, at += tiles, src++) out[at] = best[src];
        }
        if (winners != null) {
            for (int t = 0; t < tiles; t++) {
                for (int fi = 0, at = wio + t, src = t * f; fi < f; fi++, at += tiles, src++) winners[at] = places[src];
            }
        }
    }

    /**
     * This thread's scratch, grown as needed: the padded image (channels last), the transformed patches, the
     * products, and {@code outFloats} for the output (filters last).
     */
    private static float[][] scratch(int paddedHeight, int paddedWidth, int c, int f, int outFloats) {
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < paddedHeight * paddedWidth * c) scratch[0] = new float[paddedHeight * paddedWidth * c];
        if (scratch[1].length < 16 * BLOCK * c) scratch[1] = new float[16 * BLOCK * c];
        if (scratch[2].length < 16 * BLOCK * f) scratch[2] = new float[16 * BLOCK * f];
        if (scratch[3].length < outFloats) scratch[3] = new float[outFloats];
        return scratch;
    }

    /**
     * The first {@code tiles} tiles ({@code tileCols} to a row) of the padded image in {@code scratch[0]},
     * {@link #BLOCK} at a time: their patches transformed, multiplied, and each tile written to the output
     * rows in {@code scratch[3]} ({@code width} columns, filters last) or, when {@code pooled}, pooled there
     * ({@link #poolTile}, its winners into {@code places} unless that is null).
     */
    private static void tiles(float[][] scratch, int paddedWidth, int c, float[] u, int f, float[] bias, int tileCols, int tiles,
            int width, boolean pooled, int[] places, int wo) {
        float[] padded = scratch[0];
        float[] v = scratch[1];
        float[] m = scratch[2];
        float[] out = scratch[3];
        float[] quad = pooled ? new float[4 * L] : null;   // a pooled tile's four values
        // Blocks of tiles run on across tile rows: a row of 7 tiles would otherwise leave one to the slow edge kernel.
        for (int t0 = 0; t0 < tiles; t0 += BLOCK) {
            int count = Math.min(BLOCK, tiles - t0);
            for (int r = 0; r < count; r++) {
                int ty = (t0 + r) / tileCols;
                int tx = (t0 + r) % tileCols;
                transformPatch(padded, paddedWidth, c, (2 * ty * paddedWidth + 2 * tx) * c, v, r);
            }
            for (int xi = 0; xi < 16; xi++) multiply(v, xi * BLOCK * c, c, count, u, xi * c * f, f, m, xi * BLOCK * f);
            for (int r = 0; r < count; r++) {
                int ty = (t0 + r) / tileCols;
                int tx = (t0 + r) % tileCols;
                if (pooled) {
                    poolTile(m, r, f, bias, out, places, (t0 + r) * f, 2 * ty * wo + 2 * tx, wo, quad);
                } else {
                    outputTile(m, r, f, bias, out, width, (2 * ty * width + 2 * tx) * f);
                }
            }
        }
    }

    /**
     * Tile {@code r} of the products {@code m} as {@link #outputTile} computes it (the same operations, so the
     * same values), then pooled: {@link Pooling}'s tree, the better of each row's pair, then the better row,
     * strict comparisons keeping the first on ties and a NaN winning where there is one. The largest into
     * {@code best}, and where {@code places} is not null its position in the plane ({@code corner}, the tile's top
     * left, plus 0, 1, {@code wo} or {@code wo + 1}), both at {@code at}, filters last.
     */
    private static void poolTile(float[] m, int r, int f, float[] bias, float[] best, int[] places, int at, int corner, int wo,
            float[] quad) {
        int step = BLOCK * f;
        int rowStride = 4 * step;
        for (int f0 = 0; f0 < f; f0 += L) {
            int p = r * f + f0;
            // The tile's two rows as outputTile writes them, into quad: top left, top right, bottom left, bottom right.
            outputRow(m, p, p + rowStride, p + 2 * rowStride, step, 1, bias, f0, quad, 0, L);
            outputRow(m, p + rowStride, p + 2 * rowStride, p + 3 * rowStride, step, -1, bias, f0, quad, 2 * L, L);
            FloatVector a = FloatVector.fromArray(S, quad, 0);
            FloatVector b = FloatVector.fromArray(S, quad, L);
            FloatVector c = FloatVector.fromArray(S, quad, 2 * L);
            FloatVector d = FloatVector.fromArray(S, quad, 3 * L);
            FloatVector upper = a.max(b);
            FloatVector lower = c.max(d);
            FloatVector largest = upper.max(lower);
            largest.intoArray(best, at + f0);
            if (places == null) continue;
            IntVector right = ZERO.blend(ONE, b.compare(VectorOperators.GT, a).cast(I));
            IntVector lowerRight = IntVector.broadcast(I, wo).blend(IntVector.broadcast(I, wo + 1), d.compare(VectorOperators.GT, c).cast(I));
            right.blend(lowerRight, lower.compare(VectorOperators.GT, upper).cast(I)).add(corner).intoArray(places, at + f0);
            if (largest.test(VectorOperators.IS_NAN).anyTrue()) {
                // Math.max kept the NaN; point at the first one, as Pooling does.
                for (int lane = 0; lane < L; lane++) {
                    if (!Float.isNaN(largest.lane(lane))) continue;
                    places[at + f0 + lane] = Float.isNaN(a.lane(lane)) ? corner : Float.isNaN(b.lane(lane)) ? corner + 1
                            : Float.isNaN(c.lane(lane)) ? corner + wo : corner + wo + 1;
                }
            }
        }
    }

    /**
     * The image {@code [c, h, w]} at {@code xo} into {@code padded[(row * paddedWidth + col) * c + ci]}, row and
     * column 0 being input row {@code -padTop} and column {@code -padLeft}; what lies outside the input is zero
     * (the padding, and the last tile's reach past the output's edge).
     */
    private static void channelsLast(float[] x, int xo, int c, int h, int w, int padTop, int padLeft, float[] padded,
            int paddedHeight, int paddedWidth) {
        Arrays.fill(padded, 0, paddedHeight * paddedWidth * c, 0f);
        int firstRow = Math.max(0, padTop);
        int lastRow = Math.min(paddedHeight, h + padTop);
        int firstCol = Math.max(0, padLeft);
        int lastCol = Math.min(paddedWidth, w + padLeft);
        for (int row = firstRow; row < lastRow; row++) {
            int src = xo + (row - padTop) * w - padLeft;
            for (int col = firstCol; col < lastCol; col++) {
                int dst = (row * paddedWidth + col) * c;
                for (int ci = 0, at = src + col; ci < c; ci++, at += h * w) padded[dst + ci] = x[at];
            }
        }
    }

    /**
     * {@code V[ξ][r][ci] = (Bᵀ d B)[ξ]} of the 4×4 patch at {@code base} of the padded image {@code band}, channels in lanes. The
     * rows of {@code Bᵀ d} are d's rows 0-2, 1+2, 2-1 and 1-3; each is then times B the same way.
     */
    private static void transformPatch(float[] band, int bandWidth, int c, int base, float[] v, int r) {
        int rowStride = bandWidth * c;
        int ci = 0;
        for (int vectorEnd = S.loopBound(c); ci < vectorEnd; ci += L) {
            int at = base + ci;
            patchRow(band, at, at + 2 * rowStride, -1, c, v, 0, r, ci);
            patchRow(band, at + rowStride, at + 2 * rowStride, 1, c, v, 1, r, ci);
            patchRow(band, at + 2 * rowStride, at + rowStride, -1, c, v, 2, r, ci);
            patchRow(band, at + rowStride, at + 3 * rowStride, -1, c, v, 3, r, ci);
        }
        for (; ci < c; ci++) {   // channels past the last whole vector (all of them for one or three)
            int at = base + ci;
            patchRow(band, at, at + 2 * rowStride, -1, c, v, 0, r, ci, 0);
            patchRow(band, at + rowStride, at + 2 * rowStride, 1, c, v, 1, r, ci, 0);
            patchRow(band, at + 2 * rowStride, at + rowStride, -1, c, v, 2, r, ci, 0);
            patchRow(band, at + rowStride, at + 3 * rowStride, -1, c, v, 3, r, ci, 0);
        }
    }

    /**
     * Row {@code i} of {@code Bᵀ d}, {@code p ± q} (band rows at {@code p}, {@code q}), times B: its columns
     * 0-2, 1+2, 2-1 and 1-3 into {@code V[4i + j][r]}, a vector of channels from {@code ci}.
     */
    private static void patchRow(float[] band, int p, int q, int sign, int c, float[] v, int i, int r, int ci) {
        // p + sign·q by one fused multiply-add (exact for sign ±1); no helper returns a vector, as a call
        // C2 leaves out of line would box it.
        FloatVector s = FloatVector.broadcast(S, sign);
        FloatVector t0 = FloatVector.fromArray(S, band, q).fma(s, FloatVector.fromArray(S, band, p));
        FloatVector t1 = FloatVector.fromArray(S, band, q + c).fma(s, FloatVector.fromArray(S, band, p + c));
        FloatVector t2 = FloatVector.fromArray(S, band, q + 2 * c).fma(s, FloatVector.fromArray(S, band, p + 2 * c));
        FloatVector t3 = FloatVector.fromArray(S, band, q + 3 * c).fma(s, FloatVector.fromArray(S, band, p + 3 * c));
        t0.sub(t2).intoArray(v, ((4 * i) * BLOCK + r) * c + ci);
        t1.add(t2).intoArray(v, ((4 * i + 1) * BLOCK + r) * c + ci);
        t2.sub(t1).intoArray(v, ((4 * i + 2) * BLOCK + r) * c + ci);
        t1.sub(t3).intoArray(v, ((4 * i + 3) * BLOCK + r) * c + ci);
    }

    /** {@link #patchRow} for the one channel {@code ci} ({@code unused} tells the overloads apart). */
    private static void patchRow(float[] band, int p, int q, int sign, int c, float[] v, int i, int r, int ci, int unused) {
        float t0 = band[p] + sign * band[q];
        float t1 = band[p + c] + sign * band[q + c];
        float t2 = band[p + 2 * c] + sign * band[q + 2 * c];
        float t3 = band[p + 3 * c] + sign * band[q + 3 * c];
        v[((4 * i) * BLOCK + r) * c + ci] = t0 - t2;
        v[((4 * i + 1) * BLOCK + r) * c + ci] = t1 + t2;
        v[((4 * i + 2) * BLOCK + r) * c + ci] = t2 - t1;
        v[((4 * i + 3) * BLOCK + r) * c + ci] = t1 - t3;
    }

    /**
     * Where the vector of filters from {@code f0} of channel {@code ci} of product {@code ξ} lies in U: each
     * product's {@code [c, f]} is stored as blocks of two vectors of filters (one at the end when {@code f / L}
     * is odd), each {@code [c][block width]}, as {@link Sgemm#microKernel} reads its packed B.
     */
    private static int at(int xi, int ci, int f0, int c, int f) {
        int block = f0 - f0 % (2 * L);
        int width = Math.min(2 * L, f - block);
        return xi * c * f + block * c + ci * width + (f0 - block);
    }

    /**
     * {@code m[mo + r * f + fi] = Σ_ci v[vo + r * c + ci] · U[ξ][ci][fi]} for the {@code tiles} rows, U's product
     * {@code ξ} from {@code uo} (see {@link #at}): one of the 16 element-wise products, summed over channels, as
     * a small matrix product by the GEMM's micro-kernel, 6 tiles × 2 vectors of filters at a time.
     */
    private static void multiply(float[] v, int vo, int c, int tiles, float[] u, int uo, int f, float[] m, int mo) {
        for (int f0 = 0; f0 < f; f0 += 2 * L) {
            Sgemm.microKernel(Math.min(2, (f - f0) / L), v, vo, c, u, uo + f0 * c, c, m, mo + f0, f, tiles);
        }
    }

    /**
     * The 2×2 output block of tile {@code r} of the products {@code m}, {@code Aᵀ M A + bias}, into the output
     * rows (filters last, {@code width} columns each) from {@code corner}, its top left. The rows of
     * {@code Aᵀ M} are M's rows 0+1+2 and 1-2-3; each is then times A the same way.
     */
    private static void outputTile(float[] m, int r, int f, float[] bias, float[] rows, int width, int corner) {
        int step = BLOCK * f;            // ξ = 4i + j: the next column j
        int rowStride = 4 * step;        // the next row i
        for (int f0 = 0; f0 < f; f0 += L) {
            int at = r * f + f0;
            int top = corner + f0;
            outputRow(m, at, at + rowStride, at + 2 * rowStride, step, 1, bias, f0, rows, top, f);
            outputRow(m, at + rowStride, at + 2 * rowStride, at + 3 * rowStride, step, -1, bias, f0, rows, top + width * f, f);
        }
    }

    /**
     * One output row of a tile: {@code t_j = M[p][j] + M[q][j] + M[z][j]} ({@code sign} 1) or {@code M[p][j] -
     * M[q][j] - M[z][j]} ({@code sign} -1) for the four columns j ({@code j * step} further on each), then
     * {@code t₀+t₁+t₂} and {@code t₁-t₂-t₃} plus the bias into {@code rows} at {@code at} and {@code at + f}.
     */
    private static void outputRow(float[] m, int p, int q, int z, int step, int sign, float[] bias, int f0, float[] rows,
            int at, int f) {
        // p + sign·q + sign·z by fused multiply-adds (exact products for sign ±1); no helper returns a vector.
        FloatVector s = FloatVector.broadcast(S, sign);
        FloatVector t0 = FloatVector.fromArray(S, m, z).fma(s, FloatVector.fromArray(S, m, q).fma(s, FloatVector.fromArray(S, m, p)));
        FloatVector t1 = FloatVector.fromArray(S, m, z + step)
                .fma(s, FloatVector.fromArray(S, m, q + step).fma(s, FloatVector.fromArray(S, m, p + step)));
        FloatVector t2 = FloatVector.fromArray(S, m, z + 2 * step)
                .fma(s, FloatVector.fromArray(S, m, q + 2 * step).fma(s, FloatVector.fromArray(S, m, p + 2 * step)));
        FloatVector t3 = FloatVector.fromArray(S, m, z + 3 * step)
                .fma(s, FloatVector.fromArray(S, m, q + 3 * step).fma(s, FloatVector.fromArray(S, m, p + 3 * step)));
        FloatVector b = FloatVector.fromArray(S, bias, f0);
        t0.add(t1).add(t2).add(b).intoArray(rows, at);
        t1.sub(t2).sub(t3).add(b).intoArray(rows, at + f);
    }

    /**
     * The output rows from {@code rows} (filters last, {@code width} columns each) into {@code out [f, ho, wo]}:
     * the filters-first transpose.
     */
    private static void writeRows(float[] rows, int width, int f, float[] out, int oo, int ho, int wo) {
        int plane = ho * wo;
        for (int y = 0; y < ho; y++) {
            int src = y * width * f;
            int dst = oo + y * wo;
            // Read along the filters (contiguous), write a column of every filter's plane (plane apart).
            for (int x = 0; x < wo; x++, src += f) {
                for (int fi = 0, at = dst + x; fi < f; fi++, at += plane) out[at] = rows[src + fi];
            }
        }
    }
}
