package dev.fathom.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: broadcasting, axis normalisation, and how shapes print. */
final class Shapes {
    private Shapes() {}

    static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has " + n
                + " elements, more than the 2^31-1 a tensor can hold");
        return (int) n;
    }

    static void checkDims(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new ShapeException(op, "shape " + str(shape) + " has a negative size");
        }
    }

    /** NumPy broadcasting: align from the right; each pair of sizes must match or one must be 1. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(op, "cannot broadcast " + str(a) + " with " + str(b)
                        + ": sizes " + da + " and " + db + " at axis " + i + " of the result differ and neither is 1"
                        + " (shapes are aligned from the right; each pair must match or be 1)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative axis into 0..rank-1. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new ShapeException(op, "axis " + axis + " is out of range for a tensor of rank " + rank
                    + " (valid: " + (-rank) + " to " + (rank - 1) + ")");
        }
        return a;
    }

    static int[] axes(String op, int[] axes, int rank) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(op, axes[i], rank);
            if (seen[out[i]]) throw new ShapeException(op, "axis " + axes[i] + " is listed twice in " + Arrays.toString(axes));
            seen[out[i]] = true;
        }
        return out;
    }

    static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = i;
        return a;
    }

    static int[] remove(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != axis) out[j++] = shape[i];
        return out;
    }

    static int[] insert(int[] shape, int axis, int value) {
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == axis ? value : shape[j++];
        return out;
    }
}
