package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * The largest value of each channel over the whole sequence: one number per channel, whatever the
 * length. After {@link Conv1D} it says whether each filter's pattern occurs anywhere in the text,
 * which is the usual head of a convolutional text classifier.
 *
 * <p>Input {@code [batch, time, channels]}; output {@code [batch, channels]}, or
 * {@code [batch, 1, channels]} with {@code keepDims(true)}. The gradient goes to the step that won
 * (shared evenly among tied steps). No weights. With a mask of padded steps (from
 * {@code Embedding.maskZero} or {@link Masking}) only each sequence's real steps compete.
 *
 * <pre>{@code
 * new GlobalMaxPooling1D()                           // [batch, 38, 32] -> [batch, 32]
 * }</pre>
 */
public final class GlobalMaxPooling1D extends GlobalPooling1D<GlobalMaxPooling1D> {
    @Override
    Tensor pool(Tensor x, boolean keepDims) {
        return x.max(1, keepDims);
    }

    @Override
    Tensor pool(Tensor x, Tensor keep, boolean keepDims) {
        Tensor lowest = Tensor.full(x.dtype(), Double.NEGATIVE_INFINITY);
        Tensor max = Tensor.where(keep, x, lowest).max(1, keepDims);
        // A sequence that is all padding has no real step: 0 there, not -infinity.
        Tensor any = keep.max(1, keepDims);
        return Tensor.where(any, max, Tensor.zeros(x.dtype()));
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> config) {
        return GlobalPooling1D.fromConfig(new GlobalMaxPooling1D(), config);
    }
}
