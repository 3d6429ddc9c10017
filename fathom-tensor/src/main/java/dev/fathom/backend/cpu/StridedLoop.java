package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.View;

import java.util.Arrays;

/**
 * Walks several equally shaped strided operands together, one innermost row at a time.
 *
 * <p>Axes of size 1 are dropped and neighbouring axes that are contiguous in every operand are
 * merged first, so a dense {@code [64, 256]} tensor is handed to the row body as one row of 16384
 * elements that the body can vectorize. Large loops are split across {@link Parallel} threads by
 * rows, or within the row when there are fewer rows than threads.
 */
final class StridedLoop {
    /** Below this many elements a loop stays on the calling thread. */
    static final int PARALLEL_GRAIN = 1 << 15;

    /** Processes {@code n} elements; operand k starts at {@code offsets[k]} and steps by {@code strides[k]}. */
    @FunctionalInterface
    interface RowBody {
        void row(int n, int[] offsets, int[] strides);
    }

    private StridedLoop() {}

    /**
     * Calls {@code body} for every row of {@code shape}, with the starting offset and inner stride of
     * each operand. The body must treat elements independently (each output written once), since
     * rows may run on different threads.
     */
    static void forEachRow(int[] shape, int[][] strides, int[] offsets, boolean parallel, RowBody body) {
        int operands = offsets.length;
        long size = 1;
        for (int d : shape) size *= d;
        if (size == 0) return;
        if (size < PARALLEL_GRAIN) {
            // Most ops of a small network's step: every operand dense or one repeated value, which the
            // collapse below would merge into one row anyway. Calling the body straight away saves
            // building the walk (a dozen small arrays per op).
            int[] flat = flatStrides(shape, strides);
            if (flat != null) {
                body.row((int) size, offsets, flat);
                return;
            }
        }
        // Collapse: drop size-1 axes, merge axes that are contiguous in every operand.
        int[] dims = new int[shape.length];
        int[][] st = new int[operands][shape.length];
        int rank = 0;
        for (int axis = 0; axis < shape.length; axis++) {
            int extent = shape[axis];
            if (extent == 1) continue;
            boolean merge = rank > 0;
            for (int k = 0; k < operands && merge; k++) {
                merge = st[k][rank - 1] == strides[k][axis] * extent;
            }
            if (merge) {
                dims[rank - 1] *= extent;
                for (int k = 0; k < operands; k++) st[k][rank - 1] = strides[k][axis];
            } else {
                dims[rank] = extent;
                for (int k = 0; k < operands; k++) st[k][rank] = strides[k][axis];
                rank++;
            }
        }
        int[] inner = new int[operands];
        if (rank == 0) {
            body.row(1, offsets.clone(), inner);
            return;
        }
        int n = dims[rank - 1];
        for (int k = 0; k < operands; k++) inner[k] = st[k][rank - 1];
        int rows = 1;
        for (int axis = 0; axis < rank - 1; axis++) rows *= dims[axis];
        int threads = parallel && size >= PARALLEL_GRAIN ? Parallel.threads() : 1;
        final int outerRank = rank - 1;
        if (rows >= threads) {
            Parallel.RangeBody rowRange = (first, last) -> {
                int[] index = new int[Math.max(outerRank, 1)];
                int[] offs = new int[operands];
                // Decompose the first row number into a multi-index, then step the counters.
                int rem = first;
                for (int axis = outerRank - 1; axis >= 0; axis--) {
                    index[axis] = rem % dims[axis];
                    rem /= dims[axis];
                }
                for (int k = 0; k < operands; k++) {
                    int o = offsets[k];
                    for (int axis = 0; axis < outerRank; axis++) o += index[axis] * st[k][axis];
                    offs[k] = o;
                }
                int[] rowOffs = new int[operands];
                for (int r = first; r < last; r++) {
                    System.arraycopy(offs, 0, rowOffs, 0, operands);
                    body.row(n, rowOffs, inner);
                    for (int axis = outerRank - 1; axis >= 0; axis--) {
                        index[axis]++;
                        for (int k = 0; k < operands; k++) offs[k] += st[k][axis];
                        if (index[axis] < dims[axis]) break;
                        for (int k = 0; k < operands; k++) offs[k] -= st[k][axis] * dims[axis];
                        index[axis] = 0;
                    }
                }
            };
            if (threads == 1) rowRange.run(0, rows);
            else Parallel.forRange(rows, Math.max(1, PARALLEL_GRAIN / n), rowRange);
        } else {
            // Few long rows: split each row into pieces.
            int pieces = Math.max(1, threads / rows + 1);
            Parallel.forRange(rows * pieces, 1, (start, end) -> {
                int[] offs = new int[operands];
                for (int item = start; item < end; item++) {
                    int r = item / pieces;
                    int piece = item % pieces;
                    int from = (int) ((long) n * piece / pieces);
                    int to = (int) ((long) n * (piece + 1) / pieces);
                    int rem = r;
                    Arrays.fill(offs, 0);
                    for (int axis = outerRank - 1; axis >= 0; axis--) {
                        int i = rem % dims[axis];
                        rem /= dims[axis];
                        for (int k = 0; k < operands; k++) offs[k] += i * st[k][axis];
                    }
                    for (int k = 0; k < operands; k++) offs[k] += offsets[k] + from * inner[k];
                    if (to > from) body.row(to - from, offs, inner);
                }
            });
        }
    }

    /**
     * Each operand's stride when the whole shape is walked as one row: 1 for a dense operand, 0 for
     * one value repeated; null if some operand is neither. Axes of size 1 do not count.
     */
    private static int[] flatStrides(int[] shape, int[][] strides) {
        int[] flat = new int[strides.length];
        for (int k = 0; k < strides.length; k++) {
            flat[k] = flatStride(shape, strides[k]);
            if (flat[k] < 0) return null;
        }
        return flat;
    }

    /** What {@link #rowStride} returns for an operand that does not walk as rows. */
    static final int NOT_ROWS = Integer.MIN_VALUE;

    /**
     * One operand's step from one row of the last axis to the next when the leading axes are walked
     * as one: the stride of a row-major dense operand ({@code n} for a contiguous one, 1 for a
     * column broadcast along the last axis), 0 for one row repeated (a bias), {@link #NOT_ROWS} if
     * the leading axes do not line up (a transposed view). Size-1 axes do not count.
     */
    static int rowStride(int[] shape, int[] strides) {
        int step = 0;
        int expected = 0;
        boolean first = true;
        for (int axis = shape.length - 2; axis >= 0; axis--) {
            if (shape[axis] == 1) continue;
            if (first) step = expected = strides[axis];
            else if (strides[axis] != expected) return NOT_ROWS;
            first = false;
            expected *= shape[axis];
        }
        return step;
    }

    /** One operand's stride along the last axis (0 where that axis has size 1). */
    static int innerStride(int[] shape, int[] strides) {
        int last = shape.length - 1;
        return shape[last] == 1 ? 0 : strides[last];
    }

    /** One operand's stride over the whole shape as one row: 1 if dense, 0 if one value repeated, else -1. */
    static int flatStride(int[] shape, int[] strides) {
        if (View.isContiguous(shape, strides)) return 1;
        return repeatsOneValue(shape, strides) ? 0 : -1;
    }

    private static boolean repeatsOneValue(int[] shape, int[] strides) {
        for (int axis = 0; axis < shape.length; axis++) if (shape[axis] != 1 && strides[axis] != 0) return false;
        return true;
    }
}
