package dev.fathom.onnx;

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
 * the weights reordered, the sequence output reshaped to ONNX's {@code Y} and its last step taken
 * for {@code Y_h}. Part of {@link OnnxImporter}.
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
        if (!direction.equals("forward")) {
            throw new IllegalArgumentException("runs " + direction + "; Fathom imports forward " + what + "s");
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
        var layer = lstm ? new LSTM(hidden).returnSequences(true) : new GRU(hidden).returnSequences(true);
        int time = sample(x)[0];
        SymbolicTensor seq = g.apply(n, (Layer) layer, x);          // [batch, time, hidden]
        Layer l = (Layer) layer;
        setWeight(l, "kernel", gateOrder(w.asFloats(), 0, gates, hidden, w.shape()[2], order));
        setWeight(l, "recurrentKernel", gateOrder(r.asFloats(), 0, gates, hidden, hidden, order));
        float[] bias = b == null ? new float[2 * gates * hidden] : b.asFloats();
        setWeight(l, "bias", gateOrder(bias, 0, gates, hidden, 1, order));
        setWeight(l, "recurrentBias", gateOrder(bias, gates * hidden, gates, hidden, 1, order));
        // Y: [time, 1, batch, hidden] (layout 0) or [batch, time, 1, hidden] (layout 1); in Fathom both [batch, time, 1, hidden].
        Dyn y = new Dyn(g.apply(new OnnxNode(named(n, "_Y")), new Reshape(time, 1, hidden), new Dyn(seq, 0)), layout == 0 ? 2 : 0);
        if (g.used(n, 0)) g.values.put(n.proto.getOutput(0), y);
        if (g.used(n, 1)) {
            // Y_h: [1, batch, hidden] (layout 0) or [batch, 1, hidden]: the last step of Y, in Fathom [batch, 1, hidden].
            SymbolicTensor last = g.apply(new OnnxNode(named(n, "_Y_h")), new OnnxGather(1, new int[] {time - 1}, new int[0]), y);
            g.values.put(n.proto.getOutput(1), new Dyn(last, layout == 0 ? 1 : 0));
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
