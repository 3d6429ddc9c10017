package dev.fathom.layers;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;

/**
 * Checks and shapes of the masks of padded steps that layers share: a mask is {@code [batch, time]},
 * 1 for a real step and 0 for padding (see {@link Layer#computeMask}).
 */
final class Masks {
    private Masks() {}

    /**
     * {@code mask} as float32 0/1 after checking it is {@code [batch, time]} for {@code x}
     * {@code [batch, time, ...]}; null stays null.
     */
    static Tensor check(Layer layer, Tensor x, Tensor mask) {
        if (mask == null) return null;
        if (mask.rank() != 2 || x.rank() < 2 || mask.shape(0) != x.shape(0) || mask.shape(1) != x.shape(1)) {
            throw layer.shapeError("got a mask of shape " + Arrays.toString(mask.shape()) + " for a batch of shape "
                    + Arrays.toString(x.shape()) + " but a mask is [batch, time] (1 for a real step, 0 for padding): ["
                    + (x.rank() > 0 ? x.shape(0) : "?") + ", " + (x.rank() > 1 ? x.shape(1) : "?") + "] here");
        }
        return mask.dtype() == DType.FLOAT32 ? mask : mask.ne(Tensor.zeros(mask.dtype())).asType(DType.FLOAT32);
    }

    /** 1 where {@code values} is not 0, as float32: the mask a comparison makes, in the one mask type. */
    static Tensor of(Tensor notPadding) {
        return notPadding.dtype() == DType.FLOAT32 ? notPadding : notPadding.asType(DType.FLOAT32);
    }
}
