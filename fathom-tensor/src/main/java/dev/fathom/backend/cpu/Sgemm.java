package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix multiply, {@code C = op(A)·op(B) + beta·C}, on row-major arrays.
 *
 * <p>Blocking: a micro-kernel keeps a tile of 6 rows × {@code NV} vectors of C in registers for a
 * whole run over k. {@code NV} is picked from the vector shape at class load: 4 with 32 vector
 * registers (AVX-512, AArch64), giving 24 accumulators + 4 B vectors + 1 A broadcast, and 2 with 16
 * (AVX2). B is packed {@code KC} rows of k at a time into contiguous KC × (NV vectors) panels, so the
 * kernel streams it linearly from L2; a transposed B is untransposed while packing, with 16×16
 * vector shuffles when vectors hold 16 floats. The 6 × KC slice of A under the kernel stays in L1
 * while it sweeps every B panel of an {@code NC}-column block; A's rows are copied {@code MC} at a
 * time into contiguous scratch where the block spans at least {@code PACK_A_COLUMNS} columns (at a
 * power-of-two stride six rows share L1 sets and evict each other), else read in place; a transposed
 * A is untransposed into the same scratch. Edges reuse the
 * kernels: rows past m repeat the last row (computing and storing the same values), the last panel
 * uses a kernel 1-3 vectors wide, and a width that is not whole vectors goes through a scratch tile.
 *
 * <p>Threads split the columns of C (or its rows, when that balances better), so each packs only
 * the B it uses into its own reused scratch, in chunks claimed in turn (two per thread, unless
 * each would untranspose a whole operand again). Products below {@code SMALL} skip packing and use
 * a plain register-blocked loop; m ≤ 2 uses a vector-matrix loop.
 *
 * <pre>{@code
 * // C[m×n] = A[m×k] · B[k×n], overwriting C
 * Sgemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
 * }</pre>
 */
