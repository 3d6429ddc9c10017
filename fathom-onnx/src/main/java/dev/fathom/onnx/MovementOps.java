package dev.fathom.onnx;

import dev.fathom.layers.Reshape;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.onnx.OnnxImporter.Dyn;
import dev.fathom.onnx.layers.OnnxConcat;
import dev.fathom.onnx.layers.OnnxGather;
import dev.fathom.onnx.layers.OnnxPad;
import dev.fathom.onnx.layers.OnnxReduce;
import dev.fathom.onnx.layers.OnnxSlice;
import dev.fathom.onnx.layers.OnnxTranspose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.fathom.onnx.OnnxImporter.axis;
import static dev.fathom.onnx.OnnxImporter.dropAxis;
import static dev.fathom.onnx.OnnxImporter.fathomAxis;
import static dev.fathom.onnx.OnnxImporter.sample;
import static dev.fathom.onnx.OnnxImporter.toInts;

/**
 * The importer's operators that move, pick and reduce the batch's values ({@code Flatten, Reshape,
 * Transpose, Concat, Squeeze, Unsqueeze, Gather, Slice, Pad} and the reductions): each keeps track
 * of where the batch axis goes, folds when its input is a constant, and refuses what would mix
 * samples. Part of {@link OnnxImporter}, whose values and layers it uses.
 */
final class MovementOps {
    private final OnnxImporter g;

    MovementOps(OnnxImporter importer) {
        this.g = importer;
    }

    /** A Dyn of new per-sample shape {@code sample} with the batch at {@code batchAxis}: a Reshape layer unless nothing changes. */
    Dyn reshaped(OnnxNode n, Dyn x, int[] sample, int batchAxis) {
        if (Arrays.equals(sample, sample(x))) return new Dyn(x.t(), batchAxis);
        return new Dyn(g.apply(n, new Reshape(sample), x), batchAxis);
    }

    void flatten(OnnxNode n) {
        Object v = g.in(n, 0);
        if (v instanceof Const c) {
            int a = axis(n.i("axis", 1), c.rank() + 1);
            int outer = ConstantFolding.size(Arrays.copyOfRange(c.shape(), 0, a));
            g.put(n, c.reshaped(new int[] {outer, c.size() / Math.max(outer, 1)}));
            return;
        }
        Dyn x = (Dyn) v;
        int a = axis(n.i("axis", 1), x.rank() + 1);
        int[] s = x.onnxShape();
        for (int i = 0; i < a; i++) {
            if (i != x.batchAxis() && s[i] != 1 || x.batchAxis() >= a) {
                throw new IllegalArgumentException("flattens the batch axis together with others; Fathom needs the batch kept apart (axis=1)");
            }
        }
        int inner = ConstantFolding.size(Arrays.copyOfRange(s, a, s.length));
        g.put(n, reshaped(n, x, new int[] {inner}, 0));
    }

    void reshape(OnnxNode n) {
        Object v = g.in(n, 0);
        Const target = g.cst(n, 1);
        boolean allowZero = n.i("allowzero", 0) != 0;
        if (v instanceof Const c) {
            long[] t = target.longs("Reshape's shape of a constant");
            g.put(n, c.reshaped(resolve(t, c.shape(), c.size(), allowZero)));
            return;
        }
        Dyn x = (Dyn) v;
        int[] in = x.onnxShape();
        int r = target.size();
        int[] t = new int[r];            // -1 infer, -2 batch, else a size
        for (int i = 0; i < r; i++) {
            double d = target.get(i);
            if (Double.isNaN(d)) t[i] = -2;
            else if (d == 0 && !allowZero) t[i] = i < in.length ? (i == x.batchAxis() ? -2 : in[i]) : 0;
            else t[i] = (int) d;
        }
        int perSample = ConstantFolding.size(sample(x));
        int batchAt = -1;
        for (int i = 0; i < r; i++) if (t[i] == -2) batchAt = batchAt < 0 ? i : -3;
        if (batchAt == -3) throw new IllegalArgumentException("puts the batch size in two places of its new shape");
        int fixed = 1;
        int infer = -1;
        for (int i = 0; i < r; i++) {
            if (t[i] == -1) infer = i;
            else if (t[i] >= 0) fixed *= t[i];
        }
        if (batchAt < 0) {
            if (infer >= 0 && fixed == perSample) {
                batchAt = infer;          // x.view(-1, features): the inferred size is the batch
                infer = -1;
            } else if (g.declaredBatch > 0) {
                // Exported with a fixed batch: the entry equal to it (and no other way to fill the shape) is the batch.
                for (int i = 0; i < r && batchAt < 0; i++) {
                    if (t[i] == g.declaredBatch && (infer >= 0 || (long) fixed == (long) perSample * g.declaredBatch)) batchAt = i;
                }
                if (batchAt >= 0) fixed /= g.declaredBatch;
            }
            if (batchAt < 0) {
                throw new IllegalArgumentException("reshapes " + Arrays.toString(in) + " (batch as -1) to " + target
                        + ", which does not keep each sample apart; export with dynamic_axes for the batch so the shape says where it goes");
            }
        }
        int[] out = new int[r - 1];
        for (int i = 0, k = 0; i < r; i++) if (i != batchAt) out[k++] = t[i];
        if (infer >= 0) {
            if (fixed == 0 || perSample % fixed != 0) throw new IllegalArgumentException("cannot infer the size of " + target);
            out[infer < batchAt ? infer : infer - 1] = perSample / fixed;
        } else if (ConstantFolding.size(out) != perSample) {
            throw new IllegalArgumentException("reshapes samples of " + perSample + " values to " + Arrays.toString(out));
        }
        // The batch stays one block only if what comes before it has the same size before and after.
        int before = ConstantFolding.size(Arrays.copyOfRange(sample(x), 0, x.batchAxis()));
        int after = ConstantFolding.size(Arrays.copyOfRange(out, 0, batchAt));
        if (before != after) throw new IllegalArgumentException("moves the batch within the data (" + Arrays.toString(in) + " to " + target + ")");
        g.put(n, reshaped(n, x, out, batchAt));
    }

