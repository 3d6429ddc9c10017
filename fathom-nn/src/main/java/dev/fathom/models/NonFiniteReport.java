package dev.fathom.models;

import dev.fathom.tensor.Numbers;

/**
 * Where training first produced a NaN or infinite value: the step (epoch and batch) and the first
 * layer whose output, weights or gradient went non-finite. {@link Model#fit} builds it when the
 * loss or a gradient goes non-finite, by running the failing batch again layer by layer; it is the
 * message of the {@link ArithmeticException} fit throws, or what {@link TerminateOnNaN} prints.
 *
 * <pre>{@code
 * var guard = new TerminateOnNaN();
 * model.fit(x, y, Fit.epochs(10).callbacks(guard));
 * guard.report().ifPresent(r -> System.out.println(r.layerName() + " at epoch " + (r.epoch() + 1)));
 * }</pre>
 *
 * @param epoch      the epoch, 0-based (the message counts from 1)
 * @param batch      the batch within the epoch, 0-based (the message counts from 1)
 * @param batches    the number of batches per epoch
 * @param kind       what went non-finite
 * @param layerIndex the layer's position in {@link Model#layers()}, or -1 when no layer is to blame
 * @param layerName  the layer's name, or null
 * @param layerType  the layer's type, e.g. {@code "Dense"}, or null
 * @param loss       the batch's loss (finite for {@link Kind#GRADIENT})
 * @param detail     what was found, in words
 */
public record NonFiniteReport(int epoch, int batch, int batches, Kind kind, int layerIndex, String layerName,
                              String layerType, double loss, String detail) {

    /** What went non-finite first. */
    public enum Kind {
        /** An input of the batch held NaN or infinity. */
        INPUT,
        /** A target of the batch held NaN or infinity. */
        TARGET,
        /** A layer's weights were already non-finite (an earlier update overflowed, or they were set so). */
        WEIGHTS,
        /** A layer's output, from finite inputs and weights. */
        OUTPUT,
        /** Every layer's output was finite; the loss computation itself overflowed (e.g. log of 0). */
        LOSS,
        /** The loss was finite but a weight's gradient was not. */
        GRADIENT,
        /** The loss and gradients were finite but the optimizer's step would have made a weight non-finite; it was refused. */
        UPDATE,
        /** The loss was non-finite and the model cannot trace its layers to say where. */
        UNTRACED
    }

    /** Whether a layer is named. */
    public boolean hasLayer() {
        return layerIndex >= 0;
    }

    /** "layer 2 'dense_2' (Dense)". */
    public String layer() {
        return hasLayer() ? "layer " + layerIndex + " '" + layerName + "' (" + layerType + ")" : "no layer";
    }

    /** One sentence: the step, the value, the layer and what was found. */
    public String message() {
        String step = "epoch " + (epoch + 1) + ", batch " + (batch + 1) + "/" + batches;
        String value = Numbers.format(loss);
        String what = switch (kind) {
            case GRADIENT -> "a non-finite gradient (the loss was " + value + ")";
            case UPDATE -> "a non-finite update (the loss " + value + " and the gradients were finite)";
            default -> "the loss became " + value;
        };
        return what + " at " + step + ": " + detail;
    }

    /** What to do about it, in the API's terms. */
    public String fix() {
        return switch (kind) {
            case INPUT, TARGET -> "clean the data, or impute missing values, before fit";
            default -> "lower the learning rate (optimizer.learningRate(rate)), scale the inputs, or clip gradients"
                    + " (optimizer.clipNorm(1.0))";
        };
    }
}
