package dev.fathom.onnx.export;

import dev.fathom.layers.Bidirectional;
import dev.fathom.layers.GRU;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.SimpleRNN;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.fathom.onnx.export.OnnxGraph.attrs;

/**
 * SimpleRNN, LSTM, GRU and Bidirectional as ONNX. Without a mask each direction is one ONNX RNN,
 * LSTM or GRU operator: Fathom keeps PyTorch's weight layout, so only the gate blocks are put in
 * ONNX's order (LSTM i,f,g,o → i,o,f,c; GRU r,z,n → z,r,h, with {@code linear_before_reset=1},
 * PyTorch's and Fathom's GRU). With a mask of padded steps — which Fathom honours anywhere in the
 * sequence, by keeping the state through a padded step and outputting zeros there — the operators'
 * {@code sequence_lens} (trailing padding only) cannot say it, so the recurrence is unrolled over
 * the (fixed) time steps with a Where per step; the same unrolling serves activations the ONNX
 * operators do not list (only sigmoid, tanh and relu are mapped).
 */
final class RecurrentExport {
    private RecurrentExport() {}

    /** One direction's results: every step's output {@code [N, T, H]} in input order, and the last state {@code [N, H]}. */
    private record Run(String sequence, String last) {}

    /** A SimpleRNN, LSTM or GRU on its own. */
    static Value recurrent(OnnxGraph g, Layer layer, Value x, String mask) {
        LayerConfig c = new LayerConfig(layer);
        boolean sequences = c.bool("returnSequences", false);
        boolean backwards = c.bool("goBackwards", false);
        Run r = run(g, layer, x, mask, backwards, sequences);
        String out = sequences ? (backwards ? reverseTime(g, r.sequence) : r.sequence) : r.last;
        return Value.floats(out, layer.outputShape());
    }

    static Value bidirectional(OnnxGraph g, Bidirectional layer, Value x, String mask) {
        Layer f = layer.forwardLayer();
        Layer b = layer.backwardLayer();
        boolean sequences = new LayerConfig(f).bool("returnSequences", false);
        Run fr = run(g, f, x, mask, new LayerConfig(f).bool("goBackwards", false), sequences);
        Run br = run(g, b, x, mask, new LayerConfig(b).bool("goBackwards", true), sequences);
        String fo = sequences ? fr.sequence : fr.last;
        String bo = sequences ? br.sequence : br.last;
        String out = switch (layer.mergeMode()) {
            case "concat" -> g.op("Concat", List.of(fo, bo), attrs("axis", -1));
            case "sum" -> g.op("Add", fo, bo);
            case "mul" -> g.op("Mul", fo, bo);
            case "ave" -> g.op("Mul", g.op("Add", fo, bo), g.scalar(0.5));
            default -> throw new IllegalArgumentException(layer.typeName() + " '" + layer.name() + "': merge mode '"
                    + layer.mergeMode() + "' has no ONNX form");
        };
        return Value.floats(out, layer.outputShape());
    }

    private static Run run(OnnxGraph g, Layer cell, Value x, String mask, boolean reverse, boolean sequences) {
        Gates k = Gates.of(cell);
        if (mask == null && k.nativeActivations()) return nativeOp(g, cell, k, x, reverse);
        return unrolled(g, cell, k, x, mask, reverse, sequences);
    }

    /** What differs between the three cells. */
    private record Gates(String op, int count, int[] onnxOrder, String activation, String recurrentActivation) {
        static Gates of(Layer cell) {
            LayerConfig c = new LayerConfig(cell);
            String act = c.string("activation", "tanh");
            String rec = c.string("recurrentActivation", "sigmoid");
            return switch (cell) {
                case SimpleRNN r -> new Gates("RNN", 1, new int[] {0}, act, null);
                case LSTM l -> new Gates("LSTM", 4, new int[] {0, 3, 1, 2}, act, rec);
                case GRU gru -> new Gates("GRU", 3, new int[] {1, 0, 2}, act, rec);
                default -> throw new IllegalArgumentException(cell.typeName() + " '" + cell.name() + "' is not a recurrent layer"
                        + " ONNX export knows (SimpleRNN, LSTM, GRU)");
            };
        }

