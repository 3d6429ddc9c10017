package dev.fathom.models;

import java.util.Optional;

/**
 * Ends training quietly when the loss or a gradient becomes NaN or infinite, instead of the
 * {@link ArithmeticException} fit throws otherwise, as Keras' {@code TerminateOnNaN}. It prints
 * (and keeps, in {@link #report()}) where it happened: the epoch and batch, and the first layer
 * whose output, weights or gradient went non-finite, found by running the failing batch again
 * layer by layer. The bad batch never reaches the weights, so the model keeps its last finite
 * state and can be saved or trained on with a lower learning rate.
 *
 * <pre>{@code
 * var guard = new TerminateOnNaN();
 * model.fit(x, y, Fit.epochs(10).callbacks(guard));
 * // Epoch 3, batch 17: TerminateOnNaN: the loss became NaN at epoch 3, batch 17/50: the first
 * //   non-finite value is in the output of layer 2 'dense_2' (Dense), ...
 * if (guard.report().isPresent()) model.optimizer().learningRate(1e-4);
 * }</pre>
 */
public final class TerminateOnNaN implements Callback {
    private NonFiniteReport report;

    /** Where training met a non-finite value in the last fit, if it did. */
    public Optional<NonFiniteReport> report() {
        return Optional.ofNullable(report);
    }

    @Override
    public void onTrainBegin(Model model) {
        report = null;
    }

    @Override
    public boolean onNonFinite(Model model, NonFiniteReport report) {
        this.report = report;
        model.out().println("Epoch " + (report.epoch() + 1) + ", batch " + (report.batch() + 1) + ": TerminateOnNaN: "
                + report.message() + "; training stopped");
        return true;
    }
}
