package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Adds its inputs element by element: residual connections ({@code x + f(x)}) and joined branches.
 *
 * <p>Inputs: two or more tensors of one shape {@code [batch, ...]}; output: that shape. No weights.
 *
 * <pre>{@code
 * Input x = Input.of(16);
 * SymbolicTensor h = x.then(new Dense(16, "relu"));
 * SymbolicTensor residual = SymbolicTensor.apply(new Add(), x, h);   // [batch, 16]
 * }</pre>
 */
public final class Add extends ElementwiseMerge {

    /** Recreates an Add from its (empty) config. */
    public static Add fromConfig(Map<String, Object> config) {
        return new Add();
    }

    @Override
    Tensor combine(List<Tensor> inputs) {
        return fold(inputs, Tensor::add);
    }
}
