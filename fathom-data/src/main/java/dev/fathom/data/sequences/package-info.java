/**
 * Sequences of different lengths in one batch: {@link dev.fathom.data.sequences.Sequences#pad}
 * pads (or cuts) token-id sequences to one length, as Keras' {@code pad_sequences} does, so that an
 * {@code Embedding(...).maskZero(true)} can tell the padding from the real steps.
 *
 * <pre>{@code
 * Tensor ids = Sequences.pad(List.of(new int[] {4, 9, 2}, new int[] {7}), 5,
 *         Sequences.Padding.POST, Sequences.Truncating.POST, 0);
 * // int32 [[4, 9, 2, 0, 0], [7, 0, 0, 0, 0]]
 * }</pre>
 */
package dev.fathom.data.sequences;
