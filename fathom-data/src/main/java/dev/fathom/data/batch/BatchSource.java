package dev.fathom.data.batch;

import dev.fathom.tensor.Generator;

import java.util.Iterator;
import java.util.List;

/**
 * Training data served one mini-batch at a time, so {@code Model.fit} and {@code Model.evaluate}
 * can train on data held in tensors ({@link TensorSource}) or streamed from a file larger than
 * memory ({@link RowFileSource}) through the same loop.
 *
 * <p>Each epoch asks for a fresh iterator with that epoch's shuffle generator: the same generator
 * gives the same batches, which is what makes training reproducible and resumable. Every epoch
 * visits every sample exactly once, in {@code ceil(size / batchSize)} batches of
 * {@code batchSize} samples (the last may be smaller).
 *
 * <pre>{@code
 * try (RowFileSource data = RowFileSource.open(Path.of("train.rows"))) {
 *     model.fit(data, Fit.epochs(10).batchSize(128).seed(7));
 * }
 * BatchSource small = TensorSource.of(x, y);          // in memory: the same as fit(x, y, ...)
 * for (Iterator<Batch> it = small.batches(32, null); it.hasNext(); ) System.out.println(it.next().size());
 * }</pre>
 */
public interface BatchSource extends AutoCloseable {
    /** The number of samples. */
    int size();

    /** The shape of one sample of each input (without the batch axis), in input order. */
    List<int[]> inputShapes();

    /** The shape of one sample's target (without the batch axis); {@code []} for a class index. */
    int[] targetShape();

    /**
     * One pass over the samples in batches of {@code batchSize}: in order when {@code shuffle} is
     * null, otherwise in an order drawn from {@code shuffle} (the same generator state gives the
     * same batches).
     *
     * @throws IllegalArgumentException when {@code batchSize < 1}
     */
    Iterator<Batch> batches(int batchSize, Generator shuffle);

    /**
     * The samples {@code from} (inclusive) to {@code to} (exclusive) as a source of their own,
     * without copying: what a validation split takes.
     *
     * @throws IndexOutOfBoundsException when the range is not inside {@code [0, size()]}
     */
    BatchSource rows(int from, int to);

    /** The number of batches of {@code batchSize} in one pass: {@code ceil(size() / batchSize)}. */
    default int batchCount(int batchSize) {
        return (int) (((long) size() + batchSize - 1) / batchSize);
    }

    /** Releases what the source holds open (a file); a no-op for data in memory. */
    @Override
    default void close() {}
}
