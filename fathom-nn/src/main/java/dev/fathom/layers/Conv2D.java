package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A 2-D convolution: {@code filters} learned {@code kh × kw} kernels slide over the image, each
 * giving one output channel, then {@code activation(conv + bias)}.
 *
 * <p>Input {@code [batch, channels, height, width]} (channels first, as in PyTorch); output
 * {@code [batch, filters, outHeight, outWidth]}, where each output size is
 * {@code floor((size + padding - dilation*(k-1) - 1) / stride) + 1} ({@link Padding#VALID}: no
 * padding; {@link Padding#SAME}: {@code ceil(size / stride)}). Kernel {@code [filters, channels, kh, kw]}
 * (PyTorch's layout), Glorot-uniform by default with fan-in {@code channels*kh*kw} and fan-out
 * {@code filters*kh*kw}; bias {@code [filters]}, zeros. A {@code softmax} activation is taken over
 * the channel axis.
 *
 * <pre>{@code
 * new Conv2D(32, 3, "relu")                                   // [batch, 1, 28, 28] -> [batch, 32, 26, 26]
 * new Conv2D(64, 3).padding(Padding.SAME).strides(2, 2)       // [batch, 32, 28, 28] -> [batch, 64, 14, 14]
 * }</pre>
 */
public final class Conv2D extends KernelLayer<Conv2D> {
    private final int filters;
    private final int kh;
    private final int kw;
    private int sh = 1;
    private int sw = 1;
    private int dh = 1;
    private int dw = 1;
    private Padding padding = Padding.VALID;
    private String activation = "linear";
    private int[] pad;

    /** {@code filters} square kernels of {@code kernelSize × kernelSize}. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /** {@code filters} square kernels followed by the named activation (see {@link Activations}). */
    public Conv2D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize, kernelSize);
        activation(activation);
    }

    /** {@code filters} kernels of {@code kernelHeight × kernelWidth}. */
    public Conv2D(int filters, int kernelHeight, int kernelWidth) {
        if (filters < 1) throw new IllegalArgumentException("Conv2D: filters must be >= 1, got " + filters);
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("Conv2D: kernel size must be >= 1, got " + kernelHeight + "x" + kernelWidth);
        }
        this.filters = filters;
        this.kh = kernelHeight;
        this.kw = kernelWidth;
    }

    /** The step between windows along height and width (default 1, 1). */
    public Conv2D strides(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("Conv2D: strides must be >= 1, got " + height + "x" + width);
        this.sh = height;
        this.sw = width;
        return this;
    }

    /** The same stride along both axes. */
    public Conv2D strides(int stride) {
        return strides(stride, stride);
    }

    /** The spacing between kernel taps (default 1, 1: a dense kernel); 2 makes a 3×3 kernel see 5×5. */
    public Conv2D dilation(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("Conv2D: dilation must be >= 1, got " + height + "x" + width);
        this.dh = height;
        this.dw = width;
        return this;
    }

    /** The same dilation along both axes. */
    public Conv2D dilation(int rate) {
        return dilation(rate, rate);
    }

    public Conv2D padding(Padding padding) { this.padding = java.util.Objects.requireNonNull(padding, "padding"); return this; }
    public Conv2D activation(String activation) { this.activation = Activations.check(activation); return this; }

    /** The number of output channels. */
    public int filters() {
        return filters;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Padding.requireImage(this, in);
        pad = padding.amounts(in[1], in[2], kh, kw, sh, sw, dh, dw);
        int[] out = Padding.outputSize(this, in, kh, kw, sh, sw, dh, dw, pad);
        int channels = in[0];
        int fanIn = channels * kh * kw;
        int fanOut = filters * kh * kw;
        addKernelAndBias(new int[] {filters, channels, kh, kw}, new int[] {filters}, fanIn, fanOut, g);
        return new int[] {filters, out[0], out[1]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = convolve(x);
        // Activations' softmax is over the last axis; for images the classes are the channels.
        return activation.equals("softmax") ? y.softmax(1) : Activations.apply(activation, y);
    }

    /** The convolution plus bias, before the activation (for {@link LayerFusion}). */
    Tensor convolve(Tensor x) {
        buildOnFirstCall(x);
        return Convolution.conv2d(x, kernel, bias, sh, sw, pad, dh, dw);
    }

    /** The convolution plus bias, max pooled, before the activation (for {@link LayerFusion}). */
    Tensor convolveAndPool(Tensor x, MaxPool2D pool) {
        buildOnFirstCall(x);
        return Convolution.conv2dMaxPool(x, kernel, bias, sh, sw, pad, dh, dw, pool.ph, pool.pw, pool.sh, pool.sw, pool.pad);
    }

    /** Whether the activation is ReLU. */
    boolean activatesWithRelu() {
        return activation.equals("relu");
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernelSize", List.of(kh, kw));
        c.put("strides", List.of(sh, sw));
        c.put("padding", padding.keyword());
        c.put("dilation", List.of(dh, dw));
        c.put("activation", activation);
        putKernelConfig(c);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Conv2D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Conv2D", config);
        int[] kernel = c.integers("kernelSize", 2, null);
        if (kernel == null) throw new IllegalArgumentException("Conv2D config: 'kernelSize' is missing; it must be [height, width]");
        int[] strides = c.integers("strides", 2, new int[] {1, 1});
        int[] dilation = c.integers("dilation", 2, new int[] {1, 1});
        Conv2D l = new Conv2D(c.integer("filters"), kernel[0], kernel[1]).strides(strides[0], strides[1])
                .dilation(dilation[0], dilation[1]).padding(c.keyword("padding", Padding.VALID))
                .activation(c.string("activation", "linear"));
        return readKernelConfig(c, l);
    }
}
