package dev.fathom.onnx.layers;

import dev.fathom.layers.Layer;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Map;

/**
 * ONNX's {@code Transpose} of the axes of each sample (the batch stays first).
 *
 * <p>Input {@code [batch, d1, ..., dk]}, output {@code [batch, d(perm[0]+1), ...]}: {@code perm}
 * orders the sample's axes, counted from 0 after the batch.
 *
 * <pre>{@code
 * new OnnxTranspose(1, 0)        // [b, t, f] -> [b, f, t]
 * }</pre>
 */
public final class OnnxTranspose extends Layer {
    private final int[] perm;

    /** A permutation of the sample's axes. */
    public OnnxTranspose(int... perm) {
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) {
                throw new IllegalArgumentException("OnnxTranspose: " + java.util.Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
        }
        this.perm = perm.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        if (in.length != perm.length) throw shapeError("permutes " + perm.length + " axes but got input " + batchShape(in));
        int[] out = new int[in.length];
        for (int i = 0; i < perm.length; i++) out[i] = in[perm[i]];
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int[] order = new int[perm.length + 1];
        for (int i = 0; i < perm.length; i++) order[i + 1] = perm[i] + 1;
        return x.permute(order);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("perm", Configs.list(perm));
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static OnnxTranspose fromConfig(Map<String, Object> config) {
        return new OnnxTranspose(Configs.ints(config, "OnnxTranspose", "perm"));
    }
}