public final class Sgemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows per micro-tile; the kernels below are written for it. */
    private static final int MR = 6;
    /** Vectors per micro-tile, as many as the register file holds without spilling. */
    private static final int NV = wideRegisterFile() ? 4 : 2;

    private static final int NR = NV * L;
    /**
     * Block sizes: MR×KC floats of A stay in L1, KC×NC floats of packed B in L2. NC = 256 (with A
     * copied into scratch rows, commit 984bd37) was 8% slower per CPU-second at n = 1024 in an
     * alternated A/B (bench/sgemm_ab, one thread, 6 rounds: 0.80-1.00, median 0.92) and no faster at
     * 256, so it was reverted; copying A at NC = 512 was faster at n = 1024 in all 6 rounds (1.05-1.46).
     */
    private static final int KC = 256;
    private static final int NC = 512;
    /** Columns of C a block must span for copying A's rows into scratch to pay (see {@link #block}). */
    private static final int PACK_A_COLUMNS = 128;
    /** Rows of a transposed A untransposed at a time. */
    private static final int MC = 16 * MR;
    /** Below this m·n·k packing does not pay off and the plain loop runs instead. */
    private static final long SMALL = 32 * 1024;
    /** Below this m·n·k the fork/join hand-off costs more than a second thread saves. */
    private static final long PARALLEL = 2 * 1024 * 1024;
    /** The same for the m ≤ 2 path, which is bound by reading B and gains more from a second core. */
    private static final long ROW_PARALLEL = 32 * 1024;
    /** Chunks per thread of a parallel product (see {@link Parallel#forChunks}). */
    private static final int CHUNKS_PER_THREAD = 2;
    /** Columns per parallel unit of the m ≤ 2 path. */
    private static final int ROW_GRAIN = 64;

    private static final int STORE = 0;
    private static final int ADD = 1;
    private static final int SCALE = 2;

    /** Per-thread scratch, grown as needed: packed B, untransposed A, one edge tile of C. */
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[MR * NR]});

    private Sgemm() {}

    /** AVX-512 and AArch64 have 32 vector registers; AVX2 and SSE have 16. */
    private static boolean wideRegisterFile() {
        String arch = System.getProperty("os.arch", "");
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86");
        return !x86 || S.vectorBitSize() >= 512;
    }

    /**
     * C = op(A) · op(B) + beta · C, where op(A) is m×k, op(B) is k×n, C is m×n, all row-major.
     * Element (i,j) of a non-transposed A is {@code a[aOff + i*lda + j]}; if {@code transA},
     * op(A)(i,p) = {@code a[aOff + p*lda + i]}. Same for B. With beta 0, C is only written, never
     * read (it may hold NaN).
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (m <= 2) {
            int units = (n + ROW_GRAIN - 1) / ROW_GRAIN;
            if (threads == 1 || work < ROW_PARALLEL || units < 2) {
                for (int i = 0; i < m; i++) {
                    row(transA, transB, i, 0, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff + i * ldc);
                }
            } else {
                Parallel.forRange(units, 1, (s, e) -> {
                    for (int i = 0; i < m; i++) {
                        row(transA, transB, i, s * ROW_GRAIN, Math.min(n, e * ROW_GRAIN), k,
                                a, aOff, lda, b, bOff, ldb, beta, c, cOff + i * ldc);
                    }
                });
            }
            return;
        }
        boolean widerB = transB && !transA && m >= L && (long) (n - m) * k > 4L * m * n;
        // C = A·Bᵀ with B the wider operand (a convolution's kernel gradient, dY·colsᵀ): packing
        // transposes B, n·k elements; computing Cᵀ = B·Aᵀ transposes the smaller A instead, worth it
        // when the transposes saved, (n − m)·k, far outweigh writing Cᵀ back (m·n). And a narrow C
        // (n < one vector, e.g. a 3x3 kernel's gradient, n = 9) wastes most vector lanes, while Cᵀ is wide.
        if ((widerB || (n < L && m >= 2 * n)) && work >= PARALLEL) {
            float[] ct = new float[n * m];
            gemm(!transB, !transA, n, m, k, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m);
            for (int i = 0; i < m; i++) {
                int o = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[o + j] = ct[j * m + i] + (beta == 0f ? 0f : beta * c[o + j]);
            }
            return;
        }
        if (work < SMALL) {
            if (transB) {
                small(transA, m, n, k, a, aOff, lda, transposeB(n, k, b, bOff, ldb), 0, n, beta, c, cOff, ldc);
            } else {
                small(transA, m, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            return;
        }
        int colUnits = (n + L - 1) / L;
        int rowBlocks = (m + MR - 1) / MR;
        if (threads == 1 || work < PARALLEL) {
            block(transA, transB, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (balance(colUnits, threads) >= balance(rowBlocks, threads) - 0.05 && !rowsReadLess(m, n, k, transA, transB, threads)) {
            // Splitting columns lets each thread pack only its own part of B. Two chunks per thread,
            // claimed in turn: a thread that loses its core for a while (a JIT compile, another
            // process) leaves the other to take the rest instead of the product waiting for it. Each
            // chunk packs only its own columns of B, so none is packed twice; but each untransposes
            // all of a transposed A (a weight gradient, xᵀ·g), which costs as much as a narrow
            // chunk's arithmetic: then one chunk per thread.
            Parallel.forChunks(colUnits, (transA ? 1 : CHUNKS_PER_THREAD) * threads, (s, e) -> {
                block(transA, transB, 0, m, s * L, Math.min(n, e * L), k,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        } else {
            // Each chunk packs all of B: copies are cheap, a transposed B's untransposing is not.
            Parallel.forChunks(rowBlocks, (transB ? 1 : CHUNKS_PER_THREAD) * threads, (s, e) -> {
                block(transA, transB, s * MR, Math.min(m, e * MR), 0, n, k,
                        a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        }
    }

    /**
     * Whether splitting C's rows moves clearly less memory than splitting its columns, where both balance:
     * each column chunk reads all of A (m·k), each row chunk packs all of B (k·n). A convolution's kernel
     * gradient, computed as Cᵀ = columns·gradientᵀ (m = 288, n = 64, k = 7,744), read its 9 MB of
     * columns once per column chunk, four times a product.
     */
    private static boolean rowsReadLess(int m, int n, int k, boolean transA, boolean transB, int threads) {
        long columnChunks = (long) (transA ? 1 : CHUNKS_PER_THREAD) * threads;
        long rowChunks = (long) (transB ? 1 : CHUNKS_PER_THREAD) * threads;
        long byColumns = columnChunks * m * k + (long) k * n;
        long byRows = (long) m * k + rowChunks * k * n;
        return 4 * byRows < 3 * byColumns;
    }

    /** Fraction of the threads kept busy when {@code units} equal pieces are split contiguously. */
    private static double balance(int units, int threads) {
        int chunks = Math.min(units, threads);
        int largest = (units + chunks - 1) / chunks;
        return (double) units / ((double) largest * threads);
    }

    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, o, o + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[o + j] *= beta;
            }
        }
    }

    /** Computes rows [i0, i1) and columns [j0, j1) of C on the calling thread. */
    private static void block(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        float[][] scratch = SCRATCH.get();
        int kcMax = Math.min(KC, k);
        int ncMax = Math.min(NC, j1 - j0);
        int bNeed = kcMax * ((ncMax + NR - 1) / NR) * NR;
        if (scratch[0].length < bNeed) scratch[0] = new float[bNeed];
        // Copying A's rows into scratch makes the micro-kernel's six rows contiguous: read in place at a
        // power-of-two stride (n = 1024: 4 KB) they fall into the same L1 sets and evict each other. The
        // copy is one pass over A per block, so it pays only where enough columns reuse it.
        boolean packA = transA || j1 - j0 >= PACK_A_COLUMNS;
        int aNeed = Math.min(MC, i1 - i0) * kcMax;
        if (packA && scratch[1].length < aNeed) scratch[1] = new float[aNeed];
        float[] bp = scratch[0];
        float[] ap = scratch[1];
        float[] tile = scratch[2];
        int firstMode = beta == 0f ? STORE : beta == 1f ? ADD : SCALE;

        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp);
                int mode = pc == 0 ? firstMode : ADD;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    if (transA) {
                        // op(A) rows [ic, ic+mc) are columns of the stored A: untranspose them once
                        // per block rather than gathering inside the kernel.
                        transpose(a, aOff + pc * lda + ic, lda, kc, mc, ap, 0, kc);
                    } else if (packA) {
                        for (int r = 0; r < mc; r++) System.arraycopy(a, aOff + (ic + r) * lda + pc, ap, r * kc, kc);
                    }
                    for (int i = ic; i < ic + mc; i += MR) {
                        int mr = Math.min(MR, ic + mc - i);
                        float[] as = packA ? ap : a;
                        int aBase = packA ? (i - ic) * kc : aOff + i * lda + pc;
                        int rs = packA ? kc : lda;
                        int cRow = cOff + i * ldc + jc;
                        for (int jr = 0, panel = 0; jr < nc; jr += NR) {
                            int w = Math.min(NR, nc - jr);
                            int nv = (w + L - 1) / L;
                            if (w == nv * L) {
                                kernel(nv, as, aBase, rs, bp, panel, kc, c, cRow + jr, ldc, mr, mode, beta);
                            } else {
                                // Right edge not a whole vector: run the kernel on a scratch tile.
                                if (mode != STORE) {
                                    for (int r = 0; r < mr; r++) {
                                        System.arraycopy(c, cRow + jr + r * ldc, tile, r * NR, w);
                                    }
                                }
                                kernel(nv, as, aBase, rs, bp, panel, kc, tile, 0, NR, mr, mode, beta);
                                for (int r = 0; r < mr; r++) {
                                    System.arraycopy(tile, r * NR, c, cRow + jr + r * ldc, w);
                                }
                            }
                            panel += kc * nv * L;
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code c[co + r·ldc + j] = Σ_p a[aBase + r·lda + p] · b[bo + p·nv·L + j]} for the {@code mr ≤ 6} rows
     * and {@code nv ≤ 4} vectors of columns: the micro-kernel, for a caller whose B is already packed as
     * {@code k} rows of {@code nv·L} floats (Winograd's transformed filters).
     */
    static void microKernel(int nv, float[] a, int aBase, int lda, float[] b, int bo, int k, float[] c, int co, int ldc, int mr) {
        kernel(nv, a, aBase, lda, b, bo, k, c, co, ldc, mr, STORE, 0f);
    }

    /** Runs the micro-kernel that is {@code nv} vectors wide. */
    private static void kernel(int nv, float[] a, int aBase, int lda, float[] b, int bo, int kc,
                               float[] c, int co, int ldc, int mr, int mode, float beta) {
        switch (nv) {
            case 4 -> kernel6x4(a, aBase, lda, b, bo, kc, c, co, ldc, mr, mode, beta);
            case 3 -> kernel6x3(a, aBase, lda, b, bo, kc, c, co, ldc, mr, mode, beta);
            case 2 -> kernel6x2(a, aBase, lda, b, bo, kc, c, co, ldc, mr, mode, beta);
            default -> kernel6x1(a, aBase, lda, b, bo, kc, c, co, ldc, mr, mode, beta);
        }
    }

    /**
     * Packs op(B) rows [pc, pc+kc), columns [jc, jc+nc) into panels of kc rows: NR columns wide,
     * except the last, which is rounded up to whole vectors and zero-padded.
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
                              float[] bp) {
        int jr0 = 0;
        if (!transB) {
            // Whole panels a row of B at a time, with vector copies: NR floats per panel row are too
            // few for System.arraycopy, whose call cost as much as the copy (17% of a CNN step went to
            // packing the convolutions' columns, k = 9 and 288 rows of 43,264 and 7,744).
            int whole = nc / NR * NR;
            for (int p = 0; p < kc; p++) {
                int src = bOff + (pc + p) * ldb + jc;
                for (int jr = 0, d = p * NR; jr < whole; jr += NR, d += kc * NR) {
                    for (int v = 0; v < NV; v++) FloatVector.fromArray(S, b, src + jr + v * L).intoArray(bp, d + v * L);
                }
            }
            jr0 = whole;
        }
        for (int jr = jr0, panel = jr0 * kc; jr < nc; jr += NR) {
            int w = Math.min(NR, nc - jr);
            int wv = (w + L - 1) / L * L;
            if (transB) {
                transpose(b, bOff + (jc + jr) * ldb + pc, ldb, w, kc, bp, panel, wv);
                // The padding lanes, a few floats per row of k: a loop, as a call to Arrays.fill costs
                // more than the stores (a kernel gradient's 9 columns pad 7 floats in each of 43,264 rows).
                if (wv > w) {
                    for (int p = 0, d = panel; p < kc; p++, d += wv) {
                        for (int q = w; q < wv; q++) bp[d + q] = 0f;
                    }
                }
            } else {
                // The last panel: whole vectors copied as vectors, then a zero vector over the padding lanes and
                // the few floats left over it (a sample's 121 output pixels leave a panel of 9: 1 vector, 1 float).
                int src = bOff + pc * ldb + jc + jr;
                int whole = w / L * L;
                FloatVector zero = FloatVector.zero(S);
                for (int p = 0, d = panel; p < kc; p++, src += ldb, d += wv) {
                    for (int q = 0; q < whole; q += L) FloatVector.fromArray(S, b, src + q).intoArray(bp, d + q);
                    if (whole < w) {
                        zero.intoArray(bp, d + whole);
                        for (int q = whole; q < w; q++) bp[d + q] = b[src + q];
                    }
                }
            }
            panel += kc * wv;
        }
    }

    /** {@code dst[dOff + q*ds + r] = src[sOff + r*ss + q]} for r < rows, q < cols. */
    private static void transpose(float[] src, int sOff, int ss, int rows, int cols, float[] dst, int dOff, int ds) {
        int r = 0;
        if (T16 != null) {
            for (; r + 16 <= rows; r += 16) {
                int q = 0;
                for (; q + 16 <= cols; q += 16) {
                    transpose16(src, sOff + r * ss + q, ss, dst, dOff + q * ds + r, ds);
                }
                for (int rr = r; rr < r + 16; rr++) {
                    int s0 = sOff + rr * ss;
                    for (int qq = q, d = dOff + q * ds + rr; qq < cols; qq++, d += ds) dst[d] = src[s0 + qq];
                }
            }
        }
        // Four source rows at a time: four sequential reads, one short contiguous write per column.
        for (; r + 4 <= rows; r += 4) {
            int s0 = sOff + r * ss;
            int s1 = s0 + ss;
            int s2 = s1 + ss;
            int s3 = s2 + ss;
            for (int q = 0, d = dOff + r; q < cols; q++, d += ds) {
                dst[d] = src[s0 + q];
                dst[d + 1] = src[s1 + q];
                dst[d + 2] = src[s2 + q];
                dst[d + 3] = src[s3 + q];
            }
        }
        for (; r < rows; r++) {
            int s0 = sOff + r * ss;
            for (int q = 0, d = dOff + r; q < cols; q++, d += ds) dst[d] = src[s0 + q];
        }
    }

    /**
     * Two-source lane selections for a 16×16 transpose in four butterfly rounds (distances 8, 4,
     * 2, 1): each round swaps the off-diagonal d×d blocks of every 2d×2d block. Null unless
     * vectors hold 16 floats.
     */
    private static final FloatVector[] T16 = L == 16 ? butterflyIndexes() : null;

    private static FloatVector[] butterflyIndexes() {
        FloatVector[] t = new FloatVector[8];
        for (int round = 0; round < 4; round++) {
            int d = 8 >> round;
            float[] lo = new float[16];
            float[] hi = new float[16];
            for (int lane = 0; lane < 16; lane++) {
                boolean low = (lane & d) == 0;
                lo[lane] = low ? lane : 16 + lane - d;
                hi[lane] = low ? lane + d : 16 + lane;
            }
            t[2 * round] = FloatVector.fromArray(S, lo, 0);
            t[2 * round + 1] = FloatVector.fromArray(S, hi, 0);
        }
        return t;
    }

    /** Transposes one 16×16 block with vector shuffles, about twice as fast as element copies. */
    private static void transpose16(float[] src, int so, int ss, float[] dst, int d, int ds) {
        FloatVector lo = T16[0], hi = T16[1];
        FloatVector r0 = FloatVector.fromArray(S, src, so);
        FloatVector r1 = FloatVector.fromArray(S, src, so + ss);
        FloatVector r2 = FloatVector.fromArray(S, src, so + 2 * ss);
        FloatVector r3 = FloatVector.fromArray(S, src, so + 3 * ss);
        FloatVector r4 = FloatVector.fromArray(S, src, so + 4 * ss);
        FloatVector r5 = FloatVector.fromArray(S, src, so + 5 * ss);
        FloatVector r6 = FloatVector.fromArray(S, src, so + 6 * ss);
        FloatVector r7 = FloatVector.fromArray(S, src, so + 7 * ss);
        FloatVector r8 = FloatVector.fromArray(S, src, so + 8 * ss);
        FloatVector r9 = FloatVector.fromArray(S, src, so + 9 * ss);
        FloatVector r10 = FloatVector.fromArray(S, src, so + 10 * ss);
        FloatVector r11 = FloatVector.fromArray(S, src, so + 11 * ss);
        FloatVector r12 = FloatVector.fromArray(S, src, so + 12 * ss);
        FloatVector r13 = FloatVector.fromArray(S, src, so + 13 * ss);
        FloatVector r14 = FloatVector.fromArray(S, src, so + 14 * ss);
        FloatVector r15 = FloatVector.fromArray(S, src, so + 15 * ss);
        FloatVector u0 = lo.selectFrom(r0, r8), u8 = hi.selectFrom(r0, r8);
        FloatVector u1 = lo.selectFrom(r1, r9), u9 = hi.selectFrom(r1, r9);
        FloatVector u2 = lo.selectFrom(r2, r10), u10 = hi.selectFrom(r2, r10);
        FloatVector u3 = lo.selectFrom(r3, r11), u11 = hi.selectFrom(r3, r11);
        FloatVector u4 = lo.selectFrom(r4, r12), u12 = hi.selectFrom(r4, r12);
        FloatVector u5 = lo.selectFrom(r5, r13), u13 = hi.selectFrom(r5, r13);
        FloatVector u6 = lo.selectFrom(r6, r14), u14 = hi.selectFrom(r6, r14);
        FloatVector u7 = lo.selectFrom(r7, r15), u15 = hi.selectFrom(r7, r15);
        lo = T16[2];
        hi = T16[3];
        r0 = lo.selectFrom(u0, u4);
        r4 = hi.selectFrom(u0, u4);
        r1 = lo.selectFrom(u1, u5);
        r5 = hi.selectFrom(u1, u5);
        r2 = lo.selectFrom(u2, u6);
        r6 = hi.selectFrom(u2, u6);
        r3 = lo.selectFrom(u3, u7);
        r7 = hi.selectFrom(u3, u7);
        r8 = lo.selectFrom(u8, u12);
        r12 = hi.selectFrom(u8, u12);
        r9 = lo.selectFrom(u9, u13);
        r13 = hi.selectFrom(u9, u13);
        r10 = lo.selectFrom(u10, u14);
        r14 = hi.selectFrom(u10, u14);
        r11 = lo.selectFrom(u11, u15);
        r15 = hi.selectFrom(u11, u15);
        lo = T16[4];
        hi = T16[5];
        u0 = lo.selectFrom(r0, r2);
        u2 = hi.selectFrom(r0, r2);
        u1 = lo.selectFrom(r1, r3);
        u3 = hi.selectFrom(r1, r3);
        u4 = lo.selectFrom(r4, r6);
        u6 = hi.selectFrom(r4, r6);
        u5 = lo.selectFrom(r5, r7);
        u7 = hi.selectFrom(r5, r7);
        u8 = lo.selectFrom(r8, r10);
        u10 = hi.selectFrom(r8, r10);
        u9 = lo.selectFrom(r9, r11);
        u11 = hi.selectFrom(r9, r11);
        u12 = lo.selectFrom(r12, r14);
        u14 = hi.selectFrom(r12, r14);
        u13 = lo.selectFrom(r13, r15);
        u15 = hi.selectFrom(r13, r15);
        lo = T16[6];
        hi = T16[7];
        lo.selectFrom(u0, u1).intoArray(dst, d);
        hi.selectFrom(u0, u1).intoArray(dst, d + ds);
        lo.selectFrom(u2, u3).intoArray(dst, d + 2 * ds);
        hi.selectFrom(u2, u3).intoArray(dst, d + 3 * ds);
        lo.selectFrom(u4, u5).intoArray(dst, d + 4 * ds);
        hi.selectFrom(u4, u5).intoArray(dst, d + 5 * ds);
        lo.selectFrom(u6, u7).intoArray(dst, d + 6 * ds);
        hi.selectFrom(u6, u7).intoArray(dst, d + 7 * ds);
        lo.selectFrom(u8, u9).intoArray(dst, d + 8 * ds);
        hi.selectFrom(u8, u9).intoArray(dst, d + 9 * ds);
        lo.selectFrom(u10, u11).intoArray(dst, d + 10 * ds);
        hi.selectFrom(u10, u11).intoArray(dst, d + 11 * ds);
        lo.selectFrom(u12, u13).intoArray(dst, d + 12 * ds);
        hi.selectFrom(u12, u13).intoArray(dst, d + 13 * ds);
        lo.selectFrom(u14, u15).intoArray(dst, d + 14 * ds);
        hi.selectFrom(u14, u15).intoArray(dst, d + 15 * ds);
    }

    // The micro-kernels: C tile (6 rows × nv vectors, ldc apart) = A rows · packed panel, where mode
    // STORE overwrites C, ADD accumulates into it and SCALE adds beta·C. Rows at or past mr repeat
    // row mr-1 in both A and C, so they write the value row mr-1 gets to the same place. Loading C
    // first (rather than adding at the end) keeps the loop free of branches; they are generated
    // from one template, each with its accumulators as separate locals so they stay in registers.

    private static void kernel6x4(float[] a, int aBase, int lda, float[] b, int bo, int kc,
                                  float[] c, int co, int ldc, int mr, int mode, float beta) {
        int last = mr - 1;
        int a0 = aBase;
        int a1 = aBase + Math.min(1, last) * lda;
        int a2 = aBase + Math.min(2, last) * lda;
        int a3 = aBase + Math.min(3, last) * lda;
        int a4 = aBase + Math.min(4, last) * lda;
        int a5 = aBase + Math.min(5, last) * lda;
        int o0 = co;
        int o1 = co + Math.min(1, last) * ldc;
        int o2 = co + Math.min(2, last) * ldc;
        int o3 = co + Math.min(3, last) * ldc;
        int o4 = co + Math.min(4, last) * ldc;
        int o5 = co + Math.min(5, last) * ldc;
        FloatVector c00, c01, c02, c03;
        FloatVector c10, c11, c12, c13;
        FloatVector c20, c21, c22, c23;
        FloatVector c30, c31, c32, c33;
        FloatVector c40, c41, c42, c43;
        FloatVector c50, c51, c52, c53;
        if (mode == STORE) {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c02 = z; c03 = z;
            c10 = z; c11 = z; c12 = z; c13 = z;
            c20 = z; c21 = z; c22 = z; c23 = z;
            c30 = z; c31 = z; c32 = z; c33 = z;
            c40 = z; c41 = z; c42 = z; c43 = z;
            c50 = z; c51 = z; c52 = z; c53 = z;
        } else {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c02 = FloatVector.fromArray(S, c, o0 + 2 * L);
            c03 = FloatVector.fromArray(S, c, o0 + 3 * L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c12 = FloatVector.fromArray(S, c, o1 + 2 * L);
            c13 = FloatVector.fromArray(S, c, o1 + 3 * L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c22 = FloatVector.fromArray(S, c, o2 + 2 * L);
            c23 = FloatVector.fromArray(S, c, o2 + 3 * L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c32 = FloatVector.fromArray(S, c, o3 + 2 * L);
            c33 = FloatVector.fromArray(S, c, o3 + 3 * L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c42 = FloatVector.fromArray(S, c, o4 + 2 * L);
            c43 = FloatVector.fromArray(S, c, o4 + 3 * L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            c52 = FloatVector.fromArray(S, c, o5 + 2 * L);
            c53 = FloatVector.fromArray(S, c, o5 + 3 * L);
            if (mode == SCALE) {
                FloatVector s = FloatVector.broadcast(S, beta);
                c00 = c00.mul(s); c01 = c01.mul(s); c02 = c02.mul(s); c03 = c03.mul(s);
                c10 = c10.mul(s); c11 = c11.mul(s); c12 = c12.mul(s); c13 = c13.mul(s);
                c20 = c20.mul(s); c21 = c21.mul(s); c22 = c22.mul(s); c23 = c23.mul(s);
                c30 = c30.mul(s); c31 = c31.mul(s); c32 = c32.mul(s); c33 = c33.mul(s);
                c40 = c40.mul(s); c41 = c41.mul(s); c42 = c42.mul(s); c43 = c43.mul(s);
                c50 = c50.mul(s); c51 = c51.mul(s); c52 = c52.mul(s); c53 = c53.mul(s);
            }
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * (4 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c23.intoArray(c, o2 + 3 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c33.intoArray(c, o3 + 3 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c43.intoArray(c, o4 + 3 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
        c53.intoArray(c, o5 + 3 * L);
    }

    private static void kernel6x3(float[] a, int aBase, int lda, float[] b, int bo, int kc,
                                  float[] c, int co, int ldc, int mr, int mode, float beta) {
        int last = mr - 1;
        int a0 = aBase;
        int a1 = aBase + Math.min(1, last) * lda;
        int a2 = aBase + Math.min(2, last) * lda;
        int a3 = aBase + Math.min(3, last) * lda;
        int a4 = aBase + Math.min(4, last) * lda;
        int a5 = aBase + Math.min(5, last) * lda;
        int o0 = co;
        int o1 = co + Math.min(1, last) * ldc;
        int o2 = co + Math.min(2, last) * ldc;
        int o3 = co + Math.min(3, last) * ldc;
        int o4 = co + Math.min(4, last) * ldc;
        int o5 = co + Math.min(5, last) * ldc;
        FloatVector c00, c01, c02;
        FloatVector c10, c11, c12;
        FloatVector c20, c21, c22;
        FloatVector c30, c31, c32;
        FloatVector c40, c41, c42;
        FloatVector c50, c51, c52;
        if (mode == STORE) {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z; c02 = z;
            c10 = z; c11 = z; c12 = z;
            c20 = z; c21 = z; c22 = z;
            c30 = z; c31 = z; c32 = z;
            c40 = z; c41 = z; c42 = z;
            c50 = z; c51 = z; c52 = z;
        } else {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c02 = FloatVector.fromArray(S, c, o0 + 2 * L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c12 = FloatVector.fromArray(S, c, o1 + 2 * L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c22 = FloatVector.fromArray(S, c, o2 + 2 * L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c32 = FloatVector.fromArray(S, c, o3 + 2 * L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c42 = FloatVector.fromArray(S, c, o4 + 2 * L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            c52 = FloatVector.fromArray(S, c, o5 + 2 * L);
            if (mode == SCALE) {
                FloatVector s = FloatVector.broadcast(S, beta);
                c00 = c00.mul(s); c01 = c01.mul(s); c02 = c02.mul(s);
                c10 = c10.mul(s); c11 = c11.mul(s); c12 = c12.mul(s);
                c20 = c20.mul(s); c21 = c21.mul(s); c22 = c22.mul(s);
                c30 = c30.mul(s); c31 = c31.mul(s); c32 = c32.mul(s);
                c40 = c40.mul(s); c41 = c41.mul(s); c42 = c42.mul(s);
                c50 = c50.mul(s); c51 = c51.mul(s); c52 = c52.mul(s);
            }
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * (3 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c02.intoArray(c, o0 + 2 * L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c12.intoArray(c, o1 + 2 * L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c22.intoArray(c, o2 + 2 * L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c32.intoArray(c, o3 + 2 * L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c42.intoArray(c, o4 + 2 * L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
        c52.intoArray(c, o5 + 2 * L);
    }

    private static void kernel6x2(float[] a, int aBase, int lda, float[] b, int bo, int kc,
                                  float[] c, int co, int ldc, int mr, int mode, float beta) {
        int last = mr - 1;
        int a0 = aBase;
        int a1 = aBase + Math.min(1, last) * lda;
        int a2 = aBase + Math.min(2, last) * lda;
        int a3 = aBase + Math.min(3, last) * lda;
        int a4 = aBase + Math.min(4, last) * lda;
        int a5 = aBase + Math.min(5, last) * lda;
        int o0 = co;
        int o1 = co + Math.min(1, last) * ldc;
        int o2 = co + Math.min(2, last) * ldc;
        int o3 = co + Math.min(3, last) * ldc;
        int o4 = co + Math.min(4, last) * ldc;
        int o5 = co + Math.min(5, last) * ldc;
        FloatVector c00, c01;
        FloatVector c10, c11;
        FloatVector c20, c21;
        FloatVector c30, c31;
        FloatVector c40, c41;
        FloatVector c50, c51;
        if (mode == STORE) {
            FloatVector z = FloatVector.zero(S);
            c00 = z; c01 = z;
            c10 = z; c11 = z;
            c20 = z; c21 = z;
            c30 = z; c31 = z;
            c40 = z; c41 = z;
            c50 = z; c51 = z;
        } else {
            c00 = FloatVector.fromArray(S, c, o0);
            c01 = FloatVector.fromArray(S, c, o0 + L);
            c10 = FloatVector.fromArray(S, c, o1);
            c11 = FloatVector.fromArray(S, c, o1 + L);
            c20 = FloatVector.fromArray(S, c, o2);
            c21 = FloatVector.fromArray(S, c, o2 + L);
            c30 = FloatVector.fromArray(S, c, o3);
            c31 = FloatVector.fromArray(S, c, o3 + L);
            c40 = FloatVector.fromArray(S, c, o4);
            c41 = FloatVector.fromArray(S, c, o4 + L);
            c50 = FloatVector.fromArray(S, c, o5);
            c51 = FloatVector.fromArray(S, c, o5 + L);
            if (mode == SCALE) {
                FloatVector s = FloatVector.broadcast(S, beta);
                c00 = c00.mul(s); c01 = c01.mul(s);
                c10 = c10.mul(s); c11 = c11.mul(s);
                c20 = c20.mul(s); c21 = c21.mul(s);
                c30 = c30.mul(s); c31 = c31.mul(s);
                c40 = c40.mul(s); c41 = c41.mul(s);
                c50 = c50.mul(s); c51 = c51.mul(s);
            }
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, o0);
        c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1);
        c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2);
        c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3);
        c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4);
        c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5);
        c51.intoArray(c, o5 + L);
    }

    private static void kernel6x1(float[] a, int aBase, int lda, float[] b, int bo, int kc,
                                  float[] c, int co, int ldc, int mr, int mode, float beta) {
        int last = mr - 1;
        int a0 = aBase;
        int a1 = aBase + Math.min(1, last) * lda;
        int a2 = aBase + Math.min(2, last) * lda;
        int a3 = aBase + Math.min(3, last) * lda;
        int a4 = aBase + Math.min(4, last) * lda;
        int a5 = aBase + Math.min(5, last) * lda;
        int o0 = co;
        int o1 = co + Math.min(1, last) * ldc;
        int o2 = co + Math.min(2, last) * ldc;
        int o3 = co + Math.min(3, last) * ldc;
        int o4 = co + Math.min(4, last) * ldc;
        int o5 = co + Math.min(5, last) * ldc;
        FloatVector c00;
        FloatVector c10;
        FloatVector c20;
        FloatVector c30;
        FloatVector c40;
        FloatVector c50;
        if (mode == STORE) {
            FloatVector z = FloatVector.zero(S);
            c00 = z;
            c10 = z;
            c20 = z;
            c30 = z;
            c40 = z;
            c50 = z;
        } else {
            c00 = FloatVector.fromArray(S, c, o0);
            c10 = FloatVector.fromArray(S, c, o1);
            c20 = FloatVector.fromArray(S, c, o2);
            c30 = FloatVector.fromArray(S, c, o3);
            c40 = FloatVector.fromArray(S, c, o4);
            c50 = FloatVector.fromArray(S, c, o5);
            if (mode == SCALE) {
                FloatVector s = FloatVector.broadcast(S, beta);
                c00 = c00.mul(s);
                c10 = c10.mul(s);
                c20 = c20.mul(s);
                c30 = c30.mul(s);
                c40 = c40.mul(s);
                c50 = c50.mul(s);
            }
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * (1 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
        }
        c00.intoArray(c, o0);
        c10.intoArray(c, o1);
        c20.intoArray(c, o2);
        c30.intoArray(c, o3);
        c40.intoArray(c, o4);
        c50.intoArray(c, o5);
    }

    /**
     * Register-blocked loop for problems too small to repay packing: 4 rows × one vector of C at a
     * time, B read in place (transposed B is copied untransposed first), masked at the right edge.
     */
    private static void small(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int ars = transA ? 1 : lda;
        int aps = transA ? lda : 1;
        int bound = S.loopBound(n);
        float[] tile = bound < n ? new float[4 * L] : null;
        for (int i = 0; i < m; i += 4) {
            int last = Math.min(3, m - 1 - i);
            // Rows past m repeat the last row; they compute and store identical values.
            int a0 = aOff + i * ars;
            int a1 = a0 + Math.min(1, last) * ars;
            int a2 = a0 + Math.min(2, last) * ars;
            int a3 = a0 + last * ars;
            int c0 = cOff + i * ldc;
            int c1 = c0 + Math.min(1, last) * ldc;
            int c2 = c0 + Math.min(2, last) * ldc;
            int c3 = c0 + last * ldc;
            for (int j = 0; j < n; j += L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                if (j < bound) {
                    for (int p = 0, bi = bOff + j, ap = 0; p < k; p++, bi += ldb, ap += aps) {
                        FloatVector bv = FloatVector.fromArray(S, b, bi);
                        s0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, s0);
                        s1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, s1);
                        s2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, s2);
                        s3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, s3);
                    }
                    if (beta != 0f) {
                        s0 = FloatVector.fromArray(S, c, c0 + j).mul(beta).add(s0);
                        s1 = FloatVector.fromArray(S, c, c1 + j).mul(beta).add(s1);
                        s2 = FloatVector.fromArray(S, c, c2 + j).mul(beta).add(s2);
                        s3 = FloatVector.fromArray(S, c, c3 + j).mul(beta).add(s3);
                    }
                    s0.intoArray(c, c0 + j);
                    s1.intoArray(c, c1 + j);
                    s2.intoArray(c, c2 + j);
                    s3.intoArray(c, c3 + j);
                } else {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    for (int p = 0, bi = bOff + j, ap = 0; p < k; p++, bi += ldb, ap += aps) {
                        FloatVector bv = FloatVector.fromArray(S, b, bi, mask);
                        s0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, s0);
                        s1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, s1);
                        s2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, s2);
                        s3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, s3);
                    }
                    if (beta != 0f) {
                        s0 = FloatVector.fromArray(S, c, c0 + j, mask).mul(beta).add(s0);
                        s1 = FloatVector.fromArray(S, c, c1 + j, mask).mul(beta).add(s1);
                        s2 = FloatVector.fromArray(S, c, c2 + j, mask).mul(beta).add(s2);
                        s3 = FloatVector.fromArray(S, c, c3 + j, mask).mul(beta).add(s3);
                    }
                    // Through a tile: a masked store whose full vector would pass the end of c checks
                    // each lane on its own, slower than the rest of a 10-unit output layer's product.
                    s0.intoArray(tile, 0);
                    s1.intoArray(tile, L);
                    s2.intoArray(tile, 2 * L);
                    s3.intoArray(tile, 3 * L);
                    System.arraycopy(tile, 0, c, c0 + j, n - j);
                    System.arraycopy(tile, L, c, c1 + j, n - j);
                    System.arraycopy(tile, 2 * L, c, c2 + j, n - j);
                    System.arraycopy(tile, 3 * L, c, c3 + j, n - j);
                }
            }
        }
    }

    /** Copies op(B) = Bᵀ (k×n) into a k×n row-major scratch array. */
    private static float[] transposeB(int n, int k, float[] b, int bOff, int ldb) {
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < k * n) scratch[0] = new float[k * n];
        transpose(b, bOff, ldb, n, k, scratch[0], 0, n);
        return scratch[0];
    }

    /**
     * One row of C times B for m ≤ 2, where the micro-kernel's rows would be wasted: a
     * vector-matrix product over columns [j0, j1), eight vectors of C at a time, then four, then one.
     */
    private static void row(boolean transA, boolean transB, int i, int j0, int j1, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff) {
        int ai = aOff + (transA ? i : i * lda);
        int aps = transA ? lda : 1;
        if (transB) {
            if (transA) {
                float[][] scratch = SCRATCH.get();
                if (scratch[1].length < k) scratch[1] = new float[k];
                for (int p = 0; p < k; p++) scratch[1][p] = a[ai + p * lda];
                a = scratch[1];
                ai = 0;
            }
            dots(k, a, ai, j0, j1, b, bOff, ldb, beta, c, cOff);
            return;
        }
        int j = j0;
        // Eight chains of multiply-adds in flight, not four: with four, each step waits for the
        // last one's latency (4 cycles on Zen 3, two FMA units), and a one-sample Dense layer's
        // product is this loop. Each column still sums over p in order: the same bits.
        for (; j + 8 * L <= j1; j += 8 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int p = 0, bi = bOff + j, ap = ai; p < k; p++, bi += ldb, ap += aps) {
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
                s4 = x.fma(FloatVector.fromArray(S, b, bi + 4 * L), s4);
                s5 = x.fma(FloatVector.fromArray(S, b, bi + 5 * L), s5);
                s6 = x.fma(FloatVector.fromArray(S, b, bi + 6 * L), s6);
                s7 = x.fma(FloatVector.fromArray(S, b, bi + 7 * L), s7);
            }
            int o = cOff + j;
            if (beta != 0f) {
                s0 = FloatVector.fromArray(S, c, o).mul(beta).add(s0);
                s1 = FloatVector.fromArray(S, c, o + L).mul(beta).add(s1);
                s2 = FloatVector.fromArray(S, c, o + 2 * L).mul(beta).add(s2);
                s3 = FloatVector.fromArray(S, c, o + 3 * L).mul(beta).add(s3);
                s4 = FloatVector.fromArray(S, c, o + 4 * L).mul(beta).add(s4);
                s5 = FloatVector.fromArray(S, c, o + 5 * L).mul(beta).add(s5);
                s6 = FloatVector.fromArray(S, c, o + 6 * L).mul(beta).add(s6);
                s7 = FloatVector.fromArray(S, c, o + 7 * L).mul(beta).add(s7);
            }
            s0.intoArray(c, o);
            s1.intoArray(c, o + L);
            s2.intoArray(c, o + 2 * L);
            s3.intoArray(c, o + 3 * L);
            s4.intoArray(c, o + 4 * L);
            s5.intoArray(c, o + 5 * L);
            s6.intoArray(c, o + 6 * L);
            s7.intoArray(c, o + 7 * L);
        }
        for (; j + 4 * L <= j1; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0, bi = bOff + j, ap = ai; p < k; p++, bi += ldb, ap += aps) {
                FloatVector x = FloatVector.broadcast(S, a[ap]);
                s0 = x.fma(FloatVector.fromArray(S, b, bi), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, bi + L), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), s3);
            }
            int o = cOff + j;
            if (beta != 0f) {
                s0 = FloatVector.fromArray(S, c, o).mul(beta).add(s0);
                s1 = FloatVector.fromArray(S, c, o + L).mul(beta).add(s1);
                s2 = FloatVector.fromArray(S, c, o + 2 * L).mul(beta).add(s2);
                s3 = FloatVector.fromArray(S, c, o + 3 * L).mul(beta).add(s3);
            }
            s0.intoArray(c, o);
            s1.intoArray(c, o + L);
            s2.intoArray(c, o + 2 * L);
            s3.intoArray(c, o + 3 * L);
        }
        for (; j < j1; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, j1);
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0, bi = bOff + j, ap = ai; p < k; p++, bi += ldb, ap += aps) {
                s0 = FloatVector.broadcast(S, a[ap]).fma(FloatVector.fromArray(S, b, bi, mask), s0);
            }
            int o = cOff + j;
            if (beta != 0f) s0 = FloatVector.fromArray(S, c, o, mask).mul(beta).add(s0);
            if (o + L <= c.length) {
                s0.intoArray(c, o, mask);
            } else {
                // A masked store whose full vector passes the end of c checks each lane on its own
                // (as slow as the whole row of a 10-unit output layer): through a tile instead.
                float[] tile = new float[L];
                s0.intoArray(tile, 0);
                System.arraycopy(tile, 0, c, o, j1 - j);
            }
        }
    }

    /** c[cOff + j] = x · (row j of b) + beta · c[cOff + j] for j in [j0, j1), four rows of b at a time. */
    private static void dots(int k, float[] x, int xo, int j0, int j1, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff) {
        int bound = S.loopBound(k);
        VectorMask<Float> tail = S.indexInRange(bound, k);
        int j = j0;
        for (; j < j1; j += 4) {
            // Past j1 the rows repeat the last one, as in the micro-kernel.
            int last = Math.min(3, j1 - 1 - j);
            int b0 = bOff + j * ldb;
            int b1 = b0 + Math.min(1, last) * ldb;
            int b2 = b0 + Math.min(2, last) * ldb;
            int b3 = b0 + last * ldb;
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            int p = 0;
            for (; p < bound; p += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + p);
                s0 = xv.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, b3 + p), s3);
            }
            if (p < k) {
                FloatVector xv = FloatVector.fromArray(S, x, xo + p, tail);
                s0 = xv.fma(FloatVector.fromArray(S, b, b0 + p, tail), s0);
                s1 = xv.fma(FloatVector.fromArray(S, b, b1 + p, tail), s1);
                s2 = xv.fma(FloatVector.fromArray(S, b, b2 + p, tail), s2);
                s3 = xv.fma(FloatVector.fromArray(S, b, b3 + p, tail), s3);
            }
            float r0 = FloatKernels.sumLanes(s0);
            float r1 = FloatKernels.sumLanes(s1);
            float r2 = FloatKernels.sumLanes(s2);
            float r3 = FloatKernels.sumLanes(s3);
            int o = cOff + j;
            if (beta != 0f) {
                r0 += beta * c[o];
                if (last >= 1) r1 += beta * c[o + 1];
                if (last >= 2) r2 += beta * c[o + 2];
                if (last >= 3) r3 += beta * c[o + 3];
            }
            c[o] = r0;
            if (last >= 1) c[o + 1] = r1;
            if (last >= 2) c[o + 2] = r2;
            if (last >= 3) c[o + 3] = r3;
        }
    }
}
