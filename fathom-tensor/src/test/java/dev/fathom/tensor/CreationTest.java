package dev.fathom.tensor;

import dev.fathom.backend.Device;
import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories, printing, view layout and the closed state. */
class CreationTest {

    @Test
    void wrapSharesTheArrayAndNeverPoolsIt() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.wrap(data, 2, 3);
        data[4] = 50;
        assertEquals(50, t.get(1, 1), 0);
        t.close();
        // A closed wrapped tensor must not hand the caller's array to the buffer pool for reuse (the pool
        // keeps large arrays only, so the check uses one).
        float[] large = new float[1 << 16];
        large[7] = 7;
        Tensor.wrap(large, 256, 256).close();
        for (int i = 0; i < 8; i++) Tensor.zeros(256, 256).add(1).close();
        assertArrayEquals(new float[] {1, 2, 3, 4, 50, 6}, data);
        assertEquals(7, large[7], 0);
        assertEquals(0, large[8], 0);
        var e = assertThrows(ShapeException.class, () -> Tensor.wrap(data, 4, 2));
        assertTrue(e.getMessage().contains("got 6 values for shape [4, 2]"), e.getMessage());
    }

    @Test
    void constantFactories() {
        Tensor z = Tensor.zeros(2, 3);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertEquals(DType.FLOAT32, z.dtype());
        assertArrayEquals(new float[6], z.toFloatArray());
        assertArrayEquals(new double[] {1, 1, 1, 1}, Tensor.ones(4).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 2.5}, Tensor.full(2.5, 2).toDoubleArray());
        assertArrayEquals(new int[] {7, 7, 7}, Tensor.full(DType.INT32, 7, 3).toIntArray());
        assertEquals(DType.FLOAT64, Tensor.zeros(DType.FLOAT64, 2).dtype());
        Tensor s = Tensor.scalar(3);
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(3, s.item());
        assertEquals(0, Tensor.zeros().rank());
        assertEquals(0, Tensor.zeros(3, 0).size());
        assertEquals(Device.cpu(), z.device());
        // Memory from the buffer pool is overwritten: a released buffer of the same size comes back zeroed.
        for (int[] shape : new int[][] {{123, 7}, {123, 700}}) {   // below and above the pool's smallest size
            Tensor.full(DType.FLOAT32, 9, shape).close();
            assertArrayEquals(new float[shape[0] * shape[1]], Tensor.zeros(shape).toFloatArray());
        }
    }

    @Test
    void arangeAndEye() {
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, Tensor.arange(5).toFloatArray());
        assertEquals(0, Tensor.arange(0).size());
        assertArrayEquals(new float[] {1, 1.25f, 1.5f, 1.75f}, Tensor.arange(1, 2, 0.25).toFloatArray());
        assertArrayEquals(new float[] {5, 3, 1}, Tensor.arange(5, 0, -2).toFloatArray());
        assertEquals(0, Tensor.arange(3, 1, 1).size());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 1, 0));
        Tensor eye = Tensor.eye(3);
        assertArrayEquals(new int[] {3, 3}, eye.shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, eye.toFloatArray());
    }

    @Test
    void randomFactoriesAreReproducible() {
        float[] a = Tensor.randn(new Generator(7), 5, 4).toFloatArray();
        float[] b = Tensor.randn(new Generator(7), 5, 4).toFloatArray();
        float[] c = Tensor.randn(new Generator(8), 5, 4).toFloatArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        float[] u = Tensor.rand(new Generator(7), 1000).toFloatArray();
        assertArrayEquals(u, Tensor.rand(new Generator(7), 1000).toFloatArray());
        assertFalse(Arrays.equals(u, Tensor.rand(new Generator(9), 1000).toFloatArray()));
        double sum = 0;
        for (float v : u) {
            assertTrue(v >= 0 && v < 1, "rand value " + v);
            sum += v;
        }
        assertEquals(0.5, sum / u.length, 0.05);
        // One generator draws a fresh stream each call.
        Generator g = new Generator(7);
        assertFalse(Arrays.equals(Tensor.randn(g, 10).toFloatArray(), Tensor.randn(g, 10).toFloatArray()));
        // With no shape, a scalar like zeros().
        assertEquals(0, Tensor.randn(new Generator(1)).rank());
        assertEquals(0, Tensor.rand(new Generator(1)).rank());
    }

    @Test
    void randnHasStandardMoments() {
        float[] v = Tensor.randn(new Generator(11), 10_000).toFloatArray();
        double mean = 0;
        for (float x : v) mean += x;
        mean /= v.length;
        double var = 0;
        for (float x : v) var += (x - mean) * (x - mean);
        double std = Math.sqrt(var / v.length);
        // Standard errors: 0.01 for the mean, about 0.007 for the std.
        assertEquals(0, mean, 0.04);
        assertEquals(1, std, 0.03);
    }

    @Test
    void ofArraysAndShapes() {
        Tensor m = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[] {2, 3}, m.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.toFloatArray());
        ShapeException e = assertThrows(ShapeException.class, () -> Tensor.of(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(ShapeException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertThrows(ShapeException.class, () -> Tensor.of(new float[] {1, 2}, -1, -2));
        assertArrayEquals(new int[] {4}, Tensor.of(new double[] {1, 2, 3, 4}).shape());
        assertEquals(DType.INT32, Tensor.of(new int[] {1}).dtype());
        // The tensor copies the array.
        float[] data = {1, 2};
        Tensor t = Tensor.of(data);
        data[0] = 99;
        assertEquals(1, t.get(0));
    }

    @Test
    void toStringOfSmallTensors() {
        assertEquals("tensor([[1., 2.],\n        [3., 4.]], shape=[2, 2], dtype=float32)",
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("tensor([1, -2, 3], shape=[3], dtype=int32)", Tensor.of(new int[] {1, -2, 3}).toString());
        assertEquals("tensor([0.5, -1.25, nan, inf], shape=[4], dtype=float64)",
                Tensor.of(new double[] {0.5, -1.25, Double.NaN, Double.POSITIVE_INFINITY}).toString());
        assertEquals("tensor(3., shape=[], dtype=float32)", Tensor.scalar(3).toString());
        assertTrue(Tensor.ones(2).requiresGrad(true).toString().endsWith("requiresGrad=true)"));
        assertTrue(Tensor.ones(2).requiresGrad(true).mul(2).toString().endsWith("gradFn=mul)"));
        // Transposed views print in their own row-major order.
        assertEquals("tensor([[1., 3.],\n        [2., 4.]], shape=[2, 2], dtype=float32)",
                Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).t().toString());
    }

    @Test
    void toStringDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // decimal comma
            assertEquals("tensor([0.5, 1.0000e-05], shape=[2], dtype=float64)", Tensor.of(new double[] {0.5, 1e-5}).toString());
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void toStringElidesLargeTensors() {
        String s = Tensor.arange(2000).toString();
        assertTrue(s.startsWith("tensor([0., 1., 2., ..., 1997., 1998., 1999.]"), s);
        assertTrue(s.endsWith("shape=[2000], dtype=float32)"), s);
        String m = Tensor.zeros(100, 100).toString();
        assertTrue(m.contains("..."), m);
        assertTrue(m.length() < 500, "elided print of 10000 elements has " + m.length() + " characters");
        assertFalse(Tensor.arange(100).toString().contains("..."));
    }

    @Test
    void anElidedTensorShowsItsCornersRowByRow() {
        assertEquals("""
                tensor([[0., 1., 2., ..., 107., 108., 109.],
                        [110., 111., 112., ..., 217., 218., 219.],
                        [220., 221., 222., ..., 327., 328., 329.],
                        ...,
                        [770., 771., 772., ..., 877., 878., 879.],
                        [880., 881., 882., ..., 987., 988., 989.],
                        [990., 991., 992., ..., 1097., 1098., 1099.]], shape=[10, 110], dtype=float32)""",
                Tensor.arange(1100).reshape(10, 110).toString());
        // A short axis is shown whole; the long ones around it are elided.
        String s = Tensor.arange(2 * 700).reshape(700, 2).t().toString();
        assertEquals("tensor([[0., 2., 4., ..., 1394., 1396., 1398.],\n        [1., 3., 5., ..., 1395., 1397., 1399.]],"
                + " shape=[2, 700], dtype=float32)", s);
    }

    @Test
    void theNumberFormatOfAnElidedTensorFollowsTheShownValues() {
        // As NumPy: only the values printed decide between "1." and "1.0000"; a fraction hidden in the middle does not.
        double[] v = new double[2000];
        for (int i = 0; i < v.length; i++) v[i] = i;
        v[1000] = 0.5;
        assertEquals("tensor([0., 1., 2., ..., 1997., 1998., 1999.], shape=[2000], dtype=float64)", Tensor.of(v).toString());
        v[1] = 0.5;
        assertEquals("tensor([0.0, 0.5, 2.0, ..., 1997.0, 1998.0, 1999.0], shape=[2000], dtype=float64)", Tensor.of(v).toString());
    }

    @Test
    void viewsHaveShapeStridesAndOffsetOfTheirBase() {
        Tensor base = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[] {12, 4, 1}, base.strides());
        assertTrue(base.isContiguous());
        Tensor sl = base.slice(2, 1, 4, 2);
        assertArrayEquals(new int[] {2, 3, 2}, sl.shape());
        assertArrayEquals(new int[] {12, 4, 2}, sl.strides());
        assertEquals(1, sl.view().offset());
        assertFalse(sl.isContiguous());
        assertSame(base.view().storage(), sl.view().storage());
        Tensor sel = base.select(0, 1);
        assertEquals(12, sel.view().offset());
        assertTrue(sel.isContiguous());
        assertSame(base.view().storage(), sel.view().storage());
        Tensor rows = base.reshape(6, 4).slice(0, 2, 5);
        assertEquals(8, rows.view().offset());
        assertTrue(rows.isContiguous());
        assertSame(base.view().storage(), rows.reshape(12).view().storage(), "reshape of a dense view is a view");
        assertArrayEquals(new int[] {1, 4, 12}, base.permute(2, 1, 0).strides());
        assertArrayEquals(new int[] {0, 4, 1}, base.select(0, 0).expand(5, 3, 4).strides());
    }

    @Test
    void reshapeOfANonContiguousViewCopies() {
        Tensor base = Tensor.arange(12).reshape(3, 4);
        Tensor t = base.t();
        Tensor r = t.reshape(12);
        assertNotSame(base.view().storage(), r.view().storage());
        assertTrue(r.isContiguous());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, r.toFloatArray());
        Tensor step = base.slice(1, 0, 4, 2).reshape(6);
        assertNotSame(base.view().storage(), step.view().storage());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10}, step.toFloatArray());
    }

    @Test
    void closedTensorsCannotBeUsed() {
        Tensor t = Tensor.ones(2, 2);
        t.close();
        t.close(); // closing twice is harmless
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.add(t));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, t::toFloatArray);
        assertThrows(IllegalStateException.class, t::exp);
        assertThrows(IllegalStateException.class, () -> t.reshape(4));
        assertThrows(IllegalStateException.class, t::detach);
        assertThrows(IllegalStateException.class, () -> Tensor.ones(2, 2).add(t));
        assertArrayEquals(new int[] {2, 2}, t.shape(), "the shape stays readable");
        assertTrue(t.toString().contains("closed"));
        // A view keeps its memory alive after the base is closed, and the other way round.
        Tensor base = Tensor.arange(6);
        Tensor view = base.slice(0, 2, 5);
        base.close();
        assertArrayEquals(new float[] {2, 3, 4}, view.toFloatArray());
        assertThrows(IllegalStateException.class, () -> base.slice(0, 0, 1));
        assertThrows(IllegalStateException.class, base::detach);
        Tensor base2 = Tensor.arange(4);
        Tensor view2 = base2.reshape(2, 2);
        view2.close();
        assertArrayEquals(new float[] {0, 1, 2, 3}, base2.toFloatArray());
    }
}
