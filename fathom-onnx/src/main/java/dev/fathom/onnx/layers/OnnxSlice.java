package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's {@code Slice} with the bounds resolved for the sample's shape: along each listed axis the
 * entries {@code start, start + step, ...} before {@code end} ({@code step} may be negative, then
 * {@code end} is below {@code start} and may be -1 to reach entry 0).
 *
 * <p>Input {@code [batch, ...]}; axes count the batch as 0 and are at least 1.
 *
 * <pre>{@code
 * new OnnxSlice(new int[] {2}, new int[] {1}, new int[] {5}, new int[] {2})   // [b, c, 8] -> [b, c, 2]: entries 1 and 3
 * }</pre>
 */
public final class OnnxSlice extends Layer {
    private final int[] axes;
    private final int[] starts;
    private final int[] ends;
    private final int[] steps;
    private Tensor[] picks;

    /** One slice per axis: {@code starts[i]} to {@code ends[i]} (exclusive) by {@code steps[i]} along {@code axes[i]}. */
    public OnnxSlice(int[] axes, int[] starts, int[] ends, int[] steps) {
        if (starts.length != axes.length || ends.length != axes.length || steps.length != axes.length) {
            throw new IllegalArgumentException("OnnxSlice: axes, starts, ends and steps must have one entry each per axis");
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 1) throw new IllegalArgumentException("OnnxSlice: axes must be >= 1 (axis 0 is the batch), got " + axes[i]);
            if (steps[i] == 0) throw new IllegalArgumentException("OnnxSlice: steps must not be 0");
        }
        this.axes = axes.clone();
        this.starts = starts.clone();
        this.ends = ends.clone();
        this.steps = steps.clone();
    }

    private static int count(int start, int end, int step) {
        return step > 0 ? Math.max(0, (end - start + step - 1) / step) : Math.max(0, (start - end - step - 1) / -step);
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int[] out = in.clone();
        picks = new Tensor[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] - 1;
            if (a >= in.length) throw shapeError("axis " + axes[i] + " is outside input " + batchShape(in));
            int n = count(starts[i], ends[i], steps[i]);
            int last = starts[i] + (n - 1) * steps[i];
            if (n < 1 || starts[i] < 0 || starts[i] >= in[a] || last < 0 || last >= in[a]) {
                throw shapeError("slice " + starts[i] + ":" + ends[i] + ":" + steps[i] + " of axis " + axes[i] + " of input "
                        + batchShape(in) + " is empty or outside it");
            }
            out[a] = n;
            if (steps[i] != 1) {
                int[] idx = new int[n];
                for (int k = 0; k < n; k++) idx[k] = starts[i] + k * steps[i];
                picks[i] = Tensor.of(idx, n);
            }
        }
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        for (int i = 0; i < axes.length; i++) {
            x = picks[i] == null ? x.slice(axes[i], starts[i], ends[i]) : x.indexSelect(axes[i], picks[i]);
        }
        return x;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axes", Configs.list(axes));
        c.put("starts", Configs.list(starts));
        c.put("ends", Configs.list(ends));
        c.put("steps", Configs.list(steps));
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxSlice fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxSlice", config);
        return new OnnxSlice(Configs.ints(c, "axes"), Configs.ints(c, "starts"), Configs.ints(c, "ends"), Configs.ints(c, "steps"));
    }
}
