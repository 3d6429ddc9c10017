package dev.fathom.tensor;

import dev.fathom.backend.Device;
import dev.fathom.backend.DType;

import java.util.Locale;

/** Prints tensors like NumPy: nested brackets, a shared number format, the middle elided when large. */
final class TensorFormat {
    /** Above this many elements, each axis shows only its first and last {@link #EDGE_ITEMS}. */
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] shape = t.shape();
        double[] values = t.toDoubleArray();
        boolean summarize = values.length > SUMMARY_THRESHOLD;
        boolean integral = t.dtype() == DType.INT32;
        if (!integral) {
            integral = true;
            for (double v : values) {
                if (Double.isFinite(v) && v != Math.rint(v) || Math.abs(v) >= 1e7) {
                    integral = false;
                    break;
                }
            }
        }
        StringBuilder sb = new StringBuilder("tensor(");
        append(sb, values, shape, 0, 0, summarize, integral && t.dtype() == DType.INT32, integral, "       ");
        sb.append(", shape=").append(Shapes.str(shape)).append(", dtype=").append(t.dtype());
        if (!t.device().equals(Device.cpu())) sb.append(", device=").append(t.device());
        if (t.requiresGrad()) sb.append(t.gradFn() == null ? ", requiresGrad=true" : ", gradFn=" + t.gradFn().op());
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, double[] values, int[] shape, int axis, int offset,
                               boolean summarize, boolean ints, boolean integral, String indent) {
        if (axis == shape.length) {
            sb.append(number(values[offset], ints, integral));
            return;
        }
        int n = shape[axis];
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) inner *= shape[i];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(axis == shape.length - 1 ? "..., " : "...,\n" + indent + " ".repeat(axis + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            append(sb, values, shape, axis + 1, offset + i * inner, summarize, ints, integral, indent);
            if (i < n - 1) sb.append(axis == shape.length - 1 ? ", " : ",\n" + indent + " ".repeat(axis + 1));
        }
        sb.append(']');
    }

    private static String number(double v, boolean ints, boolean integral) {
        if (ints) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (integral) return (long) v + ".";
        double a = Math.abs(v);
        // Locale.ROOT: the default locale may print a decimal comma.
        if (a != 0 && (a < 1e-4 || a >= 1e7)) return String.format(Locale.ROOT, "%.4e", v);
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", ".0") : s;
    }
}
