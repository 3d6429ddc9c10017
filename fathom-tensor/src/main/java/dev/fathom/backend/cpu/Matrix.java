package dev.fathom.backend.cpu;

import dev.fathom.backend.Storage;
import dev.fathom.backend.View;

/**
 * Reshapes a reduction into a dense two-axis problem: {@code [kept, reduced]} when the input's
 * innermost axis is reduced (each output is one row), else {@code [reduced, kept]} (outputs are
 * columns, accumulated a whole row at a time). Views that are not dense in that order are copied.
 */
record Matrix(View view, int kept, int reduced, boolean reducedInner) {

    static Matrix splitReduced(View x, View out, CpuBackend backend) {
        int rank = x.rank();
        int[] order = new int[rank];
        int n = 0;
        int kept = 1;
        int reduced = 1;
        int lastAxis = -1;
        for (int axis = 0; axis < rank; axis++) {
            if (x.shape()[axis] != 1) lastAxis = axis;
        }
        boolean reducedInner = lastAxis < 0 || out.shape()[lastAxis] == 1;
        // First pass places the outer group, second pass the inner group.
        for (int pass = 0; pass < 2; pass++) {
            boolean wantReduced = (pass == 1) == reducedInner;
            for (int axis = 0; axis < rank; axis++) {
                boolean isReduced = out.shape()[axis] == 1 && x.shape()[axis] != 1;
                if (isReduced == wantReduced) order[n++] = axis;
            }
        }
        for (int axis = 0; axis < rank; axis++) {
            if (out.shape()[axis] == 1 && x.shape()[axis] != 1) reduced *= x.shape()[axis];
            else kept *= x.shape()[axis];
        }
        return new Matrix(dense(permute(x, order), backend), kept, reduced, reducedInner);
    }

    static View moveAxisLast(View x, int axis, CpuBackend backend) {
        int rank = x.rank();
        int[] order = new int[rank];
        int n = 0;
        for (int a = 0; a < rank; a++) if (a != axis) order[n++] = a;
        order[n] = axis;
        return dense(permute(x, order), backend);
    }

    private static View permute(View x, int[] order) {
        int[] shape = new int[order.length];
        int[] strides = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            shape[i] = x.shape()[order[i]];
            strides[i] = x.strides()[order[i]];
        }
        return new View(x.storage(), shape, strides, x.offset());
    }

    /** The view itself when already dense in row-major order, else a dense copy. */
    static View dense(View v, CpuBackend backend) {
        if (v.isContiguous()) return v;
        Storage s = backend.allocate(v.dtype(), v.size());
        View copy = new View(s, v.shape(), View.contiguousStrides(v.shape()), 0);
        backend.copy(v, copy);
        return copy;
    }
}
