package dev.fathom.models;

import dev.fathom.layers.Layer;

/**
 * The build-time check of masks of padded steps that {@link Sequential} and {@link SymbolicTensor}
 * share: a layer that cannot honour a mask must not receive one, or it would read the padding as
 * data without a word.
 */
final class MaskCheck {
    private MaskCheck() {}

    /**
     * Why {@code layer} cannot take the mask made by {@code maker}: what, where, and the two fixes.
     *
     * @param layer the layer as the model names it, e.g. "layer 2 'conv1d' (Conv1D)"
     * @param maker the layer that made the mask, named the same way
     */
    static String refusal(String layer, String maker) {
        return layer + " cannot honour the mask of padded steps made by " + maker + ", and would read the padding"
                + " as data; put a layer that honours it first (LSTM, GRU, SimpleRNN or Bidirectional, or"
                + " GlobalAveragePooling1D / GlobalMaxPooling1D, which use the real steps only; MultiHeadAttention"
                + " and TransformerEncoder, which attend to the real steps only; Dense, Dropout, Activation,"
                + " PositionalEmbedding and TimeDistributed pass it on), or make no mask (maskZero(false), or no Masking"
                + " layer) if this layer should see the padding";
    }

    /** How errors name the layer that made a mask: "'embedding' (Embedding)". */
    static String describe(Layer layer) {
        return "'" + layer.name() + "' (" + layer.typeName() + ")";
    }
}
