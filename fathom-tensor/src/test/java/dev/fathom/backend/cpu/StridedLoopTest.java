package dev.fathom.backend.cpu;

import dev.fathom.backend.View;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every element visited once with the right offsets, whether the walk takes one flat row or many. */
class StridedLoopTest {

    /** out = a + b over {@code shape}, element by element from multi-indices: the reference. */
    private static float[] reference(int[] shape, float[] a, int[] as, int ao, float[] b, int[] bs, int bo) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] out = new float[size];
        int[] index = new int[shape.length];
        for (int i = 0; i < size; i++) {
            int rem = i;
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                index[axis] = rem % shape[axis];
                rem /= shape[axis];
            }
            int pa = ao;
            int pb = bo;
            for (int axis = 0; axis < shape.length; axis++) {
                pa += index[axis] * as[axis];
                pb += index[axis] * bs[axis];
            }
            out[i] = a[pa] + b[pb];
        }
        return out;
    }

    private static float[] walked(int[] shape, float[] a, int[] as, int ao, float[] b, int[] bs, int bo) {
        int size = 1;
        for (int d : shape) size *= d;
        float[] out = new float[size];
        int[] visits = new int[size];
        int[] os = View.contiguousStrides(shape);
        StridedLoop.forEachRow(shape, new int[][] {as, bs, os}, new int[] {ao, bo, 0}, true, (n, off, st) -> {
            for (int i = 0; i < n; i++) {
                out[off[2] + i * st[2]] = a[off[0] + i * st[0]] + b[off[1] + i * st[1]];
                synchronized (visits) {
                    visits[off[2] + i * st[2]]++;
                }
            }
        });
        for (int v : visits) assertEquals(1, v, "each element exactly once");
        return out;
    }

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = i * 0.5f - 3;
        return x;
    }

    private static void check(int[] shape, float[] a, int[] as, int ao, float[] b, int[] bs, int bo) {
        assertArrayEquals(reference(shape, a, as, ao, b, bs, bo), walked(shape, a, as, ao, b, bs, bo));
    }

    @Test
    void denseOperandAndRepeatedValue() {
        // [4, 5] dense from offset 3 plus one value repeated (stride 0 on every axis): one flat row.
        check(new int[] {4, 5}, ramp(30), new int[] {5, 1}, 3, ramp(4), new int[] {0, 0}, 2);
    }

    @Test
    void sizeOneAxesWithAnyStrideStillWalkFlat() {
        check(new int[] {3, 1, 4}, ramp(12), new int[] {4, 99, 1}, 0, ramp(12), new int[] {4, -7, 1}, 0);
    }

    @Test
    void broadcastRowAndTransposedOperandTakeTheStridedWalk() {
        // A bias row repeated down the rows (stride 0 on axis 0 only), and a transposed matrix.
        check(new int[] {6, 7}, ramp(7), new int[] {0, 1}, 0, ramp(42), new int[] {1, 6}, 0);
    }

    @Test
    void largeLoopsSplitAcrossThreads() {
        int rows = 300;
        int cols = 257;
        check(new int[] {rows, cols}, ramp(rows * cols), new int[] {cols, 1}, 0, ramp(cols), new int[] {0, 1}, 0);
        check(new int[] {rows * cols}, ramp(rows * cols), new int[] {1}, 0, ramp(1), new int[] {0}, 0);
    }

    @Test
    void scalarsAndEmptyShapes() {
        check(new int[] {}, ramp(3), new int[] {}, 2, ramp(2), new int[] {}, 1);
        assertEquals(0, walked(new int[] {0, 4}, ramp(1), new int[] {4, 1}, 0, ramp(1), new int[] {4, 1}, 0).length);
    }
}
