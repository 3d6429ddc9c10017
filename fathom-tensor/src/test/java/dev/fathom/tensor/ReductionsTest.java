package dev.fathom.tensor;

import dev.fathom.backend.DType;

import dev.fathom.backend.ReduceOp;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ReductionsTest {

    /** The reduction of row-major {@code x} over {@code axes}, in keepDims layout, plus each output's sum of |x|. */
    private static double[][] reference(ReduceOp op, double[] x, int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) kept[a] = 1;
        double[] out = new double[Shapes.size(kept)];
        double[] abs = new double[out.length];
        Arrays.fill(out, op.identity());
        for (int i = 0; i < x.length; i++) {
            int[] idx = Check.unravel(i, shape);
            for (int a : axes) idx[a] = 0;
            int o = Check.ravel(idx, kept);
            out[o] = op.combine(out[o], x[i]);
            abs[o] += Math.abs(x[i]);
        }
        return new double[][] {out, abs};
    }

    private static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return switch (op) {
            case SUM -> x.sum(axes, keepDims);
            case MAX -> axes.length == 1 ? x.max(axes[0], keepDims) : Ops.reduce(ReduceOp.MAX, x, axes, keepDims);
            case MIN -> axes.length == 1 ? x.min(axes[0], keepDims) : Ops.reduce(ReduceOp.MIN, x, axes, keepDims);
        };
    }

    /** Checks {@code op} over {@code axes} of {@code t}, whose row-major values are {@code x}. */
    private static void checkReduce(ReduceOp op, Tensor t, double[] x, int[] axes, String what) {
        int[] shape = t.shape();
        double[][] ref = reference(op, x, shape, axes);
        Tensor kept = reduce(op, t, axes, true);
        int[] keptShape = shape.clone();
        for (int a : axes) keptShape[a] = 1;
        assertArrayEquals(keptShape, kept.shape(), what);
        double[] got = kept.toDoubleArray();
        boolean f32 = t.dtype() == DType.FLOAT32;
        for (int i = 0; i < got.length; i++) {
            double e = ref[0][i];
            // Float32 sums round once per add: allow a few ulps of the sum of magnitudes. Max and min are exact.
            double tol = op == ReduceOp.SUM ? (f32 ? 1e-6 : 1e-14) * (ref[1][i] + 1) : 0;
            boolean ok = Double.isNaN(e) ? Double.isNaN(got[i]) : Math.abs(got[i] - e) <= tol;
            if (!ok) fail(op + " " + what + ": output " + i + " is " + got[i] + ", expected " + e);
        }
        // Without keepDims: the same values, reduced axes removed.
        Tensor dropped = reduce(op, t, axes, false);
        assertEquals(shape.length - axes.length, dropped.rank(), what);
        Check.same(got, dropped.toDoubleArray(), what + " keepDims=false");
    }

    private static int[][] axisSets(int rank) {
        return switch (rank) {
            case 1 -> new int[][] {{0}, {-1}};
            case 2 -> new int[][] {{0}, {1}, {0, 1}, {1, 0}};
            default -> new int[][] {{0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1}, {0, 1, 2}, {-1}};
        };
    }

    // ---- values ------------------------------------------------------------------------------

    @Test
    void sumMaxMinOverEveryAxisSetOnOddShapes() {
        Generator g = new Generator(30);
        int[][] shapes = {{1}, {17}, {100}, {3, 17}, {33, 15}, {1, 16}, {16, 1}, {3, 5, 17}, {2, 33, 3}, {4, 1, 9}};
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : shapes) {
                float[] v = Check.floats(g, Shapes.size(shape), -3, 3);
                Tensor t = Tensor.of(v, shape).asType(type);
                double[] x = t.toDoubleArray();
                for (int[] axes : axisSets(shape.length)) {
                    for (ReduceOp op : ReduceOp.values()) {
                        checkReduce(op, t, x, Shapes.axes("test", axes, shape.length),
                                type + " " + Check.str(shape) + " axes " + Arrays.toString(axes));
                    }
                }
            }
        }
    }

    @Test
    void randomShapesPermutationsAndAxes() {
        Generator g = new Generator(39);
        int[] dims = {1, 2, 3, 5, 7, 16, 17};
        for (int iter = 0; iter < 40; iter++) {
            int rank = 1 + g.nextInt(4);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) shape[i] = dims[g.nextInt(dims.length)];
            if (Shapes.size(shape) > 6000) continue;
            int[] order = Shapes.allAxes(rank);
            g.shuffle(order);
            float[] v = Check.floats(g, Shapes.size(shape), -2, 2);
            Tensor t = Tensor.of(v, shape).permute(order);
            double[] x = Check.permuted(Check.toDouble(v), shape, order);
            int[] axes = java.util.stream.IntStream.range(0, rank).filter(a -> g.nextDouble() < 0.5).toArray();
            if (axes.length == 0) axes = new int[] {g.nextInt(rank)};
            for (ReduceOp op : ReduceOp.values()) {
                checkReduce(op, t, x, axes, "shape " + Check.str(shape) + " permuted " + Arrays.toString(order)
                        + " axes " + Arrays.toString(axes));
            }
        }
    }

    @Test
    void sumMaxMinOnPermutedAndSlicedViews() {
        Generator g = new Generator(31);
        float[] v = Check.floats(g, 5 * 17 * 6, -3, 3);
        int[] shape = {5, 17, 6};
        Tensor base = Tensor.of(v, shape);
        for (int[] order : new int[][] {{2, 1, 0}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}}) {
            Tensor t = base.permute(order);
            double[] x = Check.permuted(Check.toDouble(v), shape, order);
            for (int[] axes : axisSets(3)) {
                for (ReduceOp op : ReduceOp.values()) {
                    checkReduce(op, t, x, Shapes.axes("test", axes, 3), "permute " + Arrays.toString(order) + " axes "
                            + Arrays.toString(axes));
                }
            }
        }
        Tensor sliced = base.slice(1, 1, 17, 3).slice(2, -5, 6, 2); // [5, 6, 3]
        double[] x = sliced.contiguousCopy().toDoubleArray();
        for (int[] axes : axisSets(3)) {
            for (ReduceOp op : ReduceOp.values()) {
                checkReduce(op, sliced, x, Shapes.axes("test", axes, 3), "sliced axes " + Arrays.toString(axes));
            }
        }
    }

    @Test
    void largeInputsTakeTheParallelPaths() {
        Generator g = new Generator(32);
        int[] shape = {400, 300};
        float[] v = Check.floats(g, 400 * 300, -1, 1);
        Tensor t = Tensor.of(v, shape);
        double[] x = Check.toDouble(v);
        Tensor tt = t.t();
        double[] xt = Check.permuted(x, shape, new int[] {1, 0});
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
                checkReduce(op, t, x, axes, "large axes " + Arrays.toString(axes));
                checkReduce(op, tt, xt, axes, "large transposed axes " + Arrays.toString(axes));
            }
            checkReduce(op, Tensor.of(v), x, new int[] {0}, "large 1-D");
        }
    }

    @Test
    void maxAndMinPropagateNaN() {
        // NaN in a vector lane, in the tail, first and last, along rows and along columns.
        for (int pos : new int[] {0, 5, 16, 32, 40}) {
            float[] v = new float[41 * 3];
            for (int i = 0; i < v.length; i++) v[i] = i % 7 - 3;
            v[pos * 3 + 1] = Float.NaN; // row `pos`, column 1 of a [41, 3] matrix
            Tensor t = Tensor.of(v, 41, 3);
            double[] x = Check.toDouble(v);
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                for (int[] axes : new int[][] {{0}, {1}, {0, 1}}) {
                    checkReduce(op, t, x, axes, "NaN at " + pos + " axes " + Arrays.toString(axes));
                    checkReduce(op, t.t(), Check.permuted(x, new int[] {41, 3}, new int[] {1, 0}), axes,
                            "NaN at " + pos + " transposed axes " + Arrays.toString(axes));
                }
            }
            assertTrue(Double.isNaN(t.max().item()));
            assertTrue(Double.isNaN(t.max(0, false).toDoubleArray()[1]));
            assertEquals(3, t.max(0, false).toDoubleArray()[0]);
        }
        // A large column reduction: the vectorized accumulate path.
        float[] big = new float[100 * 500];
        big[77 * 500 + 123] = Float.NaN;
        float[] colMax = Tensor.of(big, 100, 500).max(0, false).toFloatArray();
        for (int c = 0; c < 500; c++) assertEquals(c == 123, Float.isNaN(colMax[c]), "column " + c);
    }

    @Test
    void float32SumIsTheSameBeforeAndAfterJitCompilation() {
        // The lane order of a vector sum must be fixed: the same row summed again gives the same bits.
        float[] v = Check.floats(new Generator(38), 1000, -1, 1);
        Tensor t = Tensor.of(v);
        Tensor m = Tensor.of(v, 10, 100);
        double first = t.sum().item();
        float[] rows = m.sum(1, false).toFloatArray();
        for (int i = 0; i < 30_000; i++) {
            double s = t.sum().item();
            if (s != first) fail("call " + i + " summed to " + s + ", the first call to " + first);
        }
        assertArrayEquals(rows, m.sum(1, false).toFloatArray());
    }

    @Test
    void emptyAxes() {
        assertArrayEquals(new float[] {0, 0, 0}, Tensor.zeros(0, 3).sum(0, false).toFloatArray());
        assertEquals(0, Tensor.zeros(4, 0).sum().item());
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.zeros(0, 3).max(0, false));
        assertTrue(e.getMessage().contains("max"), e.getMessage());
    }

    @Test
    void integerReductions() {
        Tensor i = Tensor.of(new int[] {1, 2, 4, -7}, 2, 2);
        assertEquals(DType.INT32, i.sum().dtype());
        assertArrayEquals(new int[] {5, -5}, i.sum(0, false).toIntArray()); // [[1, 2], [4, -7]]
        assertArrayEquals(new int[] {2, 4}, i.max(1, false).toIntArray());
        assertArrayEquals(new int[] {1, -7}, i.min(0, false).toIntArray());
        assertEquals(DType.FLOAT32, i.mean().dtype(), "the mean of ints is computed in floating point");
        assertEquals(1.5, Tensor.of(new int[] {1, 2}).mean().item());
    }

    @Test
    void scalarReductions() {
        Tensor s = Tensor.full(DType.FLOAT64, 2.5);
        assertEquals(0, s.sum().rank());
        assertEquals(2.5, s.sum().item());
        assertEquals(2.5, s.max().item());
        assertEquals(2.5, s.mean().item());
    }

    @Test
    void argmaxArgminFirstOnTiesAndNaN() {
        Tensor t = Tensor.of(new float[] {1, 3, 3, 0, 0, 1, 2, 2, 2, 5, 0, 5}, 3, 4);
        // [[1, 3, 3, 0], [0, 1, 2, 2], [2, 5, 0, 5]]
        assertArrayEquals(new int[] {1, 2, 1}, t.argmax(1).toIntArray());
        assertArrayEquals(new int[] {3, 0, 2}, t.argmin(1).toIntArray());
        assertArrayEquals(new int[] {2, 2, 0, 2}, t.argmax(0).toIntArray());
        assertArrayEquals(new int[] {1, 1, 2, 0}, t.argmin(0).toIntArray());
        assertArrayEquals(new int[] {1, 2, 1}, t.t().argmax(0).toIntArray());
        assertEquals(DType.INT32, t.argmax(0).dtype());
        assertArrayEquals(new int[] {3, 1}, t.argmax(1, true).shape());
        // NaN counts as the extreme, first one wins.
        Tensor n = Tensor.of(new double[] {1, Double.NaN, 7, Double.NaN});
        assertEquals(1, n.argmax(0).item());
        assertEquals(1, n.argmin(0).item());
    }

    @Test
    void argmaxArgminMatchReferenceOnViews() {
        Generator g = new Generator(33);
        int[] shape = {4, 17, 33};
        float[] v = new float[Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = g.nextInt(9); // many ties
        Tensor base = Tensor.of(v, shape);
        int[] order = {2, 0, 1};
        Tensor t = base.permute(order);
        double[] x = Check.permuted(Check.toDouble(v), shape, order);
        int[] ts = t.shape();
        for (int axis = 0; axis < 3; axis++) {
            for (boolean max : new boolean[] {true, false}) {
                int[] got = (max ? t.argmax(axis) : t.argmin(axis)).toIntArray();
                int[] outShape = Shapes.remove(ts, axis);
                for (int o = 0; o < got.length; o++) {
                    int[] oi = Check.unravel(o, outShape);
                    int best = 0;
                    double bestValue = Double.NaN;
                    for (int r = 0; r < ts[axis]; r++) {
                        double val = x[Check.ravel(Shapes.insert(oi, axis, r), ts)];
                        if (r == 0 || (max ? val > bestValue : val < bestValue)) {
                            best = r;
                            bestValue = val;
                        }
                    }
                    assertEquals(best, got[o], (max ? "argmax" : "argmin") + " axis " + axis + " output " + o);
                }
            }
        }
    }

    @Test
    void meanVarLogsumexpSoftmaxValues() {
        Generator g = new Generator(34);
        double[] x = Check.doubles(g, 3 * 17, -5, 5);
        Tensor t = Tensor.of(x, 3, 17);
        double[] mean = new double[3];
        double[] var = new double[3];
        double[] lse = new double[3];
        for (int r = 0; r < 3; r++) {
            double s = 0;
            for (int c = 0; c < 17; c++) s += x[r * 17 + c];
            mean[r] = s / 17;
            double q = 0;
            double e = 0;
            for (int c = 0; c < 17; c++) {
                q += (x[r * 17 + c] - mean[r]) * (x[r * 17 + c] - mean[r]);
                e += Math.exp(x[r * 17 + c]);
            }
            var[r] = q / 17;
            lse[r] = Math.log(e);
        }
        assertArrayEquals(mean, t.mean(1, false).toDoubleArray(), 1e-12);
        assertArrayEquals(var, t.var(1, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3, 1}, t.var(1, true).shape());
        assertArrayEquals(lse, t.logsumexp(1, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new int[] {3, 1}, t.logsumexp(-1, true).shape());
        double[] sm = t.softmax(1).toDoubleArray();
        double[] lsm = t.logSoftmax(1).toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.exp(x[i] - lse[i / 17]), sm[i], 1e-12);
            assertEquals(x[i] - lse[i / 17], lsm[i], 1e-12);
        }
        double[] colSum = t.softmax(0).sum(0, false).toDoubleArray();
        for (double s : colSum) assertEquals(1, s, 1e-12);
        double all = 0;
        for (double v : x) all += v;
        assertEquals(all / x.length, t.mean().item(), 1e-12);
        assertEquals(all / x.length, t.mean(new int[] {0, 1}, false).item(), 1e-12);
    }

    @Test
    void logsumexpAndSoftmaxAreStableForLargeValues() {
        Tensor big = Tensor.of(new float[] {1000, 1000, -1000, 990});
        assertEquals(1000 + Math.log(2 + Math.exp(-10)), big.logsumexp(0, false).item(), 1e-3);
        float[] sm = big.softmax(0).toFloatArray();
        for (float s : sm) assertTrue(Float.isFinite(s));
        assertEquals(0.5, sm[0], 1e-4);
        assertEquals(0, sm[2], 1e-30);
        float[] lsm = big.logSoftmax(0).toFloatArray();
        assertEquals(-Math.log(2), lsm[0], 1e-4);
        assertTrue(Float.isFinite(lsm[2]));
    }

    @Test
    void logsumexpOfInfiniteRows() {
        // A fully masked row (all -inf) has logsumexp -inf, not inf - inf = NaN; +inf anywhere gives +inf.
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new double[] {-inf, -inf, -inf, inf, 2, 0, Math.log(3), Double.NaN, 0}, 3, 3);
        double[] lse = x.logsumexp(1, false).toDoubleArray();
        assertEquals(-inf, lse[0]);
        assertEquals(inf, lse[1]);
        assertTrue(Double.isNaN(lse[2]));
        assertEquals(-inf, x.t().logsumexp(0, true).toDoubleArray()[0]);
        float[] f = Tensor.full(Float.NEGATIVE_INFINITY, 2, 17).logsumexp(1, false).toFloatArray();
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, f);
        assertEquals(Math.log(4), Tensor.of(new double[] {0, Math.log(3), -inf}).logsumexp(0, false).item(), 1e-12);
    }

    /** log(softmax(x)) of row-major x along axis, in double by its definition. */
    private static double[] logSoftmaxReference(double[] x, int[] shape, int axis) {
        int[] kept = shape.clone();
        kept[axis] = 1;
        double[] max = new double[Shapes.size(kept)];
        double[] sum = new double[max.length];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.length; i++) {
            int o = Check.ravel(keptIndex(i, shape, axis), kept);
            max[o] = Math.max(max[o], x[i]);
        }
        for (int i = 0; i < x.length; i++) {
            int o = Check.ravel(keptIndex(i, shape, axis), kept);
            sum[o] += Math.exp(x[i] - max[o]);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int o = Check.ravel(keptIndex(i, shape, axis), kept);
            out[i] = x[i] - max[o] - Math.log(sum[o]);
        }
        return out;
    }

    private static int[] keptIndex(int i, int[] shape, int axis) {
        int[] idx = Check.unravel(i, shape);
        idx[axis] = 0;
        return idx;
    }

    @Test
    void logSoftmaxMatchesItsDefinitionOnEveryAxisAndLayout() {
        Generator g = new Generator(71);
        // Small and past the parallel grain (rows split across threads), every axis of a 3-D tensor, a transposed view.
        for (int[] shape : new int[][] {{7}, {4, 10}, {3, 5, 6}, {2048, 33}}) {
            Tensor x = Tensor.randn(g, shape).mul(4);
            double[] xs = x.toDoubleArray();
            for (int axis = 0; axis < shape.length; axis++) {
                double[] want = logSoftmaxReference(xs, shape, axis);
                float[] f = x.logSoftmax(axis).toFloatArray();
                double[] d = x.asType(DType.FLOAT64).logSoftmax(axis).toDoubleArray();
                for (int i = 0; i < want.length; i++) {
                    assertEquals(want[i], f[i], 2e-6 * Math.max(1, Math.abs(want[i])), "float32, shape " + Arrays.toString(shape) + " axis " + axis);
                    assertEquals(want[i], d[i], 1e-12 * Math.max(1, Math.abs(want[i])), "float64, shape " + Arrays.toString(shape) + " axis " + axis);
                }
            }
        }
        Tensor m = Tensor.randn(g, 6, 9);
        assertArrayEquals(m.contiguous().t().contiguous().logSoftmax(1).toFloatArray(), m.t().logSoftmax(1).toFloatArray());
        assertArrayEquals(m.logSoftmax(0).t().contiguous().toFloatArray(), m.t().contiguous().logSoftmax(1).toFloatArray(),
                "the same lines along the first axis and along the last give the same bits");
        Tensor ints = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertEquals(DType.FLOAT32, ints.logSoftmax(1).dtype());
        assertArrayEquals(new float[] {(float) -Math.log1p(Math.E), (float) -Math.log1p(1 / Math.E)},
                Arrays.copyOf(ints.logSoftmax(1).toFloatArray(), 2), 1e-6f);
        assertArrayEquals(new int[] {0, 5}, Tensor.zeros(0, 5).logSoftmax(1).shape());
        assertArrayEquals(new int[] {3, 0}, Tensor.zeros(3, 0).logSoftmax(1).shape());
        assertThrows(ShapeException.class, () -> m.logSoftmax(2));
    }

    @Test
    void logSoftmaxOfInfiniteAndNaNRows() {
        // As PyTorch's log_softmax: an all -inf row is NaN; +inf leaves -inf for the finite entries and NaN for itself.
        float inf = Float.POSITIVE_INFINITY;
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(new float[] {-inf, -inf, -inf, inf, 2, 0, Float.NaN, 1, 0, -inf, 0, 0}, 4, 3).asType(type);
            double[] y = x.logSoftmax(1).toDoubleArray();
            for (int i = 0; i < 3; i++) assertTrue(Double.isNaN(y[i]), type + " all -inf row");
            assertTrue(Double.isNaN(y[3]), type + " the +inf entry");
            assertEquals(Double.NEGATIVE_INFINITY, y[4], type + " a finite entry beside +inf");
            for (int i = 6; i < 9; i++) assertTrue(Double.isNaN(y[i]), type + " a row holding NaN");
            assertEquals(Double.NEGATIVE_INFINITY, y[9], type + " a -inf entry");
            assertEquals(-Math.log(2), y[10], 1e-6, type + " the finite entries of a row with -inf");
            // Huge equal values: shifted by their max, not lost to (1e30 + log 3) - 1e30 = 0.
            assertArrayEquals(new double[] {-Math.log(3), -Math.log(3), -Math.log(3)},
                    Tensor.full(1e30, 3).asType(type).logSoftmax(0).toDoubleArray(), 1e-6, type + " huge values");
        }
    }

    @Test
    void allFiniteFindsOneNaNOrInfinityAnywhere() {
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        // Positions in the vector loop and in the scalar tail, small and past the parallel grain.
        for (int n : new int[] {1, 7, 16, 33, 1000, 40_000, 100_003}) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (i % 7 - 3) * 1e37f;   // large but finite: v * 0 must not overflow
            assertTrue(Tensor.of(v, n).allFinite(), "finite, n=" + n);
            for (int at : new int[] {0, n / 2, n - 1}) {
                for (float b : bad) {
                    float[] w = v.clone();
                    w[at] = b;
                    assertFalse(Tensor.of(w, n).allFinite(), b + " at " + at + " of " + n);
                    assertFalse(Tensor.of(w, n).asType(DType.FLOAT64).allFinite(), "float64: " + b + " at " + at + " of " + n);
                }
            }
        }
        Tensor m = Tensor.of(new float[] {1, 2, Float.NaN, 4, 5, 6}, 2, 3);
        assertFalse(m.t().allFinite(), "a transposed view");
        assertTrue(m.slice(1, 0, 2).allFinite(), "a slice that leaves the NaN out");
        assertFalse(m.slice(1, 2, 3).expand(2, 4).allFinite(), "an expanded column holding it");
        assertTrue(Tensor.of(new int[] {Integer.MAX_VALUE, 0}).allFinite(), "integers");
        assertTrue(Tensor.zeros(0, 3).allFinite(), "empty");
        assertTrue(Tensor.scalar(Float.MAX_VALUE).allFinite());
        assertFalse(Tensor.scalar(Double.NaN).allFinite());
    }

    // ---- gradients ---------------------------------------------------------------------------

    @Test
    void gradientsOfSumAndMean() {
        Generator g = new Generator(35);
        Tensor x = GradCheck.randn(g, 2, 3, 4);
        GradCheck.check("sum all", Tensor::sum, x);
        GradCheck.check("mean all", Tensor::mean, x);
        for (boolean keep : new boolean[] {true, false}) {
            for (int axis : new int[] {0, 1, 2, -1}) {
                GradCheck.check("sum axis " + axis + " keepDims " + keep, t -> t.sum(axis, keep), x);
                GradCheck.check("mean axis " + axis + " keepDims " + keep, t -> t.mean(axis, keep), x);
            }
            for (int[] axes : new int[][] {{0, 2}, {1, 2}, {0, 1, 2}}) {
                GradCheck.check("sum axes " + Arrays.toString(axes) + " keepDims " + keep, t -> t.sum(axes, keep), x);
                GradCheck.check("mean axes " + Arrays.toString(axes) + " keepDims " + keep, t -> t.mean(axes, keep), x);
            }
        }
        // On a transposed view.
        GradCheck.check("sum of transposed", t -> t.permute(2, 0, 1).sum(1, false), x);
        GradCheck.check("mean of slice", t -> t.slice(2, 0, 4, 3).mean(0, true), x);
    }

    @Test
    void gradientsOfMaxAndMin() {
        Generator g = new Generator(36);
        Tensor x = GradCheck.distinct(g, 2, 3, 4);
        GradCheck.check("max all", Tensor::max, x);
        GradCheck.check("min all", Tensor::min, x);
        for (boolean keep : new boolean[] {true, false}) {
            for (int axis : new int[] {0, 1, 2, -2}) {
                GradCheck.check("max axis " + axis + " keepDims " + keep, t -> t.max(axis, keep), x);
                GradCheck.check("min axis " + axis + " keepDims " + keep, t -> t.min(axis, keep), x);
            }
            for (int[] axes : new int[][] {{0, 2}, {0, 1}}) {
                GradCheck.check("max axes " + Arrays.toString(axes), t -> Ops.reduce(ReduceOp.MAX, t, axes, keep), x);
                GradCheck.check("min axes " + Arrays.toString(axes), t -> Ops.reduce(ReduceOp.MIN, t, axes, keep), x);
            }
        }
        GradCheck.check("max of transposed", t -> t.permute(2, 1, 0).max(0, false), x);
    }

    @Test
    void maxGradientIsSharedOnTies() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2, 2, 2}, 2, 3).requiresGrad(true);
        x.max(1, false).sum().backward();
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1 / 3.0, 1 / 3.0, 1 / 3.0}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void gradientsOfCompositeReductions() {
        Generator g = new Generator(37);
        Tensor x = GradCheck.randn(g, 3, 5);
        for (int axis : new int[] {0, 1, -1}) {
            for (boolean keep : new boolean[] {true, false}) {
                GradCheck.check("logsumexp " + axis + " " + keep, t -> t.logsumexp(axis, keep), x);
                GradCheck.check("var " + axis + " " + keep, t -> t.var(axis, keep), x);
            }
            GradCheck.check("softmax " + axis, t -> t.softmax(axis), x);
            GradCheck.check("logSoftmax " + axis, t -> t.logSoftmax(axis), x);
        }
        GradCheck.check("softmax of transposed", t -> t.t().softmax(1), x);
        GradCheck.check("logsumexp 3-D", t -> t.reshape(3, 1, 5).expand(3, 2, 5).logsumexp(1, false), x);
    }
}
