package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.saving.ConfigMap;
import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's 2-D {@code ConvTranspose} (one group): the gradient of a convolution with respect to its
 * input, which upsamples. Computed as a convolution of the input spread out by the stride (zeros
 * between pixels) and padded by {@code dilation·(k−1) − pad}, with the kernel flipped and its two
 * channel axes swapped.
 *
 * <p>Input {@code [batch, channels, h, w]}; output {@code [batch, filters, (h−1)·s − padBegin −
 * padEnd + d·(k−1) + outputPadding + 1, ...]}. Kernel {@code [channels, filters, kh, kw]} (ONNX's
 * and PyTorch's layout), bias {@code [filters]}.
 *
 * <pre>{@code
 * new OnnxConvTranspose(16, 4, 4).strides(2, 2).pads(1, 1, 1, 1)   // [b, 32, 7, 7] -> [b, 16, 14, 14]
 * }</pre>
 */
public final class OnnxConvTranspose extends Layer {
    private final int filters;
    private final int kh;
    private final int kw;
    private int[] strides = {1, 1};
    private int[] dilations = {1, 1};
    private int[] pads = {0, 0, 0, 0};
    private int[] outputPadding = {0, 0};
    private boolean useBias = true;
    private Tensor kernel;
    private Tensor bias;
    private int[] flipH;
    private int[] flipW;

    /** {@code filters} output channels from kernels of {@code kh × kw}. */
    public OnnxConvTranspose(int filters, int kh, int kw) {
        if (filters < 1 || kh < 1 || kw < 1) throw new IllegalArgumentException("OnnxConvTranspose: sizes must be >= 1");
        this.filters = filters;
        this.kh = kh;
        this.kw = kw;
    }

    public OnnxConvTranspose strides(int h, int w) { strides = new int[] {h, w}; return this; }
    public OnnxConvTranspose dilations(int h, int w) { dilations = new int[] {h, w}; return this; }
    /** Cropped from the full output on each side: top, bottom, left, right. */
    public OnnxConvTranspose pads(int top, int bottom, int left, int right) { pads = new int[] {top, bottom, left, right}; return this; }
    /** Added at the bottom and right of the output (ONNX's output_padding). */
    public OnnxConvTranspose outputPadding(int h, int w) { outputPadding = new int[] {h, w}; return this; }
    public OnnxConvTranspose useBias(boolean useBias) { this.useBias = useBias; return this; }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != 3) throw shapeError("got input " + batchShape(in) + " but needs [batch, channels, height, width]");
        int oh = (in[1] - 1) * strides[0] - pads[0] - pads[1] + dilations[0] * (kh - 1) + outputPadding[0] + 1;
        int ow = (in[2] - 1) * strides[1] - pads[2] - pads[3] + dilations[1] * (kw - 1) + outputPadding[1] + 1;
        if (oh < 1 || ow < 1) throw shapeError("input " + batchShape(in) + " gives an empty output");
        kernel = addWeight("kernel", Tensor.zeros(in[0], filters, kh, kw), true, null);
        bias = useBias ? addWeight("bias", Tensor.zeros(filters), true, null) : null;
        flipH = new int[kh];
        flipW = new int[kw];
        for (int i = 0; i < kh; i++) flipH[i] = kh - 1 - i;
        for (int i = 0; i < kw; i++) flipW[i] = kw - 1 - i;
        return new int[] {filters, oh, ow};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int n = x.shape(0);
        int c = x.shape(1);
        int h = x.shape(2);
        int w = x.shape(3);
        int sh = strides[0];
        int sw = strides[1];
        if (sh > 1 || sw > 1) {
            // Spread the pixels out: each followed by stride-1 zeros, the trailing ones cut.
            x = x.reshape(n, c, h, 1, w, 1).pad(new int[6], new int[] {0, 0, 0, sh - 1, 0, sw - 1}, 0)
                    .reshape(n, c, h * sh, w * sw).slice(2, 0, (h - 1) * sh + 1).slice(3, 0, (w - 1) * sw + 1);
        }
        int top = dilations[0] * (kh - 1) - pads[0];
        int bottom = dilations[0] * (kh - 1) - pads[1] + outputPadding[0];
        int left = dilations[1] * (kw - 1) - pads[2];
        int right = dilations[1] * (kw - 1) - pads[3] + outputPadding[1];
        x = x.pad(new int[] {0, 0, Math.max(top, 0), Math.max(left, 0)},
                new int[] {0, 0, Math.max(bottom, 0), Math.max(right, 0)}, 0);
        // Negative amounts crop instead.
        if (top < 0 || bottom < 0) x = x.slice(2, Math.max(-top, 0), x.shape(2) - Math.max(-bottom, 0));
        if (left < 0 || right < 0) x = x.slice(3, Math.max(-left, 0), x.shape(3) - Math.max(-right, 0));
        Tensor k = kernel.permute(1, 0, 2, 3).indexSelect(2, Tensor.of(flipH, kh)).indexSelect(3, Tensor.of(flipW, kw));
        return Convolution.conv2d(x, k, bias, 1, 1, Convolution.valid(), dilations[0], dilations[1]);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernelSize", Configs.list(new int[] {kh, kw}));
        c.put("strides", Configs.list(strides));
        c.put("dilations", Configs.list(dilations));
        c.put("pads", Configs.list(pads));
        c.put("outputPadding", Configs.list(outputPadding));
        c.put("useBias", useBias);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxConvTranspose fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("OnnxConvTranspose", config);
        int[] k = c.integers("kernelSize", 2, null);
        if (k == null) throw new IllegalArgumentException("OnnxConvTranspose config: 'kernelSize' is missing");
        int[] s = c.integers("strides", 2, new int[] {1, 1});
        int[] d = c.integers("dilations", 2, new int[] {1, 1});
        int[] p = c.integers("pads", 4, new int[] {0, 0, 0, 0});
        int[] o = c.integers("outputPadding", 2, new int[] {0, 0});
        return new OnnxConvTranspose(c.integer("filters"), k[0], k[1]).strides(s[0], s[1]).dilations(d[0], d[1])
                .pads(p[0], p[1], p[2], p[3]).outputPadding(o[0], o[1]).useBias(c.bool("useBias", true));
    }
}
