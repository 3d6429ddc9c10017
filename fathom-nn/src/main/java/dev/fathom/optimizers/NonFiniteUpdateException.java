package dev.fathom.optimizers;

import dev.fathom.tensor.Numbers;

import java.util.Arrays;

/**
 * An {@link Optimizer#step} refused because its update would have made a parameter NaN or
 * infinite, typically a learning rate far too high for the gradients (SGD at 1e38), or gradients
 * that overflow. Nothing was changed: the parameters, the optimizer's state and its iteration count
 * are as before the step. {@code fit} turns it into a report naming the layer and weight.
 *
 * <pre>{@code
 * try {
 *     optimizer.step(params);
 * } catch (NonFiniteUpdateException e) {
 *     optimizer.learningRate(optimizer.baseLearningRate() / 10);   // the weights are still finite
 * }
 * }</pre>
 */
public final class NonFiniteUpdateException extends ArithmeticException {
    private final String optimizer;
    private final int parameterIndex;
    private final double learningRate;
    private final int iteration;

    NonFiniteUpdateException(String optimizer, int parameterIndex, int[] shape, double learningRate, int iteration) {
        super(optimizer + ": step " + (iteration + 1) + " at learning rate " + Numbers.format(learningRate)
                + " would make parameter " + parameterIndex + " (shape " + Arrays.toString(shape) + ") non-finite;"
                + " no parameter was changed; " + fix());
        this.optimizer = optimizer;
        this.parameterIndex = parameterIndex;
        this.learningRate = learningRate;
        this.iteration = iteration;
    }

    /** What to do, in the API's terms. */
    static String fix() {
        return "lower the learning rate (optimizer.learningRate(rate)) or clip gradients (optimizer.clipNorm(1.0))";
    }

    /** The optimizer's name, e.g. {@code "SGD"}. */
    public String optimizer() {
        return optimizer;
    }

    /** The position of the offending parameter in the list given to {@link Optimizer#step}. */
    public int parameterIndex() {
        return parameterIndex;
    }

    /** The (scheduled) learning rate of the refused step. */
    public double learningRate() {
        return learningRate;
    }

    /** The refused step's number, counting from 0 ({@link Optimizer#iterations()} at the time). */
    public int iteration() {
        return iteration;
    }
}
