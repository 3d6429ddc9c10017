package dev.fathom.backend;


/**
 * A strided window onto a {@link Storage}: what a backend kernel reads and writes.
 *
 * <p>Element {@code (i0, i1, ...)} lives at {@code offset + i0*strides[0] + i1*strides[1] + ...}.
 * Stride 0 repeats an element along an axis, which is how broadcasting reaches kernels without
 * copies. The arrays are shared, never modified.
 */
public record View(Storage storage, int[] shape, int[] strides, int offset) {

    /** The element type. */
    public DType dtype() {
        return storage.dtype();
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements in the window. */
    public int size() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Whether elements are laid out densely in row-major order. */
    public boolean isContiguous() {
        return isContiguous(shape, strides);
    }

    /** Whether {@code strides} lay out {@code shape} densely in row-major order (axes of size 1 take any stride). */
    public static boolean isContiguous(int[] shape, int[] strides) {
        int expected = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            if (shape[axis] != 1 && strides[axis] != expected) return false;
            expected *= shape[axis];
        }
        return true;
    }

    /** Row-major strides for a dense tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            strides[axis] = s;
            s *= shape[axis];
        }
        return strides;
    }
}
