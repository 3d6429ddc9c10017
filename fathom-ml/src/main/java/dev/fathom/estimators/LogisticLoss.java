package dev.fathom.estimators;

import dev.fathom.backend.Threads;
import dev.fathom.estimators.math.LogisticMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The objective {@link LogisticRegression} minimizes, divided by the number of samples (the same
 * minimum, numbers near 1): {@code (Σ sᵢ·lossᵢ + ||W||² / (2C)) / n}, with its gradient. The
 * parameters are the weights {@code W[j·outputs + k]} (feature j, output k) followed by the
 * intercepts when there are any. One output is the sigmoid's logit (two classes); more are the
 * softmax's logits. Rows are summed in blocks of {@link LogisticRegression#BLOCK}, then the blocks
 * in order, so threads change nothing in the result.
 *
 * <p>The rows are float32 (a float32 tensor is read as it is, with no float64 copy) or float64;
 * every sum is float64. With a {@code shift} and {@code scale} per feature the rows are taken as
 * {@code (x − shift) / scale} (a standard scaler's), without a standardized copy: the shift is
 * subtracted as a tile of rows is loaded, and the scale is folded into the weights ({@code W / scale}
 * for the logits) and into the gradient (divided by it at the end), so the weights and the
 * penalty stay those of the standardized features.
 *
 * <p>The rows are visited a tile of {@value #TILE} at a time, loaded once as float64 into a small
 * buffer that stays in cache while the logits {@code X·W} and then the gradient {@code Xᵀ·R} read
 * it. Large data (at least {@value #VECTOR_WORK} multiply-adds for the logits) runs the
 * multiply-adds on the Vector API: two classes along the features, more classes along the outputs,
 * padded to whole vectors with zero weights. Smaller data runs the same sums on scalars with four
 * independent chains: its whole fit is over before the JIT has compiled vector code, and
 * uncompiled vector code is tens of times slower than scalar code (each fold of {@code fathom
 * train digits} is such a fit). The exponentials and logarithms are scalar {@link Math} calls on
 * the scalar kernels; the vector kernel of two classes computes them a vector of rows at a time
 * from multiply-adds only ({@link LogisticMath}), which round the same compiled or not. Vector
 * lanes are added in lane order: the same data gives the same bits however far the JIT has got.
 */
final class LogisticLoss implements Lbfgs.Objective {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Floats of as many lanes as {@link #S}: one load converts to one double vector. */
    private static final VectorSpecies<Float> FS = VectorSpecies.of(float.class, VectorShape.forBitSize(L * Float.SIZE));
    /** Rows per tile, a multiple of any vector length. */
    private static final int TILE = 64;
    /** Multiply-adds of the logits ({@code rows · features · padded outputs}, one output for two classes) from which the vector kernels run. */
    static final long VECTOR_WORK = 1L << 21;

    private final float[] xf;   // [n * f], row-major, or null when the rows are float64
    private final double[] xd;  // [n * f], row-major, or null when the rows are float32
    private final double[] shift;   // per feature, subtracted from the rows, or null
    private final double[] scale;   // per feature, divides the shifted rows, or null
    private final int n;
    private final int f;
    private final int[] labels;
    private final double[] labelValues;   // the labels as float64, for the vector two-class kernel; else null
    private final double[] weights;   // per sample, or null for all 1
    private final int outputs;
    private final int padded;   // outputs rounded up to whole vectors of 4 (scalar) or L (vector) lanes: more than two classes
    private final boolean vector;
    private final boolean intercept;
    private final double c;

    /** Float64 rows, used as they are. */
    LogisticLoss(double[] x, int n, int f, int[] labels, double[] weights, int outputs, boolean intercept, double c) {
        this(null, x, null, null, n, f, labels, weights, outputs, intercept, c, null);
    }

    /** Float64 rows, with the kernels chosen: {@code vector} true or false, or null to choose by the data's size. */
    LogisticLoss(double[] x, int n, int f, int[] labels, double[] weights, int outputs, boolean intercept, double c, Boolean vector) {
        this(null, x, null, null, n, f, labels, weights, outputs, intercept, c, vector);
    }

    /**
     * Float32 rows, taken as {@code (x − shift) / scale} feature by feature when {@code shift} and
     * {@code scale} are given (either may be null: no shift, no scale), with the kernels chosen as above.
     */
    LogisticLoss(float[] x, double[] shift, double[] scale, int n, int f, int[] labels, double[] weights, int outputs,
            boolean intercept, double c, Boolean vector) {
        this(x, null, shift, scale, n, f, labels, weights, outputs, intercept, c, vector);
    }

    /** Float64 rows, standardized as the float32 constructor's. */
    LogisticLoss(double[] x, double[] shift, double[] scale, int n, int f, int[] labels, double[] weights, int outputs,
            boolean intercept, double c, Boolean vector) {
        this(null, x, shift, scale, n, f, labels, weights, outputs, intercept, c, vector);
    }

    private LogisticLoss(float[] xf, double[] xd, double[] shift, double[] scale, int n, int f, int[] labels, double[] weights,
            int outputs, boolean intercept, double c, Boolean vector) {
        this.xf = xf;
        this.xd = xd;
        this.shift = shift;
        this.scale = scale;
        this.n = n;
        this.f = f;
        this.labels = labels;
        this.weights = weights;
        this.outputs = outputs;
        int lanes = Math.max(4, L);
        this.padded = (outputs + lanes - 1) / lanes * lanes;
        this.vector = vector != null ? vector : (long) n * f * (outputs == 1 ? 1 : padded) >= VECTOR_WORK;
        this.labelValues = this.vector && outputs == 1 ? new double[n] : null;
        if (labelValues != null) for (int i = 0; i < n; i++) labelValues[i] = labels[i];
        this.intercept = intercept;
        this.c = c;
    }

    int parameters() {
        return f * outputs + (intercept ? outputs : 0);
    }

    @Override
    public double evaluate(double[] w, double[] gradient) {
        int blocks = (n + LogisticRegression.BLOCK - 1) / LogisticRegression.BLOCK;
        int p = parameters();
        int k = outputs;
        // The weights the rows as stored meet: divided by the scale. Two classes: [f] then the intercept
        // (or 0); more classes: [f][padded] with the intercepts (or 0) as row f, the padding 0.
        double[] wx;
        if (k == 1) {
            wx = new double[f + 1];
            for (int j = 0; j < f; j++) wx[j] = scale == null ? w[j] : w[j] / scale[j];
            if (intercept) wx[f] = w[f];
        } else {
            wx = new double[(f + 1) * padded];
            for (int j = 0; j < f; j++) {
                for (int m = 0; m < k; m++) wx[j * padded + m] = scale == null ? w[j * k + m] : w[j * k + m] / scale[j];
            }
            if (intercept) System.arraycopy(w, f * k, wx, f * padded, k);
        }
        double[][] partial = new double[blocks][];
        boolean parallel = blocks > 1 && Threads.count() > 1 && !Threads.isSerial() && (long) n * f * outputs >= 1 << 18;
        // Runs of whole blocks, a few per thread so a slow thread holds up little; each run reuses one tile buffer.
        int runs = parallel ? Math.min(blocks, 4 * Threads.count()) : 1;
        IntStream range = IntStream.range(0, runs);
        (parallel ? range.parallel() : range).forEach(run -> {
            double[] tile = new double[TILE * f];
            double[] z = new double[TILE * (k == 1 ? 1 : padded)];
            for (int b = (int) ((long) blocks * run / runs), end = (int) ((long) blocks * (run + 1) / runs); b < end; b++) {
                int lo = b * LogisticRegression.BLOCK, hi = Math.min(n, lo + LogisticRegression.BLOCK);
                partial[b] = k == 1 ? (vector ? binaryVector(wx, lo, hi, tile, z) : binaryScalar(wx, lo, hi, tile, z))
                        : vector ? softmaxVector(wx, lo, hi, tile, z) : softmaxScalar(wx, lo, hi, tile, z);
            }
        });
        Arrays.fill(gradient, 0);
        double loss = 0;
        for (double[] part : partial) {
            if (k == 1) {
                for (int j = 0; j < f; j++) gradient[j] += part[j];
                if (intercept) gradient[f] += part[f];
                loss += part[f + 1];
            } else {
                for (int j = 0; j < f; j++) for (int m = 0; m < k; m++) gradient[j * k + m] += part[j * padded + m];
                if (intercept) for (int m = 0; m < k; m++) gradient[f * k + m] += part[f * padded + m];
                loss += part[(f + 1) * padded];
            }
        }
        if (scale != null) for (int j = 0; j < f; j++) for (int m = 0; m < k; m++) gradient[j * k + m] /= scale[j];
        int weightsEnd = f * outputs;
        double penalty = 0;
        for (int i = 0; i < weightsEnd; i++) {
            penalty += w[i] * w[i];
            gradient[i] += w[i] / c;
        }
        loss += penalty / (2 * c);
        for (int i = 0; i < p; i++) gradient[i] /= n;
        return loss / n;
    }

    /**
     * Rows {@code t0 .. t0 + m - 1} into {@code tile} as float64, {@code [m][f]}, less the shift.
     * The same values on both kernels: converting float32 to float64 is exact, the subtraction one
     * rounding whichever way it runs.
     */
    private void load(int t0, int m, double[] tile) {
        int base = t0 * f, len = m * f;
        if (shift == null && xd != null) {
            System.arraycopy(xd, base, tile, 0, len);
        } else if (shift == null) {
            for (int i = 0; i < len; i++) tile[i] = xf[base + i];
        } else if (vector && xf != null) {
            int fb = S.loopBound(f);
            for (int i = 0, o = 0; i < m; i++, o += f) {
                int j = 0;
                for (; j < fb; j += L) {
                    ((DoubleVector) FloatVector.fromArray(FS, xf, base + o + j).convertShape(VectorOperators.F2D, S, 0))
                            .sub(DoubleVector.fromArray(S, shift, j)).intoArray(tile, o + j);
                }
                for (; j < f; j++) tile[o + j] = xf[base + o + j] - shift[j];
            }
        } else {
            for (int i = 0, o = 0; i < m; i++) {
                for (int j = 0; j < f; j++, o++) tile[o] = (xf != null ? xf[base + o] : xd[base + o]) - shift[j];
            }
        }
    }

    /**
     * Two classes, rows lo..hi-1: the summed gradient of the weights in [0, f), of the intercept at
     * f, the summed loss at f + 1.
     *
     * <p>The multiply-adds run on several independent chains, so that each waits less on the one
     * before: the logits of four rows at once (each row's own chain, so a row's logit is the same
     * sum whether it falls in a group of four or not), and the gradient over even and odd rows of
     * two vectors of features at once, the chains added at the end in a fixed order.
     */
    private double[] binaryVector(double[] w, int lo, int hi, double[] x, double[] z) {
        double[] out = new double[f + 2];
        double[] lanes = new double[4 * L];
        double b0 = intercept ? w[f] : 0;
        double loss = 0;
        // One small method per step of a tile: each is compiled as soon as it is hot, long before
        // the whole pass would be, and the Vector API is slow until compiled.
        for (int t0 = lo; t0 < hi; t0 += TILE) {
            int m = Math.min(hi - t0, TILE);
            load(t0, m, x);
            binaryLogits(w, m, x, z, lanes);
            loss += binaryResiduals(t0, m, b0, z, lanes);
            binaryGradient(m, x, z, out);
        }
        out[f + 1] = loss;
        return out;
    }

    /** The logits without the intercept of a tile's {@code m} rows into {@code z}, four rows at a time. */
    private void binaryLogits(double[] w, int m, double[] x, double[] z, double[] lanes) {
        int fb = S.loopBound(f);
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int r0 = i * f, r1 = r0 + f, r2 = r1 + f, r3 = r2 + f;
            DoubleVector a0 = DoubleVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < fb; j += L) {
                DoubleVector wj = DoubleVector.fromArray(S, w, j);
                a0 = DoubleVector.fromArray(S, x, r0 + j).fma(wj, a0);
                a1 = DoubleVector.fromArray(S, x, r1 + j).fma(wj, a1);
                a2 = DoubleVector.fromArray(S, x, r2 + j).fma(wj, a2);
                a3 = DoubleVector.fromArray(S, x, r3 + j).fma(wj, a3);
            }
            a0.intoArray(lanes, 0);
            a1.intoArray(lanes, L);
            a2.intoArray(lanes, 2 * L);
            a3.intoArray(lanes, 3 * L);
            for (int q = 0; q < 4; q++) z[i + q] = logitTail(lanes, q * L, x, (i + q) * f, w, fb);
        }
        for (; i < m; i++) {
            DoubleVector a0 = DoubleVector.zero(S);
            for (int j = 0; j < fb; j += L) a0 = DoubleVector.fromArray(S, x, i * f + j).fma(DoubleVector.fromArray(S, w, j), a0);
            a0.intoArray(lanes, 0);
            z[i] = logitTail(lanes, 0, x, i * f, w, fb);
        }
    }

    /**
     * The tile's rows' losses, summed and returned, and their weighted residuals {@code s·(σ(z) − y)}
     * in place of the logits in {@code z}: a vector of rows at a time ({@link LogisticMath}), the
     * rest on scalars.
     */
    private double binaryResiduals(int t0, int m, double b0, double[] z, double[] lanes) {
        DoubleVector lossLanes = DoubleVector.zero(S);
        int i = 0;
        for (; i + L <= m; i += L) {
            DoubleVector zv = DoubleVector.fromArray(S, z, i).add(b0);
            DoubleVector yv = DoubleVector.fromArray(S, labelValues, t0 + i);
            DoubleVector e = LogisticMath.expNegative(zv.abs());
            DoubleVector rowLoss = zv.max(0).add(LogisticMath.log1pUnit(e)).sub(yv.mul(zv));
            DoubleVector residual = e.blend(1.0, zv.compare(VectorOperators.GE, 0)).div(e.add(1)).sub(yv);
            if (weights != null) {
                DoubleVector sv = DoubleVector.fromArray(S, weights, t0 + i);
                rowLoss = rowLoss.mul(sv);
                residual = residual.mul(sv);
            }
            lossLanes = lossLanes.add(rowLoss);
            residual.intoArray(z, i);
        }
        lossLanes.intoArray(lanes, 0);
        double loss = 0;
        for (int q = 0; q < L; q++) loss += lanes[q];
        for (; i < m; i++) {
            double zz = z[i] + b0, y = labelValues[t0 + i];
            double e = LogisticMath.expNegative(Math.abs(zz));
            double rowLoss = Math.max(zz, 0) + LogisticMath.log1pUnit(e) - y * zz;
            double residual = (zz >= 0 ? 1 : e) / (e + 1) - y;
            double s = weights == null ? 1 : weights[t0 + i];
            loss += s * rowLoss;
            z[i] = residual * s;
        }
        return loss;
    }

    /** {@code out[0, f) += X_tileᵀ · r} and {@code out[f] += Σ r}: two vectors of features at a time, even and odd rows on their own chains. */
    private void binaryGradient(int m, double[] x, double[] z, double[] out) {
        int fb = S.loopBound(f);
        int j = 0;
        for (; j + 2 * L <= fb; j += 2 * L) {
            DoubleVector e0 = DoubleVector.fromArray(S, out, j), e1 = DoubleVector.fromArray(S, out, j + L);
            DoubleVector o0 = DoubleVector.zero(S), o1 = o0;
            int k = 0;
            for (int row = j; k + 1 < m; k += 2, row += 2 * f) {
                DoubleVector re = DoubleVector.broadcast(S, z[k]), ro = DoubleVector.broadcast(S, z[k + 1]);
                e0 = DoubleVector.fromArray(S, x, row).fma(re, e0);
                e1 = DoubleVector.fromArray(S, x, row + L).fma(re, e1);
                o0 = DoubleVector.fromArray(S, x, row + f).fma(ro, o0);
                o1 = DoubleVector.fromArray(S, x, row + f + L).fma(ro, o1);
            }
            if (k < m) {
                DoubleVector re = DoubleVector.broadcast(S, z[k]);
                e0 = DoubleVector.fromArray(S, x, k * f + j).fma(re, e0);
                e1 = DoubleVector.fromArray(S, x, k * f + j + L).fma(re, e1);
            }
            e0.add(o0).intoArray(out, j);
            e1.add(o1).intoArray(out, j + L);
        }
        for (; j < fb; j += L) {
            DoubleVector e0 = DoubleVector.fromArray(S, out, j), o0 = DoubleVector.zero(S);
            int k = 0;
            for (int row = j; k + 1 < m; k += 2, row += 2 * f) {
                e0 = DoubleVector.fromArray(S, x, row).fma(DoubleVector.broadcast(S, z[k]), e0);
                o0 = DoubleVector.fromArray(S, x, row + f).fma(DoubleVector.broadcast(S, z[k + 1]), o0);
            }
            if (k < m) e0 = DoubleVector.fromArray(S, x, k * f + j).fma(DoubleVector.broadcast(S, z[k]), e0);
            e0.add(o0).intoArray(out, j);
        }
        for (; j < f; j++) {
            double even = out[j], odd = 0;
            int k = 0;
            for (int row = j; k + 1 < m; k += 2, row += 2 * f) {
                even = Math.fma(x[row], z[k], even);
                odd = Math.fma(x[row + f], z[k + 1], odd);
            }
            if (k < m) even = Math.fma(x[k * f + j], z[k], even);
            out[j] = even + odd;
        }
        double r = 0;
        for (int i = 0; i < m; i++) r += z[i];
        out[f] += r;
    }

    /**
     * A row's logit without the intercept: its vector chain's lanes {@code lanes[at, at + L)} added
     * in lane order (a vector's own reduction may add them in any order), then the features past
     * the last whole vector.
     */
    private double logitTail(double[] lanes, int at, double[] x, int row, double[] w, int fb) {
        double logit = 0;
        for (int q = 0; q < L; q++) logit += lanes[at + q];
        for (int j = fb; j < f; j++) logit = Math.fma(x[row + j], w[j], logit);
        return logit;
    }

    /**
     * One row's log loss at logit {@code z} and label {@code y}, {@code log(1 + e^z) - y·z}; writes
     * the residual {@code σ(z) - y} to {@code r[i]}. With {@code e = e^-|z|} in (0, 1], neither
     * overflows. {@code log(1 + e)} (an intrinsic) rather than {@code log1p(e)} (plain Java, then
     * the hottest call of a large fit) errs by at most 2·10⁻¹⁶ a row, far below what the line
     * search compares. Scalar on both kernels: the Vector API's exponential may differ in the last bit
     * between interpreted and compiled code, which would make a fit's bits depend on the JIT.
     */
    private static double binary(double z, int y, double[] r, int i) {
        double e = Math.exp(-Math.abs(z));
        r[i] = (z >= 0 ? 1 : e) / (1 + e) - y;
        return Math.max(z, 0) + Math.log(1 + e) - y * z;
    }


    /**
     * More classes, rows lo..hi-1, with the weights packed [f + 1][padded]: the summed gradient in
     * the same layout, the summed loss after it.
     */
    private double[] softmaxVector(double[] wp, int lo, int hi, double[] x, double[] z) {
        int kp = padded, k = outputs;
        double[] out = new double[(f + 1) * kp + 1];
        double loss = 0;
        for (int t0 = lo; t0 < hi; t0 += TILE) {
            int m = Math.min(hi - t0, TILE);
            load(t0, m, x);
            for (int i = 0; i < m; i++) {
                int row = i * f, zi = i * kp;
                // logits = intercepts + x_row · W, a vector of outputs at a time, on two chains (even and odd features)
                for (int q = 0; q < kp; q += L) {
                    DoubleVector even = DoubleVector.fromArray(S, wp, f * kp + q), odd = DoubleVector.zero(S);
                    int j = 0;
                    for (; j + 1 < f; j += 2) {
                        even = DoubleVector.fromArray(S, wp, j * kp + q).fma(DoubleVector.broadcast(S, x[row + j]), even);
                        odd = DoubleVector.fromArray(S, wp, (j + 1) * kp + q).fma(DoubleVector.broadcast(S, x[row + j + 1]), odd);
                    }
                    if (j < f) even = DoubleVector.fromArray(S, wp, j * kp + q).fma(DoubleVector.broadcast(S, x[row + j]), even);
                    even.add(odd).intoArray(z, zi + q);
                }
                loss += softmaxResidual(z, zi, k, kp, labels[t0 + i], weights == null ? 1 : weights[t0 + i]);
            }
            // gradient += X_tileᵀ · R: for each feature, a vector of outputs at a time over the tile's rows
            for (int j = 0; j < f; j++) {
                int gj = j * kp;
                for (int q = 0; q < kp; q += L) {
                    DoubleVector even = DoubleVector.fromArray(S, out, gj + q), odd = DoubleVector.zero(S);
                    int i = 0;
                    for (; i + 1 < m; i += 2) {
                        even = DoubleVector.fromArray(S, z, i * kp + q).fma(DoubleVector.broadcast(S, x[i * f + j]), even);
                        odd = DoubleVector.fromArray(S, z, (i + 1) * kp + q).fma(DoubleVector.broadcast(S, x[(i + 1) * f + j]), odd);
                    }
                    if (i < m) even = DoubleVector.fromArray(S, z, i * kp + q).fma(DoubleVector.broadcast(S, x[i * f + j]), even);
                    even.add(odd).intoArray(out, gj + q);
                }
            }
            for (int q = 0; q < kp; q += L) {
                DoubleVector acc = DoubleVector.fromArray(S, out, f * kp + q);
                for (int i = 0; i < m; i++) acc = acc.add(DoubleVector.fromArray(S, z, i * kp + q));
                acc.intoArray(out, f * kp + q);
            }
        }
        out[(f + 1) * kp] = loss;
        return out;
    }

    /** {@link #binaryVector}'s sums, on scalars: four chains along the features. */
    private double[] binaryScalar(double[] w, int lo, int hi, double[] x, double[] z) {
        double[] out = new double[f + 2];
        double b0 = intercept ? w[f] : 0;
        double loss = 0;
        int f4 = f & ~3;
        for (int t0 = lo; t0 < hi; t0 += TILE) {
            int m = Math.min(hi - t0, TILE);
            load(t0, m, x);
            for (int i = 0; i < m; i++) {
                int row = i * f;
                double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
                int j = 0;
                for (; j < f4; j += 4) {
                    a0 = Math.fma(x[row + j], w[j], a0);
                    a1 = Math.fma(x[row + j + 1], w[j + 1], a1);
                    a2 = Math.fma(x[row + j + 2], w[j + 2], a2);
                    a3 = Math.fma(x[row + j + 3], w[j + 3], a3);
                }
                for (; j < f; j++) a0 = Math.fma(x[row + j], w[j], a0);
                double zz = (a0 + a1) + (a2 + a3) + b0;
                double s = weights == null ? 1 : weights[t0 + i];
                loss += s * binary(zz, labels[t0 + i], z, i);
                z[i] *= s;
            }
            int j = 0;
            for (; j < f4; j += 4) {
                double g0 = out[j], g1 = out[j + 1], g2 = out[j + 2], g3 = out[j + 3];
                for (int i = 0, row = j; i < m; i++, row += f) {
                    double r = z[i];
                    g0 = Math.fma(x[row], r, g0);
                    g1 = Math.fma(x[row + 1], r, g1);
                    g2 = Math.fma(x[row + 2], r, g2);
                    g3 = Math.fma(x[row + 3], r, g3);
                }
                out[j] = g0; out[j + 1] = g1; out[j + 2] = g2; out[j + 3] = g3;
            }
            for (; j < f; j++) {
                double acc = out[j];
                for (int i = 0, row = j; i < m; i++, row += f) acc = Math.fma(x[row], z[i], acc);
                out[j] = acc;
            }
            double r = 0;
            for (int i = 0; i < m; i++) r += z[i];
            out[f] += r;
        }
        out[f + 1] = loss;
        return out;
    }

    /** {@link #softmaxVector}'s sums, on scalars: four outputs at a time. */
    private double[] softmaxScalar(double[] wp, int lo, int hi, double[] x, double[] z) {
        int kp = padded, k = outputs;   // padded is a multiple of 4 too
        double[] out = new double[(f + 1) * kp + 1];
        double loss = 0;
        for (int t0 = lo; t0 < hi; t0 += TILE) {
            int m = Math.min(hi - t0, TILE);
            load(t0, m, x);
            for (int i = 0; i < m; i++) {
                int row = i * f, zi = i * kp;
                for (int q = 0; q < kp; q += 4) {
                    int b = f * kp + q;
                    double a0 = wp[b], a1 = wp[b + 1], a2 = wp[b + 2], a3 = wp[b + 3];
                    for (int j = 0, wj = q; j < f; j++, wj += kp) {
                        double v = x[row + j];
                        a0 = Math.fma(v, wp[wj], a0);
                        a1 = Math.fma(v, wp[wj + 1], a1);
                        a2 = Math.fma(v, wp[wj + 2], a2);
                        a3 = Math.fma(v, wp[wj + 3], a3);
                    }
                    z[zi + q] = a0; z[zi + q + 1] = a1; z[zi + q + 2] = a2; z[zi + q + 3] = a3;
                }
                loss += softmaxResidual(z, zi, k, kp, labels[t0 + i], weights == null ? 1 : weights[t0 + i]);
            }
            for (int j = 0; j < f; j++) {
                for (int q = 0; q < kp; q += 4) {
                    int gq = j * kp + q;
                    double g0 = out[gq], g1 = out[gq + 1], g2 = out[gq + 2], g3 = out[gq + 3];
                    for (int i = 0, row = j, ri = q; i < m; i++, row += f, ri += kp) {
                        double v = x[row];
                        g0 = Math.fma(v, z[ri], g0);
                        g1 = Math.fma(v, z[ri + 1], g1);
                        g2 = Math.fma(v, z[ri + 2], g2);
                        g3 = Math.fma(v, z[ri + 3], g3);
                    }
                    out[gq] = g0; out[gq + 1] = g1; out[gq + 2] = g2; out[gq + 3] = g3;
                }
            }
            for (int q = 0; q < kp; q++) {
                double acc = out[f * kp + q];
                for (int i = 0; i < m; i++) acc += z[i * kp + q];
                out[f * kp + q] = acc;
            }
        }
        out[(f + 1) * kp] = loss;
        return out;
    }

    /**
     * One row of the multinomial loss, shared by the vector and scalar passes: turns the logits
     * {@code z[zi, zi + k)} in place into the residual {@code s·(softmax − onehot(y))}, zeroes the
     * padding up to {@code kp}, and returns the row's weighted loss {@code s·(log Σ e^z − z_y)}, both
     * terms shifted by the largest logit. Element by element, so the bits do not depend on the pass.
     */
    private static double softmaxResidual(double[] z, int zi, int k, int kp, int y, double s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < k; q++) max = Math.max(max, z[zi + q]);
        double shiftedTrue = z[zi + y] - max;
        double sum = 0;
        for (int q = 0; q < k; q++) {
            double e = Math.exp(z[zi + q] - max);
            z[zi + q] = e;
            sum += e;
        }
        for (int q = k; q < kp; q++) z[zi + q] = 0;
        double scale = s / sum;
        for (int q = 0; q < k; q++) z[zi + q] *= scale;
        z[zi + y] -= s;
        return s * (Math.log(sum) - shiftedTrue);
    }
}
