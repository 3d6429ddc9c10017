package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * A layer a {@link dev.fathom.models.Functional} model may apply to several tensors at once, each
 * with its own mask of padded steps: the merges ({@link Add}, {@link Concatenate}, ...) and
 * {@link MultiHeadAttention} (query, value and an optional key, as Keras' {@code mha(query, value,
 * key)}). Every other layer takes one tensor. The model builds such a layer from every input's
 * per-sample shape ({@link #build(List, Generator)}), runs it on every input's batch and mask
 * ({@link #call(List, List, boolean)}), and asks which mask its output carries
 * ({@link #computeMask(List, List)}, {@link #outputsMask(List)}).
 *
 * <pre>{@code
 * Input question = Input.of(12);
 * Input passage = Input.of(40);
 * SymbolicTensor q = question.then(new Embedding(5000, 32).maskZero(true));
 * SymbolicTensor p = passage.then(new Embedding(5000, 32).maskZero(true));
 * SymbolicTensor attended = SymbolicTensor.apply(new MultiHeadAttention(4, 8), q, p);   // query q, value and key p
 * }</pre>
 */
public interface MultiInputLayer {
    /**
     * Checks the per-sample shapes of the inputs, in order, creates the weights and returns the
     * per-sample output shape.
     *
     * @throws dev.fathom.tensor.ShapeException naming the layer, each input's shape and the fix
     */
    int[] build(List<int[]> shapes, Generator generator);

    /** The per-sample shape of every input given to {@link #build(List, Generator)}, in order. */
    List<int[]> inputShapes();

    /**
     * Maps one batch per input forward, honouring each input's mask of padded steps
     * ({@code [batch, time]}, 1 a real step; a null entry for an input without one).
     */
    Tensor call(List<Tensor> inputs, List<Tensor> masks, boolean training);

    /** The mask of the output, given each input and its mask (null entries for none); null for no mask. */
    Tensor computeMask(List<Tensor> inputs, List<Tensor> masks);

    /**
     * Whether the output carries a mask, given which inputs do (asked when a model is built, before
     * any data flows). Default: when any input does, as for a merge.
     */
    default boolean outputsMask(List<Boolean> inputsMasked) {
        return inputsMasked.contains(Boolean.TRUE);
    }
}
