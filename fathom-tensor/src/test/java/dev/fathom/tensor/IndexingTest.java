package dev.fathom.tensor;

import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexingTest {

    /** {@code out[i] = x[i with i[axis] replaced by index[i]]}. */
    private static double[] naiveGather(double[] x, int[] xs, int axis, int[] index, int[] is) {
        double[] out = new double[index.length];
        for (int i = 0; i < out.length; i++) {
            int[] p = Check.unravel(i, is);
            p[axis] = index[i];
            out[i] = x[Check.ravel(p, xs)];
        }
        return out;
    }

    /** {@code out = base; out[i with i[axis] replaced by index[i]] += src[i]}. */
    private static double[] naiveScatterAdd(double[] base, int[] bs, int axis, int[] index, int[] is, double[] src) {
        double[] out = base.clone();
        for (int i = 0; i < index.length; i++) {
            int[] p = Check.unravel(i, is);
            p[axis] = index[i];
            out[Check.ravel(p, bs)] += src[i];
        }
        return out;
    }

    /** Index shapes for a [4, 5, 6] tensor along each axis: smaller elsewhere, longer or shorter along the axis. */
    private static int[] indexShape(int axis) {
        return switch (axis) {
            case 0 -> new int[] {7, 3, 6};
            case 1 -> new int[] {4, 2, 5};
            default -> new int[] {3, 5, 9};
        };
    }

    @Test
    void largeScatterAddWithOneSourcePerFiberTakesTheParallelPath() {
        // [1, n] sources into [4, n]: every output column gets exactly one value, so threads may split it.
        int n = 100_000;
        java.util.Random rnd = new java.util.Random(11);
        int[] idx = new int[n];
        float[] src = new float[n];
        float[] expected = new float[4 * n];
        java.util.Arrays.fill(expected, 1);
        for (int j = 0; j < n; j++) {
            idx[j] = rnd.nextInt(4);
            src[j] = rnd.nextFloat();
            expected[idx[j] * n + j] = 1 + src[j];
        }
        Tensor out = Tensor.ones(4, n).scatterAdd(0, Tensor.of(idx, 1, n), Tensor.of(src, 1, n));
        assertArrayEquals(expected, out.toFloatArray(), 0);
    }

    @Test
    void largeScatterAddAlongTheLastAxisSumsDuplicatesOnEveryThread() {
        // [rows, n] sources into [rows, 8] along the last axis: duplicates stay within a row, so rows may be split
        // over threads, and every duplicate must still add up.
        int rows = 64;
        int n = 1000;
        java.util.Random rnd = new java.util.Random(12);
        int[] idx = new int[rows * n];
        float[] src = new float[rows * n];
        double[] expected = new double[rows * 8];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                idx[r * n + j] = rnd.nextInt(8);
                src[r * n + j] = rnd.nextInt(5);   // whole numbers: the float sums are exact in any order
                expected[r * 8 + idx[r * n + j]] += src[r * n + j];
            }
        }
        Tensor out = Tensor.zeros(rows, 8).scatterAdd(1, Tensor.of(idx, rows, n), Tensor.of(src, rows, n));
        assertArrayEquals(expected, out.toDoubleArray(), 0);
    }

    @Test
    void gatherMatchesReference() {
        Generator g = new Generator(50);
        int[] xs = {4, 5, 6};
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            double[] x = Check.doubles(g, Shapes.size(xs), -5, 5);
            for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 100); // exact in every type
            Tensor t = Tensor.of(x, xs).asType(type);
            for (int axis = 0; axis < 3; axis++) {
                int[] is = indexShape(axis);
                int[] idx = Check.ints(g, Shapes.size(is), xs[axis]);
                Tensor r = t.gather(axis, Tensor.of(idx, is));
                assertEquals(type, r.dtype());
                assertArrayEquals(is, r.shape());
                Check.same(naiveGather(x, xs, axis, idx, is), r.toDoubleArray(), type + " gather axis " + axis);
                // Negative axis, same result.
                Check.same(r.toDoubleArray(), t.gather(axis - 3, Tensor.of(idx, is)).toDoubleArray(), "negative axis");
            }
        }
    }

    @Test
    void gatherFromViewsWithViewIndices() {
        Generator g = new Generator(51);
        double[] x = Check.doubles(g, 6 * 5 * 4, -1, 1);
        Tensor base = Tensor.of(x, 6, 5, 4);
        Tensor t = base.permute(2, 1, 0); // [4, 5, 6], non-contiguous
        double[] xt = Check.permuted(x, new int[] {6, 5, 4}, new int[] {2, 1, 0});
        for (int axis = 0; axis < 3; axis++) {
            int[] is = indexShape(axis);
            int[] rev = {is[2], is[1], is[0]};
            int[] idx = Check.ints(g, Shapes.size(is), t.shape(axis));
            // The index itself a transposed view.
            Tensor index = Tensor.of(Check.permuted(toD(idx), is, new int[] {2, 1, 0}), rev).asType(DType.INT32).permute(2, 1, 0);
            Check.same(naiveGather(xt, t.shape(), axis, idx, is), t.gather(axis, index).toDoubleArray(), "view gather axis " + axis);
        }
    }

    private static double[] toD(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    @Test
    void scatterAddMatchesReferenceWithDuplicates() {
        Generator g = new Generator(52);
        int[] bs = {4, 5, 6};
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double[] base = Check.doubles(g, Shapes.size(bs), -1, 1);
            for (int axis = 0; axis < 3; axis++) {
                int[] is = indexShape(axis);
                int[] idx = Check.ints(g, Shapes.size(is), Math.min(2, bs[axis])); // positions 0 and 1 only: many duplicates
                double[] src = Check.doubles(g, idx.length, -1, 1);
                Tensor b = Tensor.of(base, bs).asType(type);
                Tensor r = b.scatterAdd(axis, Tensor.of(idx, is), Tensor.of(src, is).asType(type));
                assertArrayEquals(bs, r.shape());
                assertEquals(type, r.dtype());
                double[] expected = naiveScatterAdd(b.toDoubleArray(), bs, axis, idx, is,
                        Tensor.of(src, is).asType(type).toDoubleArray());
                Check.close(expected, r.toDoubleArray(), type == DType.FLOAT32 ? 1e-6 : 1e-15, 1e-6, type + " scatterAdd axis " + axis);
                // The base is not modified.
                Check.same(Tensor.of(base, bs).asType(type).toDoubleArray(), b.toDoubleArray(), "base unchanged");
            }
        }
        // Into a transposed base.
        Tensor base = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).t(); // [[1, 4], [2, 5], [3, 6]]
        Tensor r = base.scatterAdd(0, Tensor.of(new int[] {2, 2, 0}, 1, 3).slice(1, 0, 2),
                Tensor.of(new double[] {10, 20}, 1, 2));
        assertArrayEquals(new double[] {1, 4, 2, 5, 13, 26}, r.toDoubleArray());
    }

    @Test
    void indexSelectMatchesRows() {
        Tensor table = Tensor.of(new float[] {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32}, 4, 3);
        Tensor idx = Tensor.of(new int[] {3, 0, 3});
        assertArrayEquals(new float[] {30, 31, 32, 0, 1, 2, 30, 31, 32}, table.indexSelect(0, idx).toFloatArray());
        assertArrayEquals(new float[] {2, 0, 2, 12, 10, 12, 22, 20, 22, 32, 30, 32},
                table.indexSelect(1, Tensor.of(new int[] {2, 0, 2})).toFloatArray());
        assertArrayEquals(new int[] {3, 3}, table.indexSelect(0, idx).shape());
        assertArrayEquals(new float[] {12, 11, 32, 31}, table.t().indexSelect(0, Tensor.of(new int[] {2, 1}))
                .indexSelect(1, Tensor.of(new int[] {1, 3})).t().toFloatArray());
    }

    @Test
    void indexSelectOfWholeRowsFromViewsAndEveryType() {
        // Rows copied whole, one index each: 3-D along the first and middle axis, from a sliced (offset) view.
        Generator g = new Generator(53);
        double[] x = Check.doubles(g, 5 * 4 * 6, -9, 9);
        for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i]);
        int[] idx = {3, 0, 3, 2};
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT32}) {
            Tensor t = Tensor.of(x, 5, 4, 6).asType(type);
            for (int axis = 0; axis < 2; axis++) {
                int[] is = {5, 4, 6};
                is[axis] = idx.length;
                int[] full = new int[Shapes.size(is)];
                for (int i = 0; i < full.length; i++) full[i] = idx[Check.unravel(i, is)[axis] % idx.length];
                Check.same(naiveGather(x, new int[] {5, 4, 6}, axis, full, is), t.indexSelect(axis, Tensor.of(idx)).toDoubleArray(),
                        type + " indexSelect axis " + axis);
            }
            Tensor view = t.slice(2, 1, 5);   // [5, 4, 4], rows 6 apart, offset 1
            Check.same(view.contiguous().indexSelect(0, Tensor.of(idx)).toDoubleArray(), view.indexSelect(0, Tensor.of(idx)).toDoubleArray(),
                    type + " indexSelect of a sliced view");
        }
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(3, 4).indexSelect(0, Tensor.of(new int[] {0, 3})));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void badIndices() {
        Tensor x = Tensor.zeros(3, 4);
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(new int[] {0, 4, 1}, 3, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.gather(0, Tensor.of(new int[] {-1}, 1, 1)));
        assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, Tensor.of(new int[] {3})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.gather(0, Tensor.of(new float[] {0}, 1, 1)));
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
        assertThrows(ShapeException.class, () -> x.scatterAdd(0, Tensor.of(new int[] {0, 1}, 1, 2), Tensor.ones(2, 1)));
        assertThrows(ShapeException.class, () -> x.gather(0, Tensor.of(new int[] {0, 1, 2, 0, 1}, 1, 5)));
    }

    // ---- gradients ---------------------------------------------------------------------------

    @Test
    void gradients() {
        Generator g = new Generator(53);
        int[] xs = {4, 5, 6};
        for (int axis = 0; axis < 3; axis++) {
            int[] is = indexShape(axis);
            Tensor index = Tensor.of(Check.ints(g, Shapes.size(is), xs[axis]), is);
            int a = axis;
            GradCheck.check("gather axis " + axis, x -> x.gather(a, index), GradCheck.randn(g, xs));
            GradCheck.check("scatterAdd axis " + axis, (base, src) -> base.scatterAdd(a, index, src),
                    GradCheck.randn(g, xs), GradCheck.randn(g, is));
        }
        // Gather from a transposed view; duplicates in the index accumulate.
        Tensor dup = Tensor.of(new int[] {1, 1, 0, 2, 1, 1}, 2, 3);
        GradCheck.check("gather transposed", x -> x.t().gather(0, dup), GradCheck.randn(g, 3, 3));
        GradCheck.check("scatterAdd into expanded", (base, src) -> base.expand(3, 3).scatterAdd(0, dup, src.exp()),
                GradCheck.randn(g, 1, 3), GradCheck.randn(g, 2, 3));
        Tensor rows = Tensor.of(new int[] {2, 0, 2, 2});
        GradCheck.check("indexSelect 0", x -> x.indexSelect(0, rows), GradCheck.randn(g, 3, 4));
        GradCheck.check("indexSelect 1", x -> x.indexSelect(1, rows), GradCheck.randn(g, 2, 3));
        GradCheck.check("indexSelect -1 of 3-D", x -> x.indexSelect(-1, rows), GradCheck.randn(g, 2, 2, 3));
    }

    @Test
    void indexSelectGradientCountsRepeats() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 2).requiresGrad(true);
        x.indexSelect(0, Tensor.of(new int[] {2, 0, 2, 2})).sum().backward();
        assertArrayEquals(new double[] {1, 1, 0, 0, 3, 3}, x.grad().toDoubleArray());
    }
}
