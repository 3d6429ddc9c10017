package dev.fathom.models;

import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * Leaves the padded steps of a sequence output out of its loss and metrics, as Keras does with the
 * mask an output carries ({@code Embedding.maskZero} or {@code Masking} upstream, passed on by
 * layers that act per step). The loss is then the mean over the real steps only: Keras'
 * {@code sum(loss * mask) / sum(mask)}.
 *
 * <p>The mask applies when the output and its targets both have the mask's time axis (axis 1): a
 * per-step output {@code [batch, time, ...]} with targets {@code [batch, time, ...]} (or class
 * indices {@code [batch, time]}). The real steps are then gathered into {@code [steps, ...]} rows,
 * which every loss and metric takes as a batch; gradients flow back through the gather to the real
 * steps only. Without padding in the batch, the output and targets are scored as they are.
 *
 * <pre>{@code
 * Tensor[] scored = OutputMask.realSteps(predictions, targets, mask);   // null: the batch is all padding
 * }</pre>
 */
final class OutputMask {
    private OutputMask() {}

    /**
     * {@code {predictions, targets}} to score: the real steps when {@code mask} ({@code [batch,
     * time]}, 1 for a real step, or null) applies, else the two as they are; null when every step of
     * the batch is padding, so there is nothing to score.
     */
    static Tensor[] realSteps(Tensor predictions, Tensor targets, Tensor mask) {
        if (!applies(predictions, targets, mask)) return new Tensor[] {predictions, targets};
        float[] m = mask.toFloatArray();
        int real = 0;
        for (float v : m) if (v != 0) real++;
        if (real == m.length) return new Tensor[] {predictions, targets};
        if (real == 0) return null;
        int[] rows = new int[real];
        for (int i = 0, r = 0; i < m.length; i++) if (m[i] != 0) rows[r++] = i;
        Tensor index = Tensor.of(rows);
        return new Tensor[] {steps(predictions).indexSelect(0, index), steps(targets).indexSelect(0, index)};
    }

    /** Whether {@code mask} is a {@code [batch, time]} mask over axis 1 of both the predictions and the targets. */
    static boolean applies(Tensor predictions, Tensor targets, Tensor mask) {
        if (mask == null || mask.rank() != 2 || predictions.rank() < 2 || targets.rank() < 2) return false;
        return predictions.shape(0) == mask.shape(0) && predictions.shape(1) == mask.shape(1)
                && targets.shape(0) == mask.shape(0) && targets.shape(1) == mask.shape(1);
    }

    /** {@code [batch, time, ...]} as {@code [batch * time, ...]}: one row per step. */
    private static Tensor steps(Tensor t) {
        int[] s = t.shape();
        int[] flat = new int[s.length - 1];
        flat[0] = s[0] * s[1];
        System.arraycopy(s, 2, flat, 1, s.length - 2);
        return t.reshape(flat);
    }
}
