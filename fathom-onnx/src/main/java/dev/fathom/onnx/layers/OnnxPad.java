package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * ONNX's {@code Pad} of each sample's axes: {@code constant} (a value), {@code reflect} (mirrored
 * without repeating the edge) or {@code edge} (the edge repeated).
 *
 * <p>Input {@code [batch, d1, ..., dk]}; {@code before} and {@code after} have one entry per sample
 * axis, each at least 0.
 *
 * <pre>{@code
 * new OnnxPad(new int[] {0, 1, 1}, new int[] {0, 1, 1}, "reflect", 0)   // [b, 3, 8, 8] -> [b, 3, 10, 10]
 * }</pre>
 */
public final class OnnxPad extends Layer {
    private static final List<String> MODES = List.of("constant", "reflect", "edge");
    private final int[] before;
    private final int[] after;
    private final String mode;
    private final double value;
    private Tensor[] picks;

    public OnnxPad(int[] before, int[] after, String mode, double value) {
        if (before.length != after.length) throw new IllegalArgumentException("OnnxPad: before and after need one entry per axis");
        for (int i = 0; i < before.length; i++) {
            if (before[i] < 0 || after[i] < 0) throw new IllegalArgumentException("OnnxPad: amounts must be >= 0 (negative pads crop; use a Slice)");
        }
        if (!MODES.contains(mode)) throw new IllegalArgumentException("OnnxPad: mode must be one of " + MODES + ", got " + mode);
        this.before = before.clone();
        this.after = after.clone();
        this.mode = mode;
        this.value = value;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != before.length) throw shapeError("pads " + before.length + " axes but got input " + batchShape(in));
        int[] out = new int[in.length];
        picks = new Tensor[in.length];
        for (int a = 0; a < in.length; a++) {
            out[a] = in[a] + before[a] + after[a];
            if (mode.equals("constant") || before[a] + after[a] == 0) continue;
            if (mode.equals("reflect") && (before[a] >= in[a] || after[a] >= in[a])) {
                throw shapeError("reflect padding of " + Math.max(before[a], after[a]) + " needs more than " + in[a] + " entries");
            }
            int[] idx = new int[out[a]];
            for (int k = 0; k < out[a]; k++) {
                int i = k - before[a];
                if (mode.equals("edge")) i = Math.min(Math.max(i, 0), in[a] - 1);
                else if (i < 0) i = -i;
                else if (i >= in[a]) i = 2 * (in[a] - 1) - i;
                idx[k] = i;
            }
            picks[a] = Tensor.of(idx, idx.length);
        }
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        if (mode.equals("constant")) return x.pad(Configs.withBatch(0, before), Configs.withBatch(0, after), value);
        for (int a = 0; a < picks.length; a++) if (picks[a] != null) x = x.indexSelect(a + 1, picks[a]);
        return x;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("before", Configs.list(before));
        c.put("after", Configs.list(after));
        c.put("mode", mode);
        c.put("value", value);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxPad fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxPad", config);
        return new OnnxPad(Configs.ints(c, "before"), Configs.ints(c, "after"), c.string("mode", "constant"), c.number("value", 0));
    }
}
