package dev.fathom.losses;

import dev.fathom.tensor.ShapeException;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/** Shape checks and messages shared by the losses. Shapes here are per sample (no batch axis). */
final class LossShapes {
    private LossShapes() {}

    /** A per-sample shape as users see it: {@code [batch, 10]}, or {@code [batch]} for {@code []}. */
    static String batch(int[] perSample) {
        StringBuilder sb = new StringBuilder("[batch");
        for (int d : perSample) sb.append(", ").append(d);
        return sb.append(']').toString();
    }

    static ShapeException error(Loss loss, String message) {
        return new ShapeException(loss.name(), message);
    }

    /** The shape without its batch axis. */
    static int[] perSample(Loss loss, String what, Tensor t) {
        if (t.rank() == 0) {
            throw error(loss, what + " must have a batch axis, got a scalar; pass a batch of shape [batch, ...]"
                    + " (one sample is [1, ...])");
        }
        int[] s = t.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** Checks the batch sizes, then the per-sample shapes with {@link Loss#checkShapes}. */
    static void check(Loss loss, Tensor predictions, Tensor targets) {
        int[] p = perSample(loss, "predictions", predictions);
        int[] t = perSample(loss, "targets", targets);
        if (predictions.shape(0) != targets.shape(0)) {
            throw error(loss, "predictions hold " + predictions.shape(0) + " samples " + Arrays.toString(predictions.shape())
                    + " but targets hold " + targets.shape(0) + " " + Arrays.toString(targets.shape())
                    + "; feed predictions and targets in the same batches");
        }
        loss.checkShapes(p, t);
    }

    /** {@code a} with one more trailing axis of size 1. */
    static int[] withUnit(int[] a) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = 1;
        return out;
    }

    /** {@code a} without its last axis. */
    static int[] dropLast(int[] a) {
        return Arrays.copyOf(a, a.length - 1);
    }

    /** Whether the two shapes are equal or differ only by a trailing axis of size 1 on one side. */
    static boolean sameUpToUnit(int[] a, int[] b) {
        return Arrays.equals(a, b) || Arrays.equals(withUnit(a), b) || Arrays.equals(a, withUnit(b));
    }

    /**
     * Targets reshaped to the predictions' shape when they differ only by a trailing unit axis
     * ({@code [batch]} against {@code [batch, 1]}), and cast to the predictions' floating type: without
     * this, {@code [batch, 1] - [batch]} would broadcast to {@code [batch, batch]}.
     */
    static Tensor align(Tensor predictions, Tensor targets) {
        Tensor t = Arrays.equals(predictions.shape(), targets.shape()) ? targets : targets.reshape(predictions.shape());
        return predictions.dtype().isFloating() ? t.asType(predictions.dtype()) : t;
    }
}
