package dev.fathom.tensor;

import dev.fathom.backend.DType;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reshaping, reordering, cutting and joining: values, view layout, and gradients. */
class MovementTest {

    private static Tensor arange64(int... shape) {
        return Tensor.arange(Shapes.size(shape)).asType(DType.FLOAT64).reshape(shape);
    }

    // ---- values and layout -------------------------------------------------------------------

    @Test
    void reshapeFlattenSqueezeUnsqueeze() {
        Tensor x = arange64(2, 3, 4);
        assertArrayEquals(new int[] {6, 4}, x.reshape(6, 4).shape());
        assertArrayEquals(new int[] {4, 6}, x.reshape(4, -1).shape());
        assertArrayEquals(new int[] {24}, x.flatten().shape());
        assertArrayEquals(new int[] {2, 12}, x.flatten(1).shape());
        assertArrayEquals(new int[] {2, 3, 4}, x.flatten(-1).shape());
        assertArrayEquals(new int[] {2, 0}, Tensor.zeros(2, 3, 0).flatten(1).shape());
        assertArrayEquals(new int[] {1, 2, 3, 4}, x.unsqueeze(0).shape());
        assertArrayEquals(new int[] {2, 3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 3, 1, 4}, x.unsqueeze(2).squeeze(2).unsqueeze(-2).shape());
        assertArrayEquals(new int[] {2, 3, 4}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(x.toDoubleArray(), x.reshape(4, 6).toDoubleArray());
        // Reshape of a transposed view: the values in the view's row-major order.
        Tensor t = arange64(3, 4).t();
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.reshape(12).toDoubleArray());
        assertArrayEquals(new double[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.flatten().toDoubleArray());
        assertEquals(0, Tensor.ones(1).reshape().rank());
    }

    @Test
    void permuteAndTransposeAreViews() {
        Tensor x = arange64(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertArrayEquals(new int[] {1, 12, 4}, p.strides());
        assertSame(x.view().storage(), p.view().storage());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        Tensor tr = x.transpose(0, -1);
        assertArrayEquals(new int[] {4, 3, 2}, tr.shape());
        assertArrayEquals(new int[] {1, 4, 12}, tr.strides());
        assertArrayEquals(new int[] {2, 4, 3}, x.t().shape());
        assertEquals(x.get(1, 0, 2), x.t().get(1, 2, 0));
        assertArrayEquals(Check.permuted(x.toDoubleArray(), new int[] {2, 3, 4}, new int[] {2, 0, 1}), p.toDoubleArray());
        assertArrayEquals(x.toDoubleArray(), p.permute(1, 2, 0).toDoubleArray());
    }

    @Test
    void sliceWithStepAndNegativeIndices() {
        Tensor x = arange64(10);
        assertArrayEquals(new double[] {2, 5, 8}, x.slice(0, 2, 10, 3).toDoubleArray());
        assertArrayEquals(new double[] {7, 8}, x.slice(0, -3, -1).toDoubleArray());
        assertArrayEquals(new double[] {6, 8}, x.slice(0, -4, 10, 2).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 2}, x.slice(0, -100, 3).toDoubleArray()); // clamped
        assertEquals(0, x.slice(0, 7, 3).size());
        assertEquals(0, x.slice(0, 12, 20).size());
        assertArrayEquals(new double[] {9}, x.slice(0, 9, 100, 5).toDoubleArray());
        Tensor m = arange64(4, 6);
        Tensor s = m.slice(1, 1, 6, 2).slice(0, -3, 4);
        assertArrayEquals(new int[] {3, 3}, s.shape());
        assertArrayEquals(new int[] {6, 2}, s.strides());
        assertEquals(7, s.view().offset());
        assertArrayEquals(new double[] {7, 9, 11, 13, 15, 17, 19, 21, 23}, s.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> x.slice(0, 5, 0, -1));
    }

    @Test
    void selectAndGet() {
        Tensor x = arange64(2, 3, 4);
        assertArrayEquals(new double[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, x.select(0, 1).toDoubleArray());
        assertArrayEquals(new double[] {3, 7, 11, 15, 19, 23}, x.select(-1, -1).toDoubleArray());
        assertArrayEquals(new int[] {2, 4}, x.select(1, 2).shape());
        assertEquals(23, x.get(1, 2, 3));
        assertEquals(9, x.get(0, 2, 1));
        assertEquals(17, x.permute(2, 1, 0).get(1, 1, 1));
        assertThrows(ShapeException.class, () -> x.select(1, 3));
        assertThrows(ShapeException.class, () -> x.select(1, -4));
        assertThrows(ShapeException.class, () -> x.get(0, 0));
    }

    @Test
    void expandSharesMemory() {
        Tensor row = arange64(1, 3);
        Tensor e = row.expand(4, 3);
        assertArrayEquals(new int[] {0, 1}, e.strides());
        assertSame(row.view().storage(), e.view().storage());
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}, e.toDoubleArray());
        Tensor lead = row.expand(2, -1, 3);
        assertArrayEquals(new int[] {2, 1, 3}, lead.shape());
        assertArrayEquals(new double[] {0, 1, 2, 0, 1, 2}, lead.toDoubleArray());
        assertArrayEquals(new double[] {5, 5, 5}, Tensor.full(DType.FLOAT64, 5).expand(3).toDoubleArray());
        assertThrows(ShapeException.class, () -> row.expand(-1, 4, 3));
    }