    private static int[] resolve(long[] t, int[] in, int size, boolean allowZero) {
        int[] out = new int[t.length];
        int infer = -1;
        int fixed = 1;
        for (int i = 0; i < t.length; i++) {
            out[i] = (int) (t[i] == 0 && !allowZero ? in[i] : t[i]);
            if (out[i] == -1) infer = i;
            else fixed *= out[i];
        }
        if (infer >= 0) out[infer] = fixed == 0 ? 0 : size / fixed;
        if (ConstantFolding.size(out) != size) throw new IllegalArgumentException("cannot reshape " + size + " values to " + Arrays.toString(t));
        return out;
    }

    void transpose(OnnxNode n) {
        Object v = g.in(n, 0);
        int rank = v instanceof Dyn d ? d.rank() : ((Const) v).rank();
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
        if (n.has("perm")) perm = toInts(n.ints("perm", null));
        if (v instanceof Const c) {
            g.put(n, ConstantFolding.transpose(c, perm));
            return;
        }
        Dyn x = (Dyn) v;
        int b = x.batchAxis();
        int outBatch = -1;
        for (int i = 0; i < rank; i++) if (perm[i] == b) outBatch = i;
        int[] samplePerm = new int[rank - 1];
        boolean identity = true;
        for (int i = 0, k = 0; i < rank; i++) {
            if (i == outBatch) continue;
            int src = perm[i] < b ? perm[i] : perm[i] - 1;   // the source's position in the sample
            identity &= src == k;
            samplePerm[k++] = src;
        }
        if (identity) {
            g.put(n, new Dyn(x.t(), outBatch));   // only the batch moved: Fathom keeps it first anyway
            return;
        }
        g.put(n, new Dyn(g.apply(n, new OnnxTranspose(samplePerm), x), outBatch));
    }

    void concat(OnnxNode n) {
        List<Object> parts = new ArrayList<>();
        for (int i = 0; i < n.inputCount(); i++) if (n.input(i) != null) parts.add(g.in(n, i));
        if (parts.stream().allMatch(p -> p instanceof Const)) {
            Const[] cs = parts.toArray(new Const[0]);
            g.put(n, ConstantFolding.concat(cs, axis(n.i("axis", 0), cs[0].rank())));
            return;
        }
        if (!parts.stream().allMatch(p -> p instanceof Dyn)) {
            throw new IllegalArgumentException("joins computed tensors with constants; Fathom imports Concat of either alone");
        }
        Dyn first = (Dyn) parts.get(0);
        Dyn[] ds = parts.toArray(new Dyn[0]);
        for (Dyn d : ds) {
            if (d.batchAxis() != first.batchAxis() || d.rank() != first.rank()) {
                throw new IllegalArgumentException("joins tensors whose batch axes differ");
            }
        }
        if (ds.length == 1) {
            g.put(n, first);
            return;
        }
        int a = fathomAxis(first, n.i("axis", 0), "Concat");
        g.put(n, new Dyn(g.apply(n, new OnnxConcat(a), ds), first.batchAxis()));
    }