        boolean nativeActivations() {
            return onnxName(activation) != null && (recurrentActivation == null || onnxName(recurrentActivation) != null);
        }

        boolean defaultActivations() {
            return activation.equals("tanh") && (recurrentActivation == null || recurrentActivation.equals("sigmoid"));
        }

        String[] onnxActivations() {
            return switch (op) {
                case "RNN" -> new String[] {onnxName(activation)};
                case "GRU" -> new String[] {onnxName(recurrentActivation), onnxName(activation)};
                default -> new String[] {onnxName(recurrentActivation), onnxName(activation), onnxName(activation)};
            };
        }

        private static String onnxName(String activation) {
            return switch (activation) {
                case "sigmoid" -> "Sigmoid";
                case "tanh" -> "Tanh";
                case "relu" -> "Relu";
                default -> null;
            };
        }
    }

    // ---- one ONNX operator -----------------------------------------------------------------------

    private static Run nativeOp(OnnxGraph g, Layer cell, Gates k, Value x, boolean reverse) {
        LayerConfig c = new LayerConfig(cell);
        int units = c.integer("units", 0);
        int features = x.shape()[1];
        String w = g.floats("W", reorder(c.weight("kernel").toFloatArray(), k.onnxOrder, units, features), 1, (long) k.count * units, features);
        String r = g.floats("R", reorder(c.weight("recurrentKernel").toFloatArray(), k.onnxOrder, units, units), 1, (long) k.count * units, units);
        Tensor bias = c.weight("bias");
        Tensor recurrentBias = c.weight("recurrentBias");
        List<String> inputs = new ArrayList<>(List.of(g.op("Transpose", List.of(x.name()), attrs("perm", new int[] {1, 0, 2})), w, r));
        if (bias != null) {
            float[] wb = reorder(bias.toFloatArray(), k.onnxOrder, units, 1);
            float[] rb = reorder(recurrentBias.toFloatArray(), k.onnxOrder, units, 1);
            float[] both = new float[wb.length + rb.length];
            System.arraycopy(wb, 0, both, 0, wb.length);
            System.arraycopy(rb, 0, both, wb.length, rb.length);
            inputs.add(g.floats("B", both, 1, both.length));
        }
        Map<String, Object> a = attrs("hidden_size", units, "direction", reverse ? "reverse" : "forward");
        // The defaults (sigmoid gates, tanh elsewhere) are left unsaid, as PyTorch writes them.
        if (!k.defaultActivations()) a.put("activations", k.onnxActivations());
        if (k.op.equals("GRU")) a.put("linear_before_reset", 1);
        List<String> out = g.node("", k.op, inputs, 2, a);
        String y = g.op("Squeeze", out.get(0), g.longs(1));                                  // [T, N, H]
        String sequence = g.op("Transpose", List.of(y), attrs("perm", new int[] {1, 0, 2}));   // [N, T, H]
        String last = g.op("Squeeze", out.get(1), g.longs(0));                                // [N, H]
        return new Run(sequence, last);
    }

    /** Rows of a {@code [gates·units, columns]} matrix with its gate blocks in ONNX's order. */
    private static float[] reorder(float[] m, int[] order, int units, int columns) {
        float[] out = new float[m.length];
        int block = units * columns;
        for (int i = 0; i < order.length; i++) System.arraycopy(m, order[i] * block, out, i * block, block);
        return out;
    }

    // ---- unrolled --------------------------------------------------------------------------------

