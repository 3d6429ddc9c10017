package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;
import java.util.Set;

/**
 * What {@link GlobalMaxPooling1D} and {@link GlobalAveragePooling1D} share: input
 * {@code [batch, time, channels]}, one value per channel over the whole sequence, output
 * {@code [batch, channels]} (or {@code [batch, 1, channels]} with {@code keepDims(true)}), no weights.
 * With a mask of padded steps only the real steps are pooled, and the mask stops here (the time
 * axis is gone); a sequence that is all padding pools to zeros.
 *
 * @param <L> the layer class itself, so {@code keepDims} chains
 */
abstract sealed class GlobalPooling1D<L extends GlobalPooling1D<L>> extends Layer
        permits GlobalMaxPooling1D, GlobalAveragePooling1D {
    private boolean keepDims;

    /** Whether to keep the pooled time axis with size 1 (default false). */
    @SuppressWarnings("unchecked")
    public L keepDims(boolean keepDims) {
        this.keepDims = keepDims;
        return (L) this;
    }

    /** The reduction over the time axis (axis 1). */
    abstract Tensor pool(Tensor x, boolean keepDims);

    /** The reduction over the real steps only: {@code keep} is {@code [batch, time, 1]}, 1 for a real step. */
    abstract Tensor pool(Tensor x, Tensor keep, boolean keepDims);

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        Conv1D.requireSequence(this, in);
        return keepDims ? new int[] {1, in[1]} : new int[] {in[1]};
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        return pool(x, keepDims);
    }

    @Override
    public Tensor call(Tensor x, Tensor mask, boolean training) {
        buildOnFirstCall(x);
        Tensor m = Masks.check(this, x, mask);
        return m == null ? pool(x, keepDims) : pool(x, m.unsqueeze(2), keepDims);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public boolean outputsMask(boolean inputMasked) {
        return false;
    }

    @Override
    public Tensor computeMask(Tensor x, Tensor mask) {
        return null;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("keepDims", keepDims);
        return c;
    }

    /** Reads {@code keepDims} from a saved config into {@code layer}. */
    static <L extends GlobalPooling1D<L>> L fromConfig(L layer, Map<String, Object> config) {
        ConfigMap c = new ConfigMap(layer.getClass().getSimpleName(), config);
        c.requireOnly(Set.of("keepDims"));
        return layer.keepDims(c.bool("keepDims", false));
    }
}
