package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's 2-D {@code Conv}: grouped and dilated convolution with separate padding on each side.
 *
 * <p>Input {@code [batch, channels, height, width]}, output {@code [batch, filters, outHeight,
 * outWidth]}. Kernel {@code [filters, channels / groups, kh, kw]} (ONNX's and PyTorch's layout), bias
 * {@code [filters]}. With one group it is {@link Convolution#conv2d}; with several, each group's
 * filters see only its channels: one batched matrix product over the unfolded windows (and for
 * depthwise convolutions, one filter per group, a product and a sum).
 *
 * <pre>{@code
 * new OnnxConv(32, 3, 3).strides(2, 2).pads(1, 1, 1, 1).groups(32)   // depthwise, [b, 32, 56, 56] -> [b, 32, 28, 28]
 * }</pre>
 */
public final class OnnxConv extends Layer {
    private final int filters;
    private final int kh;
    private final int kw;
    private int[] strides = {1, 1};
    private int[] dilations = {1, 1};
    private int[] pads = {0, 0, 0, 0};
    private int groups = 1;
    private boolean useBias = true;
    private Tensor kernel;
    private Tensor bias;
    private int outH;
    private int outW;

    /** {@code filters} kernels of {@code kh × kw}. */
    public OnnxConv(int filters, int kh, int kw) {
        if (filters < 1 || kh < 1 || kw < 1) {
            throw new IllegalArgumentException("OnnxConv: filters and kernel sizes must be >= 1, got " + filters + ", " + kh + "x" + kw);
        }
        this.filters = filters;
        this.kh = kh;
        this.kw = kw;
    }

    /** The step between windows (default 1, 1). */
    public OnnxConv strides(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("OnnxConv: strides must be >= 1");
        strides = new int[] {height, width};
        return this;
    }

    /** The spacing of kernel taps (default 1, 1). */
    public OnnxConv dilations(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("OnnxConv: dilations must be >= 1");
        dilations = new int[] {height, width};
        return this;
    }

    /** Zeros added on each side: top, bottom, left, right (default none). */
    public OnnxConv pads(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) throw new IllegalArgumentException("OnnxConv: pads must be >= 0");
        pads = new int[] {top, bottom, left, right};
        return this;
    }

    /** The number of channel groups; channels and filters must both divide by it (default 1). */
    public OnnxConv groups(int groups) {
        if (groups < 1 || filters % groups != 0) {
            throw new IllegalArgumentException("OnnxConv: groups must be >= 1 and divide the " + filters + " filters, got " + groups);
        }
        this.groups = groups;
        return this;
    }

    /** Whether to add a bias (default true). */
    public OnnxConv useBias(boolean useBias) {
        this.useBias = useBias;
        return this;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 3) throw shapeError("got input " + batchShape(in) + " but needs [batch, channels, height, width]");
        if (in[0] % groups != 0) {
            throw shapeError("input " + batchShape(in) + " has " + in[0] + " channels, which do not split into " + groups + " groups");
        }
        outH = Convolution.outputSize(in[1], kh, strides[0], pads[0], pads[1], dilations[0]);
        outW = Convolution.outputSize(in[2], kw, strides[1], pads[2], pads[3], dilations[1]);
        if (outH < 1 || outW < 1) throw shapeError("a " + kh + "x" + kw + " kernel does not fit input " + batchShape(in));
        kernel = addWeight("kernel", Tensor.zeros(filters, in[0] / groups, kh, kw), true, null);
        bias = useBias ? addWeight("bias", Tensor.zeros(filters), true, null) : null;
        return new int[] {filters, outH, outW};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        if (groups == 1) return Convolution.conv2d(x, kernel, bias, strides[0], strides[1], pads, dilations[0], dilations[1]);
        int n = x.shape(0);
        int taps = (x.shape(1) / groups) * kh * kw;
        int perGroup = filters / groups;
        Tensor cols = Convolution.unfold(x, kh, kw, strides[0], strides[1], pads, dilations[0], dilations[1], 0)
                .reshape(n, groups, taps, outH * outW);
        Tensor y = perGroup == 1
                ? cols.mul(kernel.reshape(groups, taps, 1)).sum(2, false)                  // depthwise: [n, groups, L]
                : kernel.reshape(groups, perGroup, taps).matmul(cols);                    // [n, groups, perGroup, L]
        y = y.reshape(n, filters, outH, outW);
        return bias == null ? y : y.add(bias.reshape(filters, 1, 1));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernelSize", Configs.list(new int[] {kh, kw}));
        c.put("strides", Configs.list(strides));
        c.put("dilations", Configs.list(dilations));
        c.put("pads", Configs.list(pads));
        c.put("groups", groups);
        c.put("useBias", useBias);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxConv fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxConv", config);
        int[] k = c.integers("kernelSize", 2, null);
        if (k == null) throw new IllegalArgumentException("OnnxConv config: 'kernelSize' is missing; it must be [height, width]");
        int[] s = c.integers("strides", 2, new int[] {1, 1});
        int[] d = c.integers("dilations", 2, new int[] {1, 1});
        int[] p = c.integers("pads", 4, new int[] {0, 0, 0, 0});
        return new OnnxConv(c.integer("filters"), k[0], k[1]).strides(s[0], s[1]).dilations(d[0], d[1])
                .pads(p[0], p[1], p[2], p[3]).groups(c.integer("groups", 1)).useBias(c.bool("useBias", true));
    }
}