    private static Run unrolled(OnnxGraph g, Layer cell, Gates k, Value x, String mask, boolean reverse, boolean sequences) {
        LayerConfig c = new LayerConfig(cell);
        int units = c.integer("units", 0);
        int time = x.shape()[0];
        String kernelT = g.floats("kernel_T", transpose(c.weight("kernel")), c.weight("kernel").shape()[1], (long) k.count * units);
        String recurrentT = g.floats("recurrent_kernel_T", transpose(c.weight("recurrentKernel")), units, (long) k.count * units);
        Tensor bias = c.weight("bias");
        String xw = g.op("MatMul", x.name(), kernelT);                      // [N, T, G·H] in one product
        if (bias != null) xw = g.op("Add", xw, g.weight(bias, "bias"));
        String recurrentBias = bias == null ? null : g.weight(c.weight("recurrentBias"), "recurrent_bias");
        String keep = mask == null ? null : g.op("Cast", List.of(mask), attrs("to", Value.BOOL));
        String h = g.zeros(x.name(), units);
        String cState = k.op.equals("LSTM") ? g.zeros(x.name(), units) : null;
        String zero = mask == null ? null : g.scalar(0);
        String[] out = new String[time];
        for (int s = 0; s < time; s++) {
            int t = reverse ? time - 1 - s : s;
            String step = g.longScalar(t);
            String xt = g.op("Gather", List.of(xw, step), attrs("axis", 1));
            String hw = g.op("MatMul", h, recurrentT);
            if (recurrentBias != null) hw = g.op("Add", hw, recurrentBias);
            String[] next = cell(g, k, units, xt, hw, h, cState);
            if (keep == null) {
                h = next[0];
                if (cState != null) cState = next[1];
                out[t] = h;
            } else {
                String real = g.op("Unsqueeze", g.op("Gather", List.of(keep, step), attrs("axis", 1)), g.longs(1));   // [N, 1]
                h = g.op("Where", real, next[0], h);
                if (cState != null) cState = g.op("Where", real, next[1], cState);
                out[t] = g.op("Where", real, h, zero);
            }
        }
        String sequence = null;
        if (sequences) {
            List<String> steps = new ArrayList<>();
            for (String o : out) steps.add(g.op("Unsqueeze", o, g.longs(1)));
            sequence = steps.size() == 1 ? steps.getFirst() : g.op("Concat", steps, attrs("axis", 1));
        }
        return new Run(sequence, h);
    }

    /** One step of the cell: the new {@code h} (and {@code c} for LSTM), as Fathom's {@code step} computes them. */
    private static String[] cell(OnnxGraph g, Gates k, int units, String xt, String hw, String h, String c) {
        switch (k.op) {
            case "RNN" -> {
                return new String[] {ActivationExport.apply(g, k.activation, g.op("Add", xt, hw), -1)};
            }
            case "LSTM" -> {
                List<String> z = split(g, g.op("Add", xt, hw), 4, units);
                String i = ActivationExport.apply(g, k.recurrentActivation, z.get(0), -1);
                String f = ActivationExport.apply(g, k.recurrentActivation, z.get(1), -1);
                String gg = ActivationExport.apply(g, k.activation, z.get(2), -1);
                String o = ActivationExport.apply(g, k.recurrentActivation, z.get(3), -1);
                String cNext = g.op("Add", g.op("Mul", f, c), g.op("Mul", i, gg));
                String hNext = g.op("Mul", o, ActivationExport.apply(g, k.activation, cNext, -1));
                return new String[] {hNext, cNext};
            }
            default -> {
                List<String> xi = split(g, xt, 3, units);
                List<String> hh = split(g, hw, 3, units);
                String r = ActivationExport.apply(g, k.recurrentActivation, g.op("Add", xi.get(0), hh.get(0)), -1);
                String z = ActivationExport.apply(g, k.recurrentActivation, g.op("Add", xi.get(1), hh.get(1)), -1);
                String n = ActivationExport.apply(g, k.activation, g.op("Add", xi.get(2), g.op("Mul", r, hh.get(2))), -1);
                return new String[] {g.op("Add", n, g.op("Mul", z, g.op("Sub", h, n)))};
            }
        }
    }

    private static List<String> split(OnnxGraph g, String x, int parts, int units) {
        long[] sizes = new long[parts];
        java.util.Arrays.fill(sizes, units);
        return g.node("", "Split", List.of(x, g.longs(sizes)), parts, attrs("axis", 1));
    }

    private static float[] transpose(Tensor m) {
        float[] v = m.toFloatArray();
        int rows = m.shape()[0];
        int cols = m.shape()[1];
        float[] t = new float[v.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = v[i * cols + j];
        return t;
    }

    /** {@code [N, T, ...]} with its steps in reverse order. */
    static String reverseTime(OnnxGraph g, String x) {
        return g.op("Slice", x, g.longs(-1), g.longs(Long.MIN_VALUE), g.longs(1), g.longs(-1));
    }
}
