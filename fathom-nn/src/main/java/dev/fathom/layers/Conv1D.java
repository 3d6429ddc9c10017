package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A 1-D convolution over time: {@code filters} learned kernels of {@code kernelSize} steps slide
 * along the sequence, each giving one output channel, then {@code activation(conv + bias)}.
 *
 * <p>Input {@code [batch, time, channels]} (channels last, as in Keras and as {@link Embedding} and
 * the recurrent layers produce); output {@code [batch, outTime, filters]}, with
 * {@code outTime = floor((time + padding - dilation*(kernelSize-1) - 1) / stride) + 1}
 * ({@link Padding#VALID}: no padding; {@link Padding#SAME}: {@code ceil(time / stride)}, the odd
 * padded step at the end). Kernel {@code [filters, channels, kernelSize]} (PyTorch's {@code nn.Conv1d}
 * layout, so its weights load one for one), Glorot-uniform by default with fan-in
 * {@code channels*kernelSize} and fan-out {@code filters*kernelSize}; bias {@code [filters]}, zeros.
 * Computed as a {@link Conv2D} of height 1, so it shares its im2col kernel and gradients.
 *
 * <pre>{@code
 * new Conv1D(32, 3, "relu")                              // [batch, 40, 16] -> [batch, 38, 32]
 * new Conv1D(64, 5).padding(Padding.SAME).strides(2)     // [batch, 40, 16] -> [batch, 20, 64]
 * new Conv1D(16, 3).dilation(4)                          // sees 9 steps:   [batch, 40, 16] -> [batch, 32, 16]
 * }</pre>
 */
public final class Conv1D extends KernelLayer<Conv1D> {
    private final int filters;
    private final int kernelSize;
    private int stride = 1;
    private int dilation = 1;
    private Padding padding = Padding.VALID;
    private String activation = "linear";
    /** {@code {top, bottom, left, right}} of the height-1 image: only left and right are used. */
    private int[] pad;

    /**
     * {@code filters} kernels of {@code kernelSize} steps.
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public Conv1D(int filters, int kernelSize) {
        if (filters < 1) throw new IllegalArgumentException("Conv1D: filters must be >= 1, got " + filters);
        if (kernelSize < 1) throw new IllegalArgumentException("Conv1D: kernel size must be >= 1, got " + kernelSize);
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    /** {@code filters} kernels of {@code kernelSize} steps followed by the named activation (see {@link Activations}). */
    public Conv1D(int filters, int kernelSize, String activation) {
        this(filters, kernelSize);
        activation(activation);
    }

    /** The step between windows (default 1). */
    public Conv1D strides(int stride) {
        if (stride < 1) throw new IllegalArgumentException("Conv1D: strides must be >= 1, got " + stride);
        this.stride = stride;
        return this;
    }

    /** The spacing between kernel taps (default 1); 2 makes a 3-step kernel span 5 steps. */
    public Conv1D dilation(int rate) {
        if (rate < 1) throw new IllegalArgumentException("Conv1D: dilation must be >= 1, got " + rate);
        this.dilation = rate;
        return this;
    }

    /** How windows treat the ends of the sequence: {@link Padding#VALID} (the default) or {@link Padding#SAME}. */
    public Conv1D padding(Padding padding) {
        this.padding = Objects.requireNonNull(padding, "padding");
        return this;
    }

    /** The activation applied after the bias (default {@code "linear"}); softmax is over the filters. */
    public Conv1D activation(String activation) {
        this.activation = Activations.check(activation);
        return this;
    }

    /** The number of output channels. */
    public int filters() {
        return filters;
    }

    /** The number of steps each kernel covers. */
    public int kernelSize() {
        return kernelSize;
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        requireSequence(this, in);
        pad = padding.amounts(1, in[0], 1, kernelSize, 1, stride, 1, dilation);
        int outTime = Convolution.outputSize(in[0], kernelSize, stride, pad[2], pad[3], dilation);
        if (outTime < 1) {
            int span = (kernelSize - 1) * dilation + 1;
            throw shapeError("a kernel of " + kernelSize + " steps" + (dilation > 1 ? " (dilated to " + span + ")" : "")
                    + " does not fit in the " + in[0] + " steps of input " + batchShape(in) + "; use a smaller kernel or"
                    + " dilation, padding(Padding.SAME), or longer sequences");
        }
        int channels = in[1];
        addKernelAndBias(new int[] {filters, channels, kernelSize}, new int[] {filters}, channels * kernelSize,
                filters * kernelSize, g);
        return new int[] {outTime, filters};
    }

    /**
     * Checks that {@code layer} got per-sample sequences {@code [time, channels]}; the error names the
     * shape it got and the usual fix.
     */
    static void requireSequence(Layer layer, int[] in) {
        String got = "got input " + batchShape(in) + " but needs sequences [batch, time, channels]";
        if (in.length == 2) {
            if (in[0] >= 1 && in[1] >= 1) return;
            throw layer.shapeError(got + " with at least one step and one channel");
        }
        String fix = switch (in.length) {
            case 0 -> "samples are scalars; this layer works on sequences";
            case 1 -> "a sequence of " + in[0] + " single values is [batch, " + in[0] + ", 1]: add Reshape(" + in[0]
                    + ", 1) before this layer (token ids need an Embedding first)";
            case 3 -> "for images [channels, height, width] use the 2-D layers (Conv2D, MaxPool2D), or Reshape to [time, channels]";
            default -> "remove the extra axes (e.g. with Reshape) so that each sample is [time, channels]";
        };
        throw layer.shapeError(got + "; " + fix);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int n = x.shape(0);
        // [N, T, C] -> [N, C, 1, T]: a one-row image, so Conv2D's im2col does the work and the gradients.
        Tensor image = x.permute(0, 2, 1).unsqueeze(2);
        Tensor y = Convolution.conv2d(image, kernel.unsqueeze(2), bias, 1, stride, pad, 1, dilation); // [N, F, 1, T']
        y = y.reshape(n, filters, -1).permute(0, 2, 1);
        return Activations.apply(activation, y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernelSize", kernelSize);
        c.put("strides", stride);
        c.put("padding", padding.keyword());
        c.put("dilation", dilation);
        c.put("activation", activation);
        putKernelConfig(c);
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Conv1D fromConfig(Map<String, Object> config) {
        ConfigMap c = new ConfigMap("Conv1D", config);
        c.requireOnly(Set.of("filters", "kernelSize", "strides", "padding", "dilation", "activation", "useBias",
                "kernelInitializer", "biasInitializer", "kernelRegularizer", "biasRegularizer"));
        Conv1D l = new Conv1D(c.integer("filters"), c.integer("kernelSize")).strides(c.integer("strides", 1))
                .dilation(c.integer("dilation", 1)).padding(c.keyword("padding", Padding.VALID))
                .activation(c.string("activation", "linear"));
        return readKernelConfig(c, l);
    }
}
