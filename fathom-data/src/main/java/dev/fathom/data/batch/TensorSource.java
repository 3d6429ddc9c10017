package dev.fathom.data.batch;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@link BatchSource} over tensors in memory: what {@code Model.fit(x, y, ...)} trains from.
 * Shuffled epochs take each batch with {@code indexSelect} from a permutation of all samples
 * (Fisher-Yates with the epoch's generator); unshuffled passes take slices, which are views and
 * copy nothing. {@link #rows(int[])} picks samples by index, again without copying: the batches
 * are gathered from the original tensors, so the folds of a cross-validation share one copy of
 * the data (and one in the processor's cache).
 *
 * <pre>{@code
 * BatchSource data = TensorSource.of(x, y);                  // x [n, ...], y [n, ...]
 * model.fit(data, Fit.epochs(5).seed(1));                    // the same weights as model.fit(x, y, Fit.epochs(5).seed(1))
 * BatchSource twoInputs = TensorSource.of(List.of(images, metadata), y);
 * BatchSource fold = TensorSource.of(x, y).rows(new int[] {0, 2, 3, 5});   // the same as copying those rows
 * }</pre>
 */
public final class TensorSource implements BatchSource {
    private final List<Tensor> inputs;
    private final Tensor targets;
    /** The samples of {@code inputs} and {@code targets} this source serves, in order; null for all of them. */
    private final int[] picked;

    private TensorSource(List<Tensor> inputs, Tensor targets, int[] picked) {
        this.inputs = inputs;
        this.targets = targets;
        this.picked = picked;
    }

    /** Samples of {@code x} (axis 0) with targets {@code y}. */
    public static TensorSource of(Tensor x, Tensor y) {
        return of(Arrays.asList(x), y);
    }

    /**
     * Samples of several inputs ({@code xs.get(i)} feeds model input {@code i}) with targets
     * {@code y}; every input and {@code y} have the same number of samples on axis 0.
     *
     * @throws IllegalArgumentException naming the tensor whose sample count differs
     */
    public static TensorSource of(List<Tensor> xs, Tensor y) {
        if (xs == null || xs.isEmpty()) throw new IllegalArgumentException("TensorSource: no inputs given");
        if (y == null || y.rank() < 1) {
            throw new IllegalArgumentException("TensorSource: y must have samples on axis 0, got " + y);
        }
        int n = y.shape(0);
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            String name = xs.size() == 1 ? "x" : "input " + i;
            if (x == null || x.rank() < 1) {
                throw new IllegalArgumentException("TensorSource: " + name + " must have samples on axis 0, got " + x);
            }
            if (x.shape(0) != n) {
                throw new IllegalArgumentException("TensorSource: " + name + " has " + x.shape(0) + " samples (shape "
                        + Arrays.toString(x.shape()) + ") but y has " + n + "; there must be one target per sample");
            }
        }
        return new TensorSource(List.copyOf(xs), y, null);
    }

    @Override
    public int size() {
        return picked != null ? picked.length : targets.shape(0);
    }

    @Override
    public List<int[]> inputShapes() {
        List<int[]> shapes = new ArrayList<>(inputs.size());
        for (Tensor x : inputs) shapes.add(Arrays.copyOfRange(x.shape(), 1, x.rank()));
        return shapes;
    }

    @Override
    public int[] targetShape() {
        return Arrays.copyOfRange(targets.shape(), 1, targets.rank());
    }

    /** The input tensors, in order: all their samples, also when {@link #rows(int[])} picked some. */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** The targets: all samples, also when {@link #rows(int[])} picked some. */
    public Tensor targets() {
        return targets;
    }

    @Override
    public Iterator<Batch> batches(int batchSize, Generator shuffle) {
        Checks.batchSize(batchSize);
        int n = size();
        int[] order;
        if (shuffle != null) {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
            shuffle.shuffle(order);
            // Positions first, then samples: the batches equal those of a copy of the picked rows.
            if (picked != null) for (int i = 0; i < n; i++) order[i] = picked[order[i]];
        } else {
            order = picked;
        }
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < n;
            }

            @Override
            public Batch next() {
                if (from >= n) throw new NoSuchElementException("the epoch has ended after " + n + " samples");
                int to = Math.min(n, from + batchSize);
                List<Tensor> xb = new ArrayList<>(inputs.size());
                Tensor yb;
                if (order == null) {
                    for (Tensor x : inputs) xb.add(x.slice(0, from, to));
                    yb = targets.slice(0, from, to);
                } else {
                    Tensor index = Tensor.of(Arrays.copyOfRange(order, from, to));
                    for (Tensor x : inputs) xb.add(x.indexSelect(0, index));
                    yb = targets.indexSelect(0, index);
                }
                from = to;
                return new Batch(xb, yb);
            }
        };
    }

    @Override
    public TensorSource rows(int from, int to) {
        Checks.range(from, to, size());
        if (picked != null) return new TensorSource(inputs, targets, Arrays.copyOfRange(picked, from, to));
        List<Tensor> xs = new ArrayList<>(inputs.size());
        for (Tensor x : inputs) xs.add(x.slice(0, from, to));
        return new TensorSource(List.copyOf(xs), targets.slice(0, from, to), null);
    }

    /**
     * The samples at {@code indices} of this source, in that order (repeats allowed, as in a
     * bootstrap sample), as a source of their own that copies no data: batches are gathered from
     * the original tensors. Training on it gives the same weights as training on
     * {@code TensorSource.of(x.indexSelect(0, i), y.indexSelect(0, i))}.
     *
     * @throws IndexOutOfBoundsException naming the first index outside {@code [0, size())}
     */
    public TensorSource rows(int[] indices) {
        int n = size();
        int[] chosen = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= n) {
                throw new IndexOutOfBoundsException("rows: index " + r + " (position " + i + ") is outside the " + n
                        + " samples of the source; indices go from 0 to " + (n - 1));
            }
            chosen[i] = picked != null ? picked[r] : r;
        }
        return new TensorSource(inputs, targets, chosen);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TensorSource(").append(size()).append(" samples");
        if (picked != null) sb.append(" picked from ").append(targets.shape(0));
        sb.append(", inputs");
        for (int[] s : inputShapes()) sb.append(' ').append(Arrays.toString(s));
        return sb.append(", targets ").append(Arrays.toString(targetShape())).append(')').toString();
    }
}
