package dev.fathom.tensor;

import dev.fathom.backend.Device;
import dev.fathom.backend.DType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints tensors like NumPy: nested brackets, a shared number format, the middle elided when large. */
final class TensorFormat {
    /** Above this many elements, each axis shows only its first and last {@link #EDGE_ITEMS}. */
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] shape = t.shape();
        boolean summarize = t.size() > SUMMARY_THRESHOLD;
        // When summarizing, only the shown corners are read (and, as NumPy, decide the number
        // format): printing a [60000, 784] tensor in a REPL must not copy all of it.
        double[] values = summarize ? corners(t) : t.toDoubleArray();
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
        int[] shown = shape.clone();
        if (summarize) for (int a = 0; a < shown.length; a++) shown[a] = Math.min(shown[a], 2 * EDGE_ITEMS);
        StringBuilder sb = new StringBuilder("tensor(");
        append(sb, values, shape, shown, 0, 0, integral && t.dtype() == DType.INT32, integral, "       ");
        sb.append(", shape=").append(Shapes.str(shape)).append(", dtype=").append(t.dtype());
        if (!t.device().equals(Device.cpu())) sb.append(", device=").append(t.device());
        if (t.requiresGrad()) sb.append(t.gradFn() == null ? ", requiresGrad=true" : ", gradFn=" + t.gradFn().op());
        return sb.append(')').toString();
    }

    /**
     * The values shown when summarizing, row-major: along each axis longer than twice
     * {@link #EDGE_ITEMS}, only its first and last {@code EDGE_ITEMS}.
     */
    private static double[] corners(Tensor t) {
        List<Tensor> made = new ArrayList<>();
        try {
            Tensor c = t.detach();   // no graph: printing must not add to a backward pass
            made.add(c);
            for (int a = 0; a < c.rank(); a++) {
                int n = c.shape(a);
                if (n <= 2 * EDGE_ITEMS) continue;
                Tensor head = c.slice(a, 0, EDGE_ITEMS);
                Tensor tail = c.slice(a, n - EDGE_ITEMS, n);
                made.add(head);
                made.add(tail);
                c = Tensor.concat(a, head, tail);
                made.add(c);
            }
            return c.toDoubleArray();
        } finally {
            for (Tensor m : made) m.close();
        }
    }

    /**
     * Appends the values along {@code axis} and below. {@code values} holds the {@code shown}
     * elements (all of them, or the corners); an axis whose {@code shape} is longer than its
     * {@code shown} size gets "..." between its first and last {@link #EDGE_ITEMS}.
     */
    private static void append(StringBuilder sb, double[] values, int[] shape, int[] shown, int axis, int offset,
                               boolean ints, boolean integral, String indent) {
        if (axis == shape.length) {
            sb.append(number(values[offset], ints, integral));
            return;
        }
        int n = shown[axis];
        boolean elided = shape[axis] > n;
        int inner = 1;
        for (int i = axis + 1; i < shown.length; i++) inner *= shown[i];
        String separator = axis == shape.length - 1 ? ", " : ",\n" + indent + " ".repeat(axis + 1);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (elided && i == EDGE_ITEMS) sb.append(axis == shape.length - 1 ? "..., " : "..." + separator);
            append(sb, values, shape, shown, axis + 1, offset + i * inner, ints, integral, indent);
            if (i < n - 1) sb.append(separator);
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
