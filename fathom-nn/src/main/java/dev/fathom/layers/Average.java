package dev.fathom.layers;

import dev.fathom.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * The element-wise mean of its inputs: ensembles of branches that predict the same thing.
 *
 * <p>Inputs: two or more tensors of one shape {@code [batch, ...]}; output: that shape. No weights.
 *
 * <pre>{@code
 * Input x = Input.of(8);
 * SymbolicTensor a = x.then(new Dense(3));
 * SymbolicTensor b = x.then(new Dense(3));
 * SymbolicTensor mean = SymbolicTensor.apply(new Average(), a, b);   // [batch, 3]
 * }</pre>
 */
public final class Average extends ElementwiseMerge {

    /** Recreates an Average from its (empty) config. */
    public static Average fromConfig(Map<String, Object> config) {
        return new Average();
    }

    @Override
    Tensor combine(List<Tensor> inputs) {
        return fold(inputs, Tensor::add).div(inputs.size());
    }
}
