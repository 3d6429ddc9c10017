package dev.fathom.losses;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the two multi-class cross-entropies share: the class axis is the last, and log-probabilities. */
abstract class ClassificationLoss implements Loss {
    /** Keras' {@code epsilon()}: probabilities are clipped to {@code [EPSILON, 1 - EPSILON]}. */
    static final double EPSILON = 1e-7;

    private final boolean fromLogits;

    ClassificationLoss(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    @Override
    public boolean fromLogits() {
        return fromLogits;
    }

    /**
     * Log-probabilities over the last axis: {@code logSoftmax} of logits, or, for probabilities,
     * Keras' recipe: rescale each row to sum to 1, clip to {@code [1e-7, 1 - 1e-7]}, take the log.
     */
    Tensor logProbabilities(Tensor predictions) {
        if (fromLogits) return predictions.logSoftmax(-1);
        return predictions.div(predictions.sum(-1, true)).clamp(EPSILON, 1 - EPSILON).log();
    }

    /** Refuses predictions without a class axis. */
    void requireClassAxis(int[] predictionShape) {
        if (predictionShape.length == 0) {
            throw LossShapes.error(this, "needs one output unit per class, predictions of shape [batch, classes], but got "
                    + LossShapes.batch(predictionShape) + "; end the model with Dense(classes)");
        }
    }

    @Override
    public void checkOutput(int[] predictionShape, String activation) {
        requireClassAxis(predictionShape);
        int units = predictionShape[predictionShape.length - 1];
        if (units < 2) {
            throw LossShapes.error(this, "the model outputs " + units + " unit per sample (" + LossShapes.batch(predictionShape)
                    + ") but " + name() + " needs one unit per class (at least 2); make the last layer Dense(classes), or,"
                    + " for two classes with a single unit, use BinaryCrossentropy");
        }
        if (activation == null) return;
        if (fromLogits && (activation.equals("softmax") || activation.equals("sigmoid"))) {
            throw new IllegalArgumentException(name() + ": expects raw logits (fromLogits=true) but the last layer applies "
                    + activation + "; remove that activation (Dense(" + units + ")), or use new " + name() + "(false)");
        }
        if (!fromLogits && !activation.equals("softmax")) {
            throw new IllegalArgumentException(name() + ": expects probabilities that sum to 1 (fromLogits=false) but the"
                    + " last layer's activation is '" + activation + "'; end the model with Dense(" + units + ", \"softmax\"),"
                    + " or keep it and use new " + name() + "(true) (more stable)");
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("fromLogits", fromLogits);
        return c;
    }

    @Override
    public String toString() {
        return name() + "(fromLogits=" + fromLogits + ")";
    }
}