    @Test
    void concatStackSplitPad() {
        Tensor a = arange64(2, 3);
        Tensor b = arange64(2, 2).add(100);
        Tensor c = Tensor.concat(1, a, b);
        assertArrayEquals(new int[] {2, 5}, c.shape());
        assertArrayEquals(new double[] {0, 1, 2, 100, 101, 3, 4, 5, 102, 103}, c.toDoubleArray());
        Tensor c0 = Tensor.concat(0, a, a.mul(-1), a.t().t());
        assertArrayEquals(new int[] {6, 3}, c0.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, -0.0, -1, -2, -3, -4, -5, 0, 1, 2, 3, 4, 5}, c0.toDoubleArray());
        // Mixed types promote.
        Tensor mixed = Tensor.concat(0, Tensor.of(new int[] {1, 2}), Tensor.of(new float[] {0.5f}));
        assertEquals(DType.FLOAT32, mixed.dtype());
        assertArrayEquals(new float[] {1, 2, 0.5f}, mixed.toFloatArray());

        Tensor s = Tensor.stack(1, a, a.add(10));
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertArrayEquals(new double[] {0, 1, 2, 10, 11, 12, 3, 4, 5, 13, 14, 15}, s.toDoubleArray());
        assertArrayEquals(new int[] {2, 3, 2}, Tensor.stack(-1, a, a).shape());

