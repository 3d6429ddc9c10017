package dev.fathom.onnx;

import java.util.Arrays;

/**
 * Computes ONNX operators on constants at import time: the shape arithmetic that
 * {@code torch.onnx.export} writes ({@code Shape → Gather → Unsqueeze → Concat → Reshape}), with the
 * batch size an unknown (NaN) entry, and operators on weights (a transposed initializer). Each
 * method takes and returns {@link Const}s; integer results stay integers.
 */
final class ConstantFolding {
    private ConstantFolding() {
    }

    /** Folded constants stop here (128 Mi values): a hostile shape for Expand or ConstantOfShape must not exhaust memory. */
    static final long MAX_FOLDED = 1L << 27;

    /** The number of elements of {@code shape}, refusing negative sizes and more than {@link #MAX_FOLDED}. */
    static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("a size of " + d + " in shape " + Arrays.toString(shape));
            n *= d;
            if (n > MAX_FOLDED) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than " + MAX_FOLDED + " values");
        }
        return (int) n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** A constant whose element {@code i} is {@code src[from[i]]}, of {@code shape}. */
    private static Const pick(Const src, int[] from, int[] shape) {
        if (src.isFloat()) {
            float[] f = new float[from.length];
            for (int i = 0; i < f.length; i++) f[i] = src.floats()[from[i]];
            return new Const(shape, f, null, src.trainable());
        }
        double[] d = new double[from.length];
        for (int i = 0; i < d.length; i++) d[i] = src.ints()[from[i]];
        return new Const(shape, null, d, false);
    }

    static Const binary(String op, Const a, Const b) {
        int n = Math.max(a.rank(), b.rank());
        int[] out = new int[n];
        int[] pa = pad(a.shape(), n);
        int[] pb = pad(b.shape(), n);
        for (int i = 0; i < n; i++) {
            if (pa[i] != pb[i] && pa[i] != 1 && pb[i] != 1) {
                throw new IllegalArgumentException("shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                        + " do not broadcast");
            }
            out[i] = Math.max(pa[i], pb[i]);
        }
        int[] ia = broadcastIndex(pa, out);
        int[] ib = broadcastIndex(pb, out);
        boolean floating = a.isFloat() || b.isFloat() || op.equals("Pow") && !integral(b);
        int total = size(out);
        if (floating) {
            float[] r = new float[total];
            for (int i = 0; i < total; i++) r[i] = (float) apply(op, a.get(ia[i]), b.get(ib[i]), false);
            return new Const(out, r, null, a.trainable() || b.trainable());
        }
        double[] r = new double[total];
        for (int i = 0; i < total; i++) r[i] = apply(op, a.get(ia[i]), b.get(ib[i]), true);
        return Const.ofInts(out, r);
    }

    private static boolean integral(Const c) {
        return !c.isFloat();
    }

    private static double apply(String op, double x, double y, boolean integer) {
        return switch (op) {
            case "Add" -> x + y;
            case "Sub" -> x - y;
            case "Mul" -> x * y;
            case "Div" -> integer ? (y == 0 ? Double.NaN : (double) (long) (x / y)) : x / y;
            case "Pow" -> Math.pow(x, y);
            case "Equal" -> x == y ? 1 : 0;
            case "Max" -> Math.max(x, y);
            case "Min" -> Math.min(x, y);
            default -> throw new IllegalArgumentException("cannot fold " + op);
        };
    }

    static int[] pad(int[] shape, int rank) {
        int[] p = new int[rank];
        Arrays.fill(p, 1);
        System.arraycopy(shape, 0, p, rank - shape.length, shape.length);
        return p;
    }

    /** For each element of {@code out}, the element of a tensor of {@code shape} (same rank) broadcast to it. */
    static int[] broadcastIndex(int[] shape, int[] out) {
        int total = size(out);
        int[] idx = new int[total];
        int[] srcStrides = strides(shape);
        int[] outStrides = strides(out);
        for (int i = 0; i < total; i++) {
            int rem = i;
            int src = 0;
            for (int d = 0; d < out.length; d++) {
                int k = rem / outStrides[d];
                rem %= outStrides[d];
                if (shape[d] != 1) src += k * srcStrides[d];
            }
            idx[i] = src;
        }
        return idx;
    }

    static Const unary(String op, Const a) {
        float[] r = new float[a.size()];
        for (int i = 0; i < r.length; i++) {
            double x = a.get(i);
            r[i] = (float) switch (op) {
                case "Sqrt" -> Math.sqrt(x);
                case "Neg" -> -x;
                case "Relu" -> Math.max(x, 0);
                case "Exp" -> Math.exp(x);
                case "Abs" -> Math.abs(x);
                default -> throw new IllegalArgumentException("cannot fold " + op);
            };
        }
        if (!a.isFloat() && (op.equals("Neg") || op.equals("Abs") || op.equals("Relu"))) {
            double[] d = new double[r.length];
            for (int i = 0; i < d.length; i++) d[i] = op.equals("Neg") ? -a.get(i) : op.equals("Abs") ? Math.abs(a.get(i)) : Math.max(a.get(i), 0);
            return Const.ofInts(a.shape(), d);
        }
        return new Const(a.shape(), r, null, a.trainable());
    }

    static Const transpose(Const a, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) out[i] = a.shape()[perm[i]];
        int[] inStrides = strides(a.shape());
        int[] outStrides = strides(out);
        int[] from = new int[a.size()];
        for (int i = 0; i < from.length; i++) {
            int rem = i;
            int src = 0;
            for (int d = 0; d < out.length; d++) {
                int k = rem / outStrides[d];
                rem %= outStrides[d];
                src += k * inStrides[perm[d]];
            }
            from[i] = src;
        }
        return pick(a, from, out);
    }

    static Const gather(Const data, Const indices, int axis) {
        int[] s = data.shape();
        int dim = s[axis];
        int outer = size(Arrays.copyOfRange(s, 0, axis));
        int inner = size(Arrays.copyOfRange(s, axis + 1, s.length));
        long[] idx = indices.longs("Gather's indices");
        int[] out = new int[s.length - 1 + indices.rank()];
        System.arraycopy(s, 0, out, 0, axis);
        System.arraycopy(indices.shape(), 0, out, axis, indices.rank());
        System.arraycopy(s, axis + 1, out, axis + indices.rank(), s.length - axis - 1);
        int[] from = new int[outer * idx.length * inner];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (long raw : idx) {
                long j = raw < 0 ? raw + dim : raw;
                if (j < 0 || j >= dim) throw new IllegalArgumentException("index " + raw + " is outside an axis of " + dim);
                for (int i = 0; i < inner; i++) from[k++] = (o * dim + (int) j) * inner + i;
            }
        }
        return pick(data, from, out);
    }

    static Const concat(Const[] parts, int axis) {
        int[] out = parts[0].shape().clone();
        int total = 0;
        for (Const p : parts) {
            if (p.rank() != out.length) throw new IllegalArgumentException("Concat of constants of different ranks");
            total += p.shape()[axis];
        }
        out[axis] = total;
        int outer = size(Arrays.copyOfRange(out, 0, axis));
        int inner = size(Arrays.copyOfRange(out, axis + 1, out.length));
        boolean floating = false;
        boolean trainable = false;
        for (Const p : parts) {
            floating |= p.isFloat();
            trainable |= p.trainable();
        }
        double[] vals = new double[size(out)];
        int k = 0;
        for (int o = 0; o < outer; o++) {
            for (Const p : parts) {
                int n = p.shape()[axis] * inner;
                for (int i = 0; i < n; i++) vals[k++] = p.get(o * n + i);
            }
        }
        if (!floating) return Const.ofInts(out, vals);
        float[] f = new float[vals.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) vals[i];
        return new Const(out, f, null, trainable);
    }

    /** Slice with resolved, in-range bounds per axis (a step per axis; all axes listed). */
    static Const slice(Const a, int[] starts, int[] counts, int[] steps) {
        int[] out = counts.clone();
        int[] inStrides = strides(a.shape());
        int[] outStrides = strides(out);
        int[] from = new int[size(out)];
        for (int i = 0; i < from.length; i++) {
            int rem = i;
            int src = 0;
            for (int d = 0; d < out.length; d++) {
                int k = rem / outStrides[d];
                rem %= outStrides[d];
                src += (starts[d] + k * steps[d]) * inStrides[d];
            }
            from[i] = src;
        }
        return pick(a, from, out);
    }

    static Const where(Const cond, Const x, Const y) {
        Const t = binary("Mul", cond, x);   // only for the broadcast shape
        int[] out = t.shape();
        int[] ic = broadcastIndex(pad(cond.shape(), out.length), out);
        int[] ix = broadcastIndex(pad(x.shape(), out.length), out);
        int[] iy = broadcastIndex(pad(y.shape(), out.length), out);
        double[] v = new double[size(out)];
        for (int i = 0; i < v.length; i++) v[i] = cond.get(ic[i]) != 0 ? x.get(ix[i]) : y.get(iy[i]);
        if (!x.isFloat() && !y.isFloat()) return Const.ofInts(out, v);
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) v[i];
        return new Const(out, f, null, x.trainable() || y.trainable());
    }

    static Const expand(Const a, int[] shape) {
        int n = Math.max(a.rank(), shape.length);
        int[] pa = pad(a.shape(), n);
        int[] ps = pad(shape, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = pa[i] == 1 ? ps[i] : pa[i];
        return pick(a, broadcastIndex(pa, out), out);
    }

    static Const cast(Const a, int to) {
        boolean floating = to == 1 || to == 10 || to == 11 || to == 16;
        if (floating) return a.isFloat() ? a : new Const(a.shape(), a.asFloats(), null, false);
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            double v = a.get(i);
            d[i] = to == 9 ? (v != 0 ? 1 : 0) : Double.isNaN(v) ? v : (double) (long) v;
        }
        return Const.ofInts(a.shape(), d);
    }
}
