package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * What {@link Dense} and {@link Conv2D} share: a trainable kernel and an optional bias, their
 * initializers (Glorot-uniform and zeros by default) and regularizers (none by default), and the
 * {@code useBias / kernelInitializer / biasInitializer / kernelRegularizer / biasRegularizer} config.
 * Each subclass says the kernel's shape and fans ({@link #addKernelAndBias}) and how it is applied.
 *
 * @param <L> the layer itself, so the setters return it
 */
abstract class KernelLayer<L extends KernelLayer<L>> extends Layer {
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializer.glorotUniform();
    private Initializer biasInitializer = Initializer.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    Tensor kernel;
    /** The bias, or null when {@code useBias(false)}. */
    Tensor bias;

    @SuppressWarnings("unchecked")
    private L self() {
        return (L) this;
    }

    /** Whether to add a bias (default true). */
    public L useBias(boolean useBias) { this.useBias = useBias; return self(); }
    /** How the kernel starts (default {@link Initializer#glorotUniform()}). */
    public L kernelInitializer(Initializer init) { this.kernelInitializer = init; return self(); }
    /** How the bias starts (default {@link Initializer#zeros()}). */
    public L biasInitializer(Initializer init) { this.biasInitializer = init; return self(); }
    /** A penalty on the kernel added to the loss (default none). */
    public L kernelRegularizer(Regularizer r) { this.kernelRegularizer = r; return self(); }
    /** A penalty on the bias added to the loss (default none). */
    public L biasRegularizer(Regularizer r) { this.biasRegularizer = r; return self(); }

    /** Creates {@link #kernel} and, with {@code useBias}, {@link #bias}, from their initializers. */
    void addKernelAndBias(int[] kernelShape, int[] biasShape, int fanIn, int fanOut, Generator g) {
        kernel = addWeight("kernel", kernelInitializer.create(kernelShape, fanIn, fanOut, g), true, kernelRegularizer);
        bias = useBias ? addWeight("bias", biasInitializer.create(biasShape, fanIn, fanOut, g), true, biasRegularizer) : null;
    }

    /** Adds {@code useBias}, the initializers and the regularizers (those set) to {@code c}. */
    void putKernelConfig(Map<String, Object> c) {
        c.put("useBias", useBias);
        c.put("kernelInitializer", kernelInitializer.config());
        c.put("biasInitializer", biasInitializer.config());
        if (kernelRegularizer != null) c.put("kernelRegularizer", kernelRegularizer.config());
        if (biasRegularizer != null) c.put("biasRegularizer", biasRegularizer.config());
    }

    /** Sets what {@link #putKernelConfig} wrote on {@code layer}, with the defaults for missing keys. */
    static <L extends KernelLayer<L>> L readKernelConfig(ConfigMap c, L layer) {
        return layer.useBias(c.bool("useBias", true))
                .kernelInitializer(Initializer.read(c, "kernelInitializer", Initializer.glorotUniform()))
                .biasInitializer(Initializer.read(c, "biasInitializer", Initializer.zeros()))
                .kernelRegularizer(Regularizer.read(c, "kernelRegularizer"))
                .biasRegularizer(Regularizer.read(c, "biasRegularizer"));
    }
}
