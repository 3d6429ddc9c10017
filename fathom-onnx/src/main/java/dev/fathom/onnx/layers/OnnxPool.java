package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's 2-D {@code MaxPool} and {@code AveragePool} with separate padding on each side,
 * {@code ceil_mode} (as {@code extra} rows and columns at the bottom and right that no window
 * counts) and, for averages, {@code count_include_pad}.
 *
 * <p>Input {@code [batch, channels, h, w]}, output {@code [batch, channels, outH, outW]}. An
 * average divides by the number of pixels of the window that lie in the input (or in the input
 * and its padding, with {@code countIncludePad}), as ONNX and PyTorch do.
 *
 * <pre>{@code
 * OnnxPool.max(3, 3).strides(2, 2).pads(1, 1, 1, 1)     // ResNet's stem: [b, 64, 112, 112] -> [b, 64, 56, 56]
 * }</pre>
 */
public final class OnnxPool extends Layer {
    private final boolean max;
    private final int kh;
    private final int kw;
    private int[] strides = {1, 1};
    private int[] pads = {0, 0, 0, 0};
    private int[] extra = {0, 0};
    private boolean countIncludePad;
    private boolean padded;

    private OnnxPool(boolean max, int kh, int kw) {
        if (kh < 1 || kw < 1) throw new IllegalArgumentException("OnnxPool: window sizes must be >= 1");
        this.max = max;
        this.kh = kh;
        this.kw = kw;
    }

    /** Max pooling over {@code kh × kw} windows. */
    public static OnnxPool max(int kh, int kw) { return new OnnxPool(true, kh, kw); }
    /** Average pooling over {@code kh × kw} windows. */
    public static OnnxPool average(int kh, int kw) { return new OnnxPool(false, kh, kw); }
    public OnnxPool strides(int h, int w) { strides = new int[] {h, w}; return this; }
    /** Padding on each side: top, bottom, left, right. */
    public OnnxPool pads(int top, int bottom, int left, int right) { pads = new int[] {top, bottom, left, right}; return this; }
    /** Rows and columns added below and right that only complete the last windows (ceil_mode). */
    public OnnxPool extra(int bottom, int right) { extra = new int[] {bottom, right}; return this; }
    public OnnxPool countIncludePad(boolean include) { countIncludePad = include; return this; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 3) throw shapeError("got input " + batchShape(in) + " but needs [batch, channels, height, width]");
        int oh = Convolution.outputSize(in[1], kh, strides[0], pads[0], pads[1] + extra[0], 1);
        int ow = Convolution.outputSize(in[2], kw, strides[1], pads[2], pads[3] + extra[1], 1);
        if (oh < 1 || ow < 1) throw shapeError("a " + kh + "x" + kw + " window does not fit input " + batchShape(in));
        padded = pads[0] + pads[1] + pads[2] + pads[3] + extra[0] + extra[1] > 0;
        return new int[] {in[0], oh, ow};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int[] all = {pads[0], pads[1] + extra[0], pads[2], pads[3] + extra[1]};
        if (max) return Convolution.maxPool2d(x, kh, kw, strides[0], strides[1], all);
        Tensor y = Convolution.avgPool2d(x, kh, kw, strides[0], strides[1], all);
        return padded ? y.div(divisor(x.shape(2), x.shape(3))) : y;
    }

    /**
     * The share of each window inside what counts ({@code [1, 1, outH, outW]}): averages of the
     * zero-padded input divided by it count only those pixels. Made per call, from the batch's
     * image size, so no table sized by a shape in a file is kept.
     */
    private Tensor divisor(int height, int width) {
        int h = height + (countIncludePad ? pads[0] + pads[1] : 0);
        int w = width + (countIncludePad ? pads[2] + pads[3] : 0);
        int[] around = countIncludePad
                ? new int[] {0, extra[0], 0, extra[1]}
                : new int[] {pads[0], pads[1] + extra[0], pads[2], pads[3] + extra[1]};
        return Convolution.avgPool2d(Tensor.ones(1, 1, h, w), kh, kw, strides[0], strides[1], around);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("mode", max ? "max" : "average");
        c.put("kernelSize", Configs.list(new int[] {kh, kw}));
        c.put("strides", Configs.list(strides));
        c.put("pads", Configs.list(pads));
        c.put("extra", Configs.list(extra));
        c.put("countIncludePad", countIncludePad);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxPool fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxPool", config);
        int[] k = c.integers("kernelSize", 2, null);
        if (k == null) throw new IllegalArgumentException("OnnxPool config: 'kernelSize' is missing");
        String mode = c.string("mode", "max");
        if (!mode.equals("max") && !mode.equals("average")) {
            throw new IllegalArgumentException("OnnxPool config: 'mode' must be max or average, got " + mode);
        }
        int[] s = c.integers("strides", 2, new int[] {1, 1});
        int[] p = c.integers("pads", 4, new int[] {0, 0, 0, 0});
        int[] e = c.integers("extra", 2, new int[] {0, 0});
        OnnxPool l = mode.equals("max") ? max(k[0], k[1]) : average(k[0], k[1]);
        return l.strides(s[0], s[1]).pads(p[0], p[1], p[2], p[3]).extra(e[0], e[1]).countIncludePad(c.bool("countIncludePad", false));
    }
}