    /** Axes from the attribute (before {@code inputSince}) or from input 1. */
    long[] axesOf(OnnxNode n, int inputSince) {
        if (g.opset < inputSince) return n.ints("axes", null);
        Const c = g.optionalCst(n, 1);
        return c == null ? null : c.longs("axes");
    }

    void squeeze(OnnxNode n) {
        Object v = g.in(n, 0);
        int[] shape = v instanceof Dyn d ? d.onnxShape() : ((Const) v).shape();
        long[] axes = axesOf(n, 13);
        boolean[] drop = new boolean[shape.length];
        if (axes == null) {
            for (int i = 0; i < shape.length; i++) drop[i] = shape[i] == 1;
        } else {
            for (long a : axes) drop[axis(a, shape.length)] = true;
        }
        List<Integer> kept = new ArrayList<>();
        int batch = -1;
        for (int i = 0; i < shape.length; i++) {
            if (drop[i]) {
                if (v instanceof Dyn d && i == d.batchAxis()) throw new IllegalArgumentException("squeezes the batch axis");
                if (shape[i] != 1) throw new IllegalArgumentException("squeezes axis " + i + " of size " + shape[i]);
                continue;
            }
            if (v instanceof Dyn d && i == d.batchAxis()) batch = kept.size();
            kept.add(shape[i]);
        }
        int[] out = kept.stream().mapToInt(Integer::intValue).toArray();
        if (v instanceof Const c) {
            g.put(n, c.reshaped(out));
            return;
        }
        g.put(n, reshaped(n, (Dyn) v, dropAxis(out, batch), batch));
    }

    void unsqueeze(OnnxNode n) {
        Object v = g.in(n, 0);
        int[] shape = v instanceof Dyn d ? d.onnxShape() : ((Const) v).shape();
        long[] axes = axesOf(n, 13);
        if (axes == null) throw new IllegalArgumentException("has no axes");
        int rank = shape.length + axes.length;
        boolean[] added = new boolean[rank];
        for (long a : axes) added[axis(a, rank)] = true;
        int[] out = new int[rank];
        int batch = -1;
        for (int i = 0, k = 0; i < rank; i++) {
            if (added[i]) {
                out[i] = 1;
                continue;
            }
            if (v instanceof Dyn d && k == d.batchAxis()) batch = i;
            out[i] = shape[k++];
        }
        if (v instanceof Const c) {
            g.put(n, c.reshaped(out));
            return;
        }
        g.put(n, reshaped(n, (Dyn) v, dropAxis(out, batch), batch));
    }

