package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What {@link MaxPool2D} and {@link AveragePool2D} share: the {@code ph × pw} window, the strides
 * (default: the pool size), the padding, the output shape and the {@code poolSize / strides / padding}
 * config. Each subclass says how a window is reduced ({@link #call}).
 *
 * <p>Input {@code [batch, channels, height, width]}; output {@code [batch, channels, outHeight, outWidth]},
 * sized by {@link Padding#outputSize}. No weights.
 *
 * @param <L> the pooling layer itself, so the setters return it
 */
abstract class Pooling2D<L extends Pooling2D<L>> extends Layer {
    final int ph;
    final int pw;
    int sh;
    int sw;
    private Padding padding = Padding.VALID;
    /** Padding amounts {@code [top, bottom, left, right]}, set by {@link #computeOutputShape}. */
    int[] pad;

    /** A {@code poolHeight × poolWidth} window, moving by its own size. */
    Pooling2D(int poolHeight, int poolWidth) {
        if (poolHeight < 1 || poolWidth < 1) {
            throw new IllegalArgumentException(typeName() + ": pool size must be >= 1, got " + poolHeight + "x" + poolWidth);
        }
        this.ph = poolHeight;
        this.pw = poolWidth;
        this.sh = poolHeight;
        this.sw = poolWidth;
    }

    @SuppressWarnings("unchecked")
    private L self() {
        return (L) this;
    }

    /** The step between windows along height and width (default: the pool size). */
    public L strides(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException(typeName() + ": strides must be >= 1, got " + height + "x" + width);
        this.sh = height;
        this.sw = width;
        return self();
    }

    /** The same stride along both axes. */
    public L strides(int stride) {
        return strides(stride, stride);
    }

    /** How windows treat the border: {@link Padding#VALID} (the default) or {@link Padding#SAME}. */
    public L padding(Padding padding) {
        this.padding = Objects.requireNonNull(padding, "padding");
        return self();
    }

    /** Checks the input is an image, sets {@link #pad} and returns {@code [channels, outHeight, outWidth]}. */
    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Padding.requireImage(this, in);
        pad = padding.amounts(in[1], in[2], ph, pw, sh, sw, 1, 1);
        int[] out = Padding.outputSize(this, in, ph, pw, sh, sw, 1, 1, pad);
        return new int[] {in[0], out[0], out[1]};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("poolSize", List.of(ph, pw));
        c.put("strides", List.of(sh, sw));
        c.put("padding", padding.keyword());
        return c;
    }

    /** The unbuilt {@code type} layer a {@link #config()} describes, made by {@code make(poolHeight, poolWidth)}. */
    static <L extends Pooling2D<L>> L fromConfig(String type, Map<String, Object> config, BiFunction<Integer, Integer, L> make) {
        ConfigMap c = new ConfigMap(type, config);
        int[] pool = c.integers("poolSize", 2, new int[] {2, 2});
        int[] strides = c.integers("strides", 2, pool);
        return make.apply(pool[0], pool[1]).strides(strides[0], strides[1])
                .padding(c.keyword("padding", Padding.VALID));
    }
}
