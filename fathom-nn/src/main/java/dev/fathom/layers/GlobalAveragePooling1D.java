package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * The mean of each channel over the whole sequence: one number per channel, whatever the length.
 * After {@link Embedding} it averages the word vectors of a text (a bag of embeddings, fastText's
 * classifier); after {@link Conv1D} it says how strongly each filter's pattern occurs overall.
 *
 * <p>Input {@code [batch, time, channels]}; output {@code [batch, channels]}, or
 * {@code [batch, 1, channels]} with {@code keepDims(true)}. Every step gets {@code 1/time} of
 * the gradient. No weights. With a mask of padded steps (from {@code Embedding.maskZero} or
 * {@link Masking}) it is the mean over each sequence's real steps only, as in Keras.
 *
 * <pre>{@code
 * new GlobalAveragePooling1D()                           // [batch, 40, 16] -> [batch, 16]
 * }</pre>
 */
public final class GlobalAveragePooling1D extends GlobalPooling1D<GlobalAveragePooling1D> {
    @Override
    Tensor pool(Tensor x, boolean keepDims) {
        return x.mean(1, keepDims);
    }

    @Override
    Tensor pool(Tensor x, Tensor keep, boolean keepDims) {
        // At least 1 in the count, so a sequence that is all padding gives 0 rather than 0/0.
        Tensor count = keep.sum(1, keepDims).maximum(1);
        return Tensor.where(keep, x, Tensor.zeros(x.dtype())).sum(1, keepDims).div(count);
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> config) {
        return GlobalPooling1D.fromConfig(new GlobalAveragePooling1D(), config);
    }
}