    void gather(OnnxNode n) {
        Object data = g.in(n, 0);
        Const indices = g.cst(n, 1);
        if (data instanceof Const c) {
            g.put(n, ConstantFolding.gather(c, indices, axis(n.i("axis", 0), c.rank())));
            return;
        }
        Dyn x = (Dyn) data;
        int a = axis(n.i("axis", 0), x.rank());
        int fa = fathomAxis(x, a, "Gather");
        int dim = x.onnxShape()[a];
        long[] raw = indices.longs("Gather's indices");
        int[] idx = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            long j = raw[i] < 0 ? raw[i] + dim : raw[i];
            if (j < 0 || j >= dim) throw new IllegalArgumentException("index " + raw[i] + " is outside axis " + a + " of size " + dim);
            idx[i] = (int) j;
        }
        int batch = a < x.batchAxis() ? x.batchAxis() + indices.rank() - 1 : x.batchAxis();
        g.put(n, new Dyn(g.apply(n, new OnnxGather(fa, idx, indices.shape()), x), batch));
    }

    void slice(OnnxNode n) {
        Object v = g.in(n, 0);
        int[] shape = v instanceof Dyn d ? d.onnxShape() : ((Const) v).shape();
        Const starts = g.cst(n, 1);
        Const ends = g.cst(n, 2);
        Const axesC = g.optionalCst(n, 3);
        Const stepsC = g.optionalCst(n, 4);
        int r = shape.length;
        int[] start = new int[r];
        int[] count = new int[r];
        int[] step = new int[r];
        boolean[] touched = new boolean[r];
        for (int i = 0; i < r; i++) {
            count[i] = shape[i];
            step[i] = 1;
        }
        for (int k = 0; k < starts.size(); k++) {
            int a = axis(axesC == null ? k : (long) axesC.get(k), r);
            long st = stepsC == null ? 1 : (long) stepsC.get(k);
            double s0 = starts.get(k);
            double e0 = ends.get(k);
            if (v instanceof Dyn d && a == d.batchAxis()) {
                // The whole batch (0 to its size or beyond, step 1) is no slice at all.
                if (st == 1 && s0 == 0 && (Double.isNaN(e0) || e0 >= Integer.MAX_VALUE)) continue;
                throw new IllegalArgumentException("slices the batch axis");
            }
            if (Double.isNaN(s0) || Double.isNaN(e0)) throw new IllegalArgumentException("slices with bounds that depend on the batch size");
            if (st == 0) throw new IllegalArgumentException("has step 0");
            int dim = shape[a];
            long s = (long) s0;
            long e = (long) e0;
            if (s < 0) s += dim;
            if (e < 0) e += dim;
            if (st > 0) {
                s = Math.clamp(s, 0, dim);
                e = Math.clamp(e, 0, dim);
            } else {
                s = Math.clamp(s, 0, dim - 1);
                e = Math.clamp(e, -1, dim - 1);
            }
            int c = (int) (st > 0 ? Math.max(0, (e - s + st - 1) / st) : Math.max(0, (s - e - st - 1) / -st));
            start[a] = (int) s;
            count[a] = c;
            step[a] = (int) st;
            touched[a] = true;
        }
        if (v instanceof Const c) {
            g.put(n, ConstantFolding.slice(c, start, count, step));
            return;
        }
        Dyn x = (Dyn) v;
        List<int[]> spec = new ArrayList<>();
        for (int a = 0; a < r; a++) {
            if (!touched[a] || start[a] == 0 && step[a] == 1 && count[a] == shape[a]) continue;
            if (count[a] == 0) throw new IllegalArgumentException("slices axis " + a + " to nothing");
            spec.add(new int[] {fathomAxis(x, a, "Slice"), start[a], start[a] + count[a] * step[a], step[a]});
        }
        if (spec.isEmpty()) {
            g.put(n, x);
            return;
        }
        int[][] cols = new int[4][spec.size()];
        for (int i = 0; i < spec.size(); i++) for (int j = 0; j < 4; j++) cols[j][i] = spec.get(i)[j];
        g.put(n, new Dyn(g.apply(n, new OnnxSlice(cols[0], cols[1], cols[2], cols[3]), x), x.batchAxis()));
    }

    void pad(OnnxNode n) {
        Dyn x = g.dyn(n, 0);
        String mode = n.s("mode", "constant");
        long[] pads = n.input(1) != null ? g.cst(n, 1).longs("pads") : n.ints("pads", null);
        if (pads == null) throw new IllegalArgumentException("has no pads");
        double value = n.input(2) != null ? g.cst(n, 2).get(0) : n.f("value", 0);
        int r = x.rank();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) axes[i] = i;
        if (n.input(3) != null) {
            long[] a = g.cst(n, 3).longs("axes");
            axes = new int[a.length];
            for (int i = 0; i < a.length; i++) axes[i] = axis(a[i], r);
        }
        if (pads.length != 2 * axes.length) throw new IllegalArgumentException("pads " + Arrays.toString(pads) + " must have 2 entries per axis");
        int[] before = new int[r - 1];
        int[] after = new int[r - 1];
        for (int i = 0; i < axes.length; i++) {
            long pb = pads[i];
            long pe = pads[i + axes.length];
            if (pb == 0 && pe == 0) continue;
            if (pb < 0 || pe < 0) throw new IllegalArgumentException("has negative pads (cropping)");
            if (pb > 1 << 20 || pe > 1 << 20) throw new IllegalArgumentException("pads by more than " + (1 << 20));
            int fa = fathomAxis(x, axes[i], "Pad");
            before[fa - 1] = (int) pb;
            after[fa - 1] = (int) pe;
        }
        g.put(n, new Dyn(g.apply(n, new OnnxPad(before, after, mode, value), x), x.batchAxis()));
    }

    void reduce(OnnxNode n, String op, int axesInputSince) {
        Dyn x = g.dyn(n, 0);
        long[] axes = axesOf(n, axesInputSince);
        boolean keep = n.i("keepdims", 1) != 0;
        if (axes == null || axes.length == 0) {
            if (n.i("noop_with_empty_axes", 0) != 0) {
                g.put(n, x);
                return;
            }
            throw new IllegalArgumentException("reduces over every axis, the batch's too");
        }
        int[] fa = new int[axes.length];
        int batch = x.batchAxis();
        for (int i = 0; i < axes.length; i++) {
            fa[i] = fathomAxis(x, axes[i], n.op());
            if (!keep && axis(axes[i], x.rank()) < x.batchAxis()) batch--;
        }
        g.put(n, new Dyn(g.apply(n, new OnnxReduce(op, fa, keep), x), batch));
    }

}
