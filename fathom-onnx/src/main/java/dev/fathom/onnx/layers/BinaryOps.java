package dev.fathom.onnx.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;

/** The binary operations of ONNX's elementwise operators and MatMul, by the names the configs use. */
final class BinaryOps {
    static final List<String> OPS = List.of("add", "sub", "mul", "div", "pow", "max", "min", "matmul");

    private BinaryOps() {
    }

    static String check(String owner, String op) {
        if (!OPS.contains(op)) throw new IllegalArgumentException(owner + ": unknown operation '" + op + "'; choose one of " + OPS);
        return op;
    }

    static Tensor apply(String op, Tensor a, Tensor b) {
        return switch (op) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            case "pow" -> a.pow(b);
            case "max" -> a.maximum(b);
            case "min" -> a.minimum(b);
            case "matmul" -> a.matmul(b);
            default -> throw new IllegalStateException(op);
        };
    }

    /** The result shape of {@code op} on shapes {@code a} and {@code b}; null when they do not fit. */
    static int[] shape(String op, int[] a, int[] b) {
        if (!op.equals("matmul")) return Configs.broadcast(a, b);
        if (a.length < 2 || b.length < 2) {
            if (a.length == 0 || b.length == 0) return null;
            int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
            int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
            int[] r = shape(op, a2, b2);
            if (r == null) return null;
            // The added axes go again.
            if (a.length == 1 && b.length == 1) return new int[0];
            if (a.length == 1) return dropAxis(r, r.length - 2);
            return dropAxis(r, r.length - 1);
        }
        if (a[a.length - 1] != b[b.length - 2]) return null;
        int[] batch = Configs.broadcast(java.util.Arrays.copyOf(a, a.length - 2), java.util.Arrays.copyOf(b, b.length - 2));
        if (batch == null) return null;
        int[] out = java.util.Arrays.copyOf(batch, batch.length + 2);
        out[batch.length] = a[a.length - 2];
        out[batch.length + 1] = b[b.length - 1];
        return out;
    }

    private static int[] dropAxis(int[] s, int axis) {
        int[] out = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != axis) out[j++] = s[i];
        return out;
    }
}
