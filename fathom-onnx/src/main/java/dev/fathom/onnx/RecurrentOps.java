package dev.fathom.onnx;

import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.GRU;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Reshape;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.onnx.OnnxImporter.BatchFill;
import dev.fathom.onnx.OnnxImporter.Dyn;
import dev.fathom.onnx.layers.OnnxGather;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;

import java.util.Arrays;

import static dev.fathom.onnx.OnnxImporter.sample;
import static dev.fathom.onnx.OnnxImporter.setWeight;

/**
 * ONNX's {@code LSTM} and {@code GRU} as Fathom's, which hold PyTorch's layout: the gate blocks of
 * the weights reordered, the sequence output reshaped to ONNX's {@code Y} and each direction's last
 * step taken for {@code Y_h}. Every direction: forward; reverse as {@code goBackwards} (its outputs
 * put back in input order); bidirectional as {@link Bidirectional} (weights {@code forward.*} from
 * direction 0, {@code backward.*} from direction 1). Part of {@link OnnxImporter}.
 */
final class RecurrentOps {
    private final OnnxImporter g;

    RecurrentOps(OnnxImporter importer) {
        this.g = importer;
    }

    /** LSTM and GRU: a Fathom LSTM/GRU over the whole sequence, then the ONNX output layout. */
    void convert(OnnxNode n, boolean lstm) {
        String what = lstm ? "LSTM" : "GRU";
        Dyn x = g.dyn(n, 0);
        int layout = (int) n.i("layout", 0);
        if (x.rank() != 3 || x.batchAxis() != (layout == 0 ? 1 : 0)) {
            throw new IllegalArgumentException("needs X [time, batch, features] (layout 0) or [batch, time, features] (layout 1),"
                    + " got " + Arrays.toString(x.onnxShape()) + " (batch as -1)");
        }
        String direction = n.s("direction", "forward");
        if (!java.util.List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw new IllegalArgumentException("has direction '" + direction + "'; ONNX's directions are forward, reverse and"
                    + " bidirectional");
        }
        if (n.has("activations") || n.has("clip") || n.i("input_forget", 0) != 0) {
            throw new IllegalArgumentException("sets activations, clip or input_forget, which Fathom's " + what + " does not have");
        }
        if (!lstm && n.i("linear_before_reset", 0) == 0) {
            throw new IllegalArgumentException("has linear_before_reset=0; Fathom's GRU is PyTorch's (linear_before_reset=1)");
        }
        if (n.input(4) != null) throw new IllegalArgumentException("has sequence_lens; Fathom imports sequences of one length");
        for (int i = 5; i <= (lstm ? 6 : 5); i++) {
            Object s = g.in(n, i);
            boolean zero = s == null || s instanceof BatchFill f && f.value() == 0
                    || s instanceof Const c && Arrays.stream(c.values()).allMatch(d -> d == 0);
            if (!zero) throw new IllegalArgumentException("starts from a given state; Fathom imports " + what + "s starting from zeros");
        }
        if (lstm && n.input(7) != null) throw new IllegalArgumentException("has peepholes, which Fathom's LSTM does not have");
        if (g.used(n, 2)) throw new IllegalArgumentException("uses the final cell state Y_c");
        Const w = g.cst(n, 1);
        Const r = g.cst(n, 2);
        Const b = g.optionalCst(n, 3);
        int hidden = (int) n.i("hidden_size", r.shape()[2]);
        int gates = lstm ? 4 : 3;
        // ONNX's gate order is i, o, f, c (LSTM) and z, r, h (GRU); Fathom's (PyTorch's) i, f, g, o and r, z, n.
        int[] order = lstm ? new int[] {0, 2, 3, 1} : new int[] {1, 0, 2};
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        int time = sample(x)[0];
        int features = sample(x)[1];
        int[] ws = w.shape();
        int[] rs = r.shape();
        int[] bs = b == null ? new int[] {dirs, 2 * gates * hidden} : b.shape();
        if (ws.length != 3 || rs.length != 3 || bs.length != 2 || ws[0] != dirs || rs[0] != dirs || bs[0] != dirs
                || (long) ws[1] != (long) gates * hidden || rs[1] != ws[1] || rs[2] != hidden || ws[2] != features
                || (long) bs[1] != 2L * gates * hidden) {
            throw new IllegalArgumentException("has W " + Arrays.toString(ws) + ", R " + Arrays.toString(rs) + " and B "
                    + Arrays.toString(bs) + " for " + dirs + " direction(s) of " + hidden + " units over " + features
                    + " features; they must be [" + dirs + ", " + gates + "*" + hidden + ", " + features + "], [" + dirs + ", "
                    + gates + "*" + hidden + ", " + hidden + "] and [" + dirs + ", 2*" + gates + "*" + hidden + "]");
        }
        Layer cell = lstm ? new LSTM(hidden).returnSequences(true) : new GRU(hidden).returnSequences(true);
        if (direction.equals("reverse")) cell = lstm ? ((LSTM) cell).goBackwards(true) : ((GRU) cell).goBackwards(true);
        // Both directions: Fathom's Bidirectional, whose concatenated output holds each step's forward then backward state.
        Layer layer = dirs == 2 ? new Bidirectional(cell) : cell;
        SymbolicTensor seq = g.apply(n, layer, x);                  // [batch, time, dirs * hidden]
        float[] bias = b == null ? new float[dirs * 2 * gates * hidden] : b.asFloats();
        for (int d = 0; d < dirs; d++) {
            String prefix = dirs == 1 ? "" : d == 0 ? "forward." : "backward.";
            setWeight(layer, prefix + "kernel", gateOrder(w.asFloats(), d * gates * hidden, gates, hidden, w.shape()[2], order));
            setWeight(layer, prefix + "recurrentKernel", gateOrder(r.asFloats(), d * gates * hidden, gates, hidden, hidden, order));
            setWeight(layer, prefix + "bias", gateOrder(bias, 2 * d * gates * hidden, gates, hidden, 1, order));
            setWeight(layer, prefix + "recurrentBias", gateOrder(bias, (2 * d + 1) * gates * hidden, gates, hidden, 1, order));
        }
        if (direction.equals("reverse")) {
            // Fathom's goBackwards gives the outputs in reading order (Keras'); ONNX's Y is in input order.
            int[] back = new int[time];
            for (int t = 0; t < time; t++) back[t] = time - 1 - t;
            seq = g.apply(new OnnxNode(named(n, "_reversed")), new OnnxGather(1, back, new int[] {time}), new Dyn(seq, 0));
        }
        // Y: [time, dirs, batch, hidden] (layout 0) or [batch, time, dirs, hidden] (layout 1); in Fathom both [batch, time, dirs, hidden].
        Dyn y = new Dyn(g.apply(new OnnxNode(named(n, "_Y")), new Reshape(time, dirs, hidden), new Dyn(seq, 0)), layout == 0 ? 2 : 0);
        if (g.used(n, 0)) g.values.put(n.proto.getOutput(0), y);
        if (g.used(n, 1)) {
            // Y_h: [dirs, batch, hidden] (layout 0) or [batch, dirs, hidden]: each direction's state after its last step, the
            // forward one at the last step of Y and the reverse one at the first; from Y as [batch, time * dirs, hidden].
            int[] last = new int[dirs];
            for (int d = 0; d < dirs; d++) {
                boolean reverse = direction.equals("reverse") || d == 1;
                last[d] = (reverse ? 0 : time - 1) * dirs + d;
            }
            SymbolicTensor steps = g.apply(new OnnxNode(named(n, "_steps")), new Reshape(time * dirs, hidden), new Dyn(seq, 0));
            SymbolicTensor h = g.apply(new OnnxNode(named(n, "_Y_h")), new OnnxGather(1, last, new int[] {dirs}), new Dyn(steps, 0));
            g.values.put(n.proto.getOutput(1), new Dyn(h, layout == 0 ? 1 : 0));
        }
    }

    private static NodeProto named(OnnxNode n, String suffix) {
        String base = n.proto.getName().isEmpty() ? n.proto.getOutput(0) : n.proto.getName();
        return NodeProto.newBuilder(n.proto).setName(base + suffix).build();
    }

    /**
     * The {@code gates} blocks of {@code hidden} rows of {@code cols} values each, starting at row
     * {@code offset} of {@code src}, reordered: block g of the result is block {@code order[g]}.
     */
    private static float[] gateOrder(float[] src, int offset, int gates, int hidden, int cols, int[] order) {
        int block = hidden * cols;
        float[] out = new float[gates * block];
        for (int g = 0; g < gates; g++) System.arraycopy(src, offset * cols + order[g] * block, out, g * block, block);
        return out;
    }
}
