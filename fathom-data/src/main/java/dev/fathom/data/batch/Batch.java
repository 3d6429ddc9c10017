package dev.fathom.data.batch;

import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * One mini-batch: a tensor per model input and the targets, all with the same number of samples on
 * axis 0. What a {@link BatchSource} hands to {@code Model.fit} at every step.
 *
 * <pre>{@code
 * Iterator<Batch> epoch = source.batches(32, new Generator(7));
 * Batch b = epoch.next();
 * Tensor x = b.x(), y = b.targets();   // [32, ...] each
 * }</pre>
 *
 * @param inputs one tensor per model input, samples on axis 0
 * @param targets the targets, samples on axis 0
 */
public record Batch(List<Tensor> inputs, Tensor targets) {

    /** A batch; the inputs are copied into an unmodifiable list. */
    public Batch {
        if (inputs == null || inputs.isEmpty() || targets == null) {
            throw new IllegalArgumentException("a batch needs at least one input and targets, got " + inputs + " and " + targets);
        }
        inputs = List.copyOf(inputs);
    }

    /** A batch of one input. */
    public Batch(Tensor x, Tensor targets) {
        this(List.of(x), targets);
    }

    /**
     * The input of a one-input batch.
     *
     * @throws IllegalStateException when the batch has several inputs
     */
    public Tensor x() {
        if (inputs.size() != 1) {
            throw new IllegalStateException("the batch has " + inputs.size() + " inputs; take them with inputs().get(i)");
        }
        return inputs.getFirst();
    }

    /** The number of samples. */
    public int size() {
        return targets.shape(0);
    }
}