        Tensor[] parts = c.split(1, 1, 2, 2);
        assertEquals(3, parts.length);
        assertArrayEquals(new double[] {0, 3}, parts[0].toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 4, 5}, parts[1].toDoubleArray());
        assertArrayEquals(new double[] {100, 101, 102, 103}, parts[2].toDoubleArray());
        assertSame(c.view().storage(), parts[2].view().storage());

        Tensor p = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).pad(new int[] {1, 0}, new int[] {0, 2}, -1);
        assertArrayEquals(new int[] {3, 4}, p.shape());
        assertArrayEquals(new double[] {-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1}, p.toDoubleArray());
        Tensor pt = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).t().pad(new int[] {0, 1}, new int[] {0, 0}, 0);
        assertArrayEquals(new double[] {0, 1, 3, 0, 2, 4}, pt.toDoubleArray());
    }

    @Test
    void asTypeAndContiguous() {
        Tensor f = Tensor.of(new float[] {1.5f, -2.7f, 3});
        assertSame(f, f.asType(DType.FLOAT32));
        Tensor d = f.asType(DType.FLOAT64);
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new double[] {1.5, -2.7f, 3}, d.toDoubleArray());
        assertArrayEquals(f.toFloatArray(), d.asType(DType.FLOAT32).toFloatArray());
        assertArrayEquals(new int[] {1, -2, 3}, f.asType(DType.INT32).toIntArray()); // truncates toward zero
        assertArrayEquals(new float[] {1, -2, 3}, f.asType(DType.INT32).asType(DType.FLOAT32).toFloatArray());

        Tensor x = arange64(3, 4);
        assertSame(x, x.contiguous());
        Tensor t = x.t();
        assertTrue(!t.isContiguous());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(new int[] {3, 1}, c.strides());
        assertArrayEquals(t.toDoubleArray(), c.toDoubleArray());
        Tensor copy = x.contiguousCopy();
        assertNotSame(x.view().storage(), copy.view().storage());
        assertArrayEquals(x.toDoubleArray(), copy.toDoubleArray());
    }

    // ---- gradients ---------------------------------------------------------------------------

    @Test
    void gradientsOfViews() {
        Generator g = new Generator(60);
        Tensor x = GradCheck.randn(g, 2, 3, 4);
        GradCheck.check("reshape", t -> t.reshape(4, 6).exp(), x);
        GradCheck.check("reshape -1", t -> t.reshape(-1, 2).mul(t.reshape(2, -1).t()), x);
        GradCheck.check("reshape of transposed (copies)", t -> t.transpose(0, 2).reshape(12, 2), x);
        GradCheck.check("flatten", t -> t.permute(1, 2, 0).flatten(1), x);
        GradCheck.check("permute", t -> t.permute(2, 0, 1), x);
        GradCheck.check("transpose", t -> t.transpose(0, 1).mul(t.transpose(0, 1)), x);
        GradCheck.check("t", t -> t.t(), x);
        GradCheck.check("expand", t -> t.expand(5, 3, 4), GradCheck.randn(g, 1, 4));
        GradCheck.check("expand middle", t -> t.expand(2, 3, 4), GradCheck.randn(g, 2, 1, 4));
        GradCheck.check("expand scalar", t -> t.expand(2, 3), GradCheck.randn(g));
        GradCheck.check("slice step", t -> t.slice(2, 0, 4, 3), x);
        GradCheck.check("slice negative", t -> t.slice(1, -2, 3).slice(2, -3, -1), x);
        GradCheck.check("slice of transposed", t -> t.t().slice(0, 1, 4, 2), x);
        GradCheck.check("slice twice overlapping", t -> t.slice(0, 0, 3).add(t.slice(0, 1, 4)), GradCheck.randn(g, 4, 2));
        GradCheck.check("select", t -> t.select(1, -1), x);
        GradCheck.check("select column", t -> t.select(2, 1).mul(t.select(2, 3)), x);
        GradCheck.check("squeeze/unsqueeze", t -> t.unsqueeze(1).mul(2).squeeze(1).unsqueeze(-1), x);
        GradCheck.check("split", t -> {
            Tensor[] p = t.split(2, 1, 3);
            return p[0].mul(p[1]);
        }, x);
        GradCheck.check("split uneven", t -> t.split(1, 2, 1)[0].sum(), x);
    }

    @Test
    void gradientsOfJoinsAndCopies() {
        Generator g = new Generator(61);
        GradCheck.checkN("concat", xs -> Tensor.concat(1, xs[0], xs[1].t(), xs[2]),
                GradCheck.randn(g, 2, 3), GradCheck.randn(g, 4, 2), GradCheck.randn(g, 2, 1));
        GradCheck.check("concat same tensor", x -> Tensor.concat(0, x, x.exp()), GradCheck.randn(g, 2, 3));
        GradCheck.check("stack", (a, b) -> Tensor.stack(0, a, b, a), GradCheck.randn(g, 2, 3), GradCheck.randn(g, 2, 3));
        GradCheck.check("stack last", (a, b) -> Tensor.stack(-1, a, b.t()), GradCheck.randn(g, 2, 3), GradCheck.randn(g, 3, 2));
        GradCheck.check("pad", t -> t.pad(new int[] {1, 0, 2}, new int[] {0, 2, 1}, 3.0).exp(), GradCheck.randn(g, 2, 3, 2));
        GradCheck.check("pad transposed", t -> t.t().pad(new int[] {1, 1}, new int[] {1, 1}, 0), GradCheck.randn(g, 2, 3));
        GradCheck.check("contiguous", t -> t.t().contiguous(), GradCheck.randn(g, 3, 4));
        GradCheck.check("contiguousCopy", t -> t.contiguousCopy().mul(t), GradCheck.randn(g, 3, 4));
        // A float32 round trip loses precision, so this uses a large step on a linear function.
        new GradCheck(1e-2, 1e-4, 1e-4).run("asType round trip",
                xs -> xs[0].asType(DType.FLOAT32).mul(3).asType(DType.FLOAT64), GradCheck.randn(g, 3, 4));
    }

    @Test
    void asTypeGradientKeepsEachLeafsType() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        x.asType(DType.FLOAT32).mul(Tensor.of(new float[] {2, 3, 4})).sum().backward();
        assertEquals(DType.FLOAT64, x.grad().dtype());
        assertArrayEquals(new double[] {2, 3, 4}, x.grad().toDoubleArray());

        Tensor f = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor d = Tensor.of(new double[] {3}).requiresGrad(true);
        Tensor.concat(0, f, d).mul(Tensor.of(new double[] {5, 6, 7})).sum().backward();
        assertEquals(DType.FLOAT32, f.grad().dtype());
        assertArrayEquals(new float[] {5, 6}, f.grad().toFloatArray());
        assertArrayEquals(new double[] {7}, d.grad().toDoubleArray());
    }
}
