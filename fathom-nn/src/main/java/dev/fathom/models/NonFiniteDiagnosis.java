package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;
import dev.fathom.optimizers.NonFiniteUpdateException;
import dev.fathom.tensor.Numbers;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a NaN or infinity came from when fit meets one: checks the batch, runs it again
 * layer by layer and names the first layer whose output (or weights) went non-finite; for a bad
 * gradient, the layer where the backward pass first met it.
 */
final class NonFiniteDiagnosis {
    private NonFiniteDiagnosis() {}

    /** Whether every tensor holds finite values only (null gradients count as finite). */
    static boolean allFinite(List<Tensor> params) {
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g != null && !g.allFinite()) return false;
        }
        return true;
    }

    /** Why the loss of a batch was non-finite. */
    static NonFiniteReport forLoss(Model model, List<Tensor> xb, Tensor yb, int epoch, int batch, int batches, double loss) {
        for (int i = 0; i < xb.size(); i++) {
            if (!xb.get(i).allFinite()) {
                return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.INPUT, -1, null, null, loss,
                        (xb.size() == 1 ? "the inputs" : "input " + i) + " of this batch hold NaN or infinite values;"
                                + " clean or impute the data before training");
            }
        }
        if (yb.dtype().isFloating() && !yb.allFinite()) {
            return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.TARGET, -1, null, null, loss,
                    "the targets of this batch hold NaN or infinite values; clean the labels before training");
        }
        List<Layer> layers = model.layers();
        List<Tensor> outputs = trace(model, xb);
        if (outputs == null) {
            for (int i = 0; i < layers.size(); i++) {
                String bad = nonFiniteWeight(layers.get(i));
                if (bad != null) return weights(epoch, batch, batches, i, layers.get(i), bad, loss);
            }
            return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.UNTRACED, -1, null, null, loss,
                    "every weight is finite and " + model.getClass().getSimpleName() + " cannot trace its layers' outputs"
                            + " to say which one overflowed");
        }
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String bad = nonFiniteWeight(layer);
            if (bad != null) return weights(epoch, batch, batches, i, layer, bad, loss);
            if (!outputs.get(i).allFinite()) {
                return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.OUTPUT, i, layer.name(),
                        layer.typeName(), loss, "the first non-finite value is in the output of layer " + i + " '"
                        + layer.name() + "' (" + layer.typeName() + "), whose inputs and weights are finite: its values"
                        + " overflowed");
            }
        }
        return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.LOSS, -1, null, null, loss,
                "every layer's output is finite, so the loss " + model.loss().name() + " itself overflowed (e.g. the log"
                        + " of a probability of 0: use fromLogits=true with a linear last layer)");
    }

    /** Which layer's gradient went non-finite first; the loss was finite. */
    static NonFiniteReport forGradient(Model model, int epoch, int batch, int batches, double loss) {
        List<Layer> layers = model.layers();
        // Backward runs from the last layer to the first, so the last layer with a bad gradient is where it appeared.
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer layer = layers.get(i);
            for (Weight w : layer.weights()) {
                Tensor g = w.value().grad();
                if (w.trainable() && g != null && !g.allFinite()) {
                    return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.GRADIENT, i, layer.name(),
                            layer.typeName(), loss, "going backward from the loss, the first non-finite gradient is that"
                            + " of weight '" + w.name() + "' of layer " + i + " '" + layer.name() + "' (" + layer.typeName()
                            + "); the weights were not updated");
                }
            }
        }
        return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.GRADIENT, -1, null, null, loss,
                "a gradient is non-finite but no layer owns it");
    }

    /** Which weight an optimizer step refused to make non-finite; the loss and the gradients were finite. */
    static NonFiniteReport forUpdate(Model model, List<Tensor> params, NonFiniteUpdateException e, int epoch, int batch,
                                     int batches, double loss) {
        Tensor bad = params.get(e.parameterIndex());
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            for (Weight w : layer.weights()) {
                if (w.value() == bad) {
                    return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.UPDATE, i, layer.name(),
                            layer.typeName(), loss, e.optimizer() + " at learning rate " + Numbers.format(e.learningRate())
                            + " would make weight '" + w.name() + "' of layer " + i + " '" + layer.name() + "' ("
                            + layer.typeName() + ") non-finite; the step was refused and the weights are unchanged");
                }
            }
        }
        return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.UPDATE, -1, null, null, loss,
                e.optimizer() + " at learning rate " + Numbers.format(e.learningRate()) + " would make trainable weight "
                        + e.parameterIndex() + " non-finite; the step was refused and the weights are unchanged");
    }

    private static NonFiniteReport weights(int epoch, int batch, int batches, int i, Layer layer, String weight, double loss) {
        return new NonFiniteReport(epoch, batch, batches, NonFiniteReport.Kind.WEIGHTS, i, layer.name(), layer.typeName(),
                loss, "layer " + i + " '" + layer.name() + "' (" + layer.typeName() + ") has non-finite values in its weight '"
                + weight + "' (an earlier update overflowed, or the weights were set so)");
    }

    private static String nonFiniteWeight(Layer layer) {
        for (Weight w : layer.weights()) if (!w.value().allFinite()) return w.name();
        return null;
    }

    /**
     * The outputs of every layer for the batch, in training mode as in the failing step, or null when
     * the model cannot trace them. Non-trainable weights (batch statistics) are put back afterwards,
     * so the diagnosis leaves the model as it found it.
     */
    private static List<Tensor> trace(Model model, List<Tensor> xb) {
        List<Weight> fixed = new ArrayList<>();
        List<Tensor> saved = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (Layer l : model.layers()) {
                for (Weight w : l.weights()) {
                    if (!w.trainable()) {
                        fixed.add(w);
                        saved.add(w.value().contiguousCopy());
                    }
                }
            }
            try {
                return model.layerOutputs(xb, true);
            } catch (UnsupportedOperationException e) {
                return null;
            } finally {
                for (int i = 0; i < fixed.size(); i++) fixed.get(i).value().assign(saved.get(i));
            }
        }
    }
}
