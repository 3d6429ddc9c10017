package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ONNX's {@code ReduceMean}, {@code ReduceSum}, {@code ReduceMax}, {@code ReduceMin} and the
 * global poolings over axes of each sample, keeping them as size 1 or dropping them.
 *
 * <p>Input {@code [batch, ...]}; axes count the batch as 0 and are at least 1.
 *
 * <pre>{@code
 * new OnnxReduce("mean", new int[] {2, 3}, true)     // GlobalAveragePool: [b, c, h, w] -> [b, c, 1, 1]
 * }</pre>
 */
public final class OnnxReduce extends Layer {
    private static final List<String> OPS = List.of("mean", "sum", "max", "min");
    private final String op;
    private final int[] axes;
    private final boolean keepDims;

    public OnnxReduce(String op, int[] axes, boolean keepDims) {
        if (!OPS.contains(op)) throw new IllegalArgumentException("OnnxReduce: op must be one of " + OPS + ", got " + op);
        for (int a : axes) if (a < 1) throw new IllegalArgumentException("OnnxReduce: axes must be >= 1 (axis 0 is the batch), got " + a);
        this.op = op;
        this.axes = axes.clone();
        this.keepDims = keepDims;
    }

    @Override
    public String defaultName() {
        return "reduce_" + op;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int[] out = in.clone();
        boolean[] reduced = new boolean[in.length];
        for (int a : axes) {
            if (a > in.length) throw shapeError("axis " + a + " is outside input " + batchShape(in));
            reduced[a - 1] = true;
            out[a - 1] = 1;
        }
        if (keepDims) return out;
        int[] kept = new int[in.length];
        int k = 0;
        for (int d = 0; d < in.length; d++) if (!reduced[d]) kept[k++] = in[d];
        return Arrays.copyOf(kept, k);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        Tensor y = x;
        if (op.equals("mean")) return x.mean(axes, keepDims);
        if (op.equals("sum")) return x.sum(axes, keepDims);
        // max and min take one axis at a time, from the last so the others keep their places.
        int[] sorted = axes.clone();
        Arrays.sort(sorted);
        for (int i = sorted.length - 1; i >= 0; i--) y = op.equals("max") ? y.max(sorted[i], keepDims) : y.min(sorted[i], keepDims);
        return y;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("op", op);
        c.put("axes", Configs.list(axes));
        c.put("keepDims", keepDims);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxReduce fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxReduce", config);
        return new OnnxReduce(c.string("op"), Configs.ints(c, "axes"), c.bool("keepDims", true));
    }
}
