package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * Multiplies its inputs element by element: gates ({@code x * sigmoid(g)}) and feature crosses.
 *
 * <p>Inputs: two or more tensors of one shape {@code [batch, ...]}; output: that shape. No weights.
 *
 * <pre>{@code
 * Input x = Input.of(16);
 * SymbolicTensor gate = x.then(new Dense(16, "sigmoid"));
 * SymbolicTensor gated = SymbolicTensor.apply(new Multiply(), x, gate);   // [batch, 16]
 * }</pre>
 */
public final class Multiply extends ElementwiseMerge {

    /** Recreates a Multiply from its (empty) config. */
    public static Multiply fromConfig(Map<String, Object> config) {
        return new Multiply();
    }

    @Override
    Tensor combine(List<Tensor> inputs) {
        return fold(inputs, Tensor::mul);
    }
}
