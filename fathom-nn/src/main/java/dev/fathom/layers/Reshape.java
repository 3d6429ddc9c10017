package dev.fathom.layers;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Gives each sample a new shape holding the same values in the same (row-major) order; the batch
 * axis is kept. One axis may be {@code -1}: its size is inferred from the others.
 *
 * <p>Input {@code [batch, ...]}; output {@code [batch, ...targetShape]}. No weights. A view when the
 * input is dense, else a copy.
 *
 * <pre>{@code
 * new Reshape(1, 28, 28)        // [batch, 784] -> [batch, 1, 28, 28]: flat pixels back to one-channel images
 * new Reshape(-1, 16)           // [batch, 4, 8, 8] -> [batch, 16, 16]
 * }</pre>
 */
public final class Reshape extends Layer {
    private final int[] target;
    private int[] resolved;

    /**
     * The per-sample shape to produce.
     *
     * @throws IllegalArgumentException when a size is 0 or below -1, or more than one is -1
     */
    public Reshape(int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) unknown++;
            else if (d < 1) throw new IllegalArgumentException("Reshape: sizes must be >= 1 (or -1 for one inferred axis), got "
                    + Arrays.toString(targetShape));
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: only one axis can be -1 (inferred), got " + Arrays.toString(targetShape));
        }
        this.target = targetShape.clone();
    }

    @Override
    protected int[] computeOutputShape(int[] in, Generator g) {
        int count = product(in);
        int known = 1;
        int unknownAxis = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) unknownAxis = i;
            else known *= target[i];
        }
        int[] out = target.clone();
        if (unknownAxis >= 0) {
            if (count % known != 0) {
                throw shapeError("cannot reshape input " + batchShape(in) + " (" + count + " values per sample) into "
                        + batchShape(target) + ": " + count + " is not a multiple of " + known + " (the product of the"
                        + " known sizes); choose sizes whose product divides " + count);
            }
            out[unknownAxis] = count / known;
        } else if (known != count) {
            throw shapeError("cannot reshape input " + batchShape(in) + " (" + count + " values per sample) into "
                    + batchShape(target) + " (" + known + " values); the target must hold the same number of values,"
                    + " or use -1 for one axis to infer its size");
        }
        resolved = out;
        return out.clone();
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildOnFirstCall(x);
        int[] shape = new int[resolved.length + 1];
        shape[0] = x.shape(0);
        System.arraycopy(resolved, 0, shape, 1, resolved.length);
        return x.reshape(shape);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("targetShape", Arrays.stream(target).boxed().toList());
        return c;
    }

    /** The unbuilt layer {@link #config()} describes (for loading saved models). */
    public static Reshape fromConfig(Map<String, Object> config) {
        return new Reshape(new ConfigMap("Reshape", config).integers("targetShape"));
    }
}
