package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.metrics.MetricDefinition;
import dev.fathom.metrics.MetricInput;
import dev.fathom.metrics.MetricRegistry;
import dev.fathom.tensor.Tensor;

/**
 * A score accumulated over the batches of an epoch, reported by {@code fit} and {@code evaluate}
 * next to the loss. Created by {@link #named} from any name or alias of
 * {@link dev.fathom.metrics.MetricRegistry}, and logged under the registry's name: {@code accuracy}
 * ({@code acc}), {@code mae}, {@code mse}, and the whole-epoch scores such as {@code precision},
 * {@code recall}, {@code f1}, {@code f1_macro}, {@code balanced_accuracy}, {@code roc_auc}
 * ({@code auc}), {@code log_loss}, {@code rmse}, {@code r2}, {@code mape}. With several output
 * units, a two-class metric is scored in its several-classes form (precision as precision_macro,
 * ROC AUC one-vs-rest), as Keras does, and keeps its own name in the logs.
 */
public interface Metric {

    /** The name used in logs and {@link History}. */
    String name();

    /** Adds one batch. */
    void update(Tensor predictions, Tensor targets);

    /** The score over everything added since the last reset. */
    double result();

    /** Starts over. */
    void reset();

    /**
     * The metric called {@code name} (or one of its aliases) in {@link MetricRegistry}.
     * {@code logits} says whether the outputs are logits (a one-unit output then passes 0 for class 1,
     * and probabilities are its sigmoid or softmax) or probabilities (class 1 above 0.5).
     *
     * @throws IllegalArgumentException for an unknown name, listing the metrics, or a metric that
     *     needs what {@code fit} does not know (adjusted R² needs the number of features)
     */
    static Metric named(String name, boolean logits) {
        MetricDefinition metric = MetricRegistry.get(name);
        if (metric.needs().contains(MetricInput.FEATURE_COUNT)) {
            throw new IllegalArgumentException("metric '" + name + "' needs the number of features, which fit and evaluate do not"
                    + " know; compile with 'r2' and compute adjusted R² afterwards with Regression.adjustedR2(yTrue, yPred, features)");
        }
        // Accuracy and the mean errors add up batch by batch; the rest need the whole epoch at once.
        return switch (metric.name()) {
            case "accuracy" -> new Accuracy(logits ? 0 : 0.5);
            case "mae" -> new MeanError(metric.name(), false);
            case "mse" -> new MeanError(metric.name(), true);
            default -> new EpochMetric(metric, logits);
        };
    }

    /**
     * The fraction of correct predictions: argmax against class indices or one-hot targets, or a
     * threshold on a single output for binary targets.
     */
    final class Accuracy implements Metric {
        private final double threshold;
        private long correct;
        private long total;

        Accuracy(double threshold) {
            this.threshold = threshold;
        }

        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public void update(Tensor predictions, Tensor targets) {
            try (var scope = GradMode.noGrad()) {
                int n = predictions.shape(0);
                int units = predictions.rank() == 1 ? 1 : predictions.size() / n;
                int[] predicted;
                int[] actual;
                if (units == 1) {
                    predicted = predictions.reshape(n).gt(threshold).toIntArray();
                    actual = targets.reshape(n).gt(0.5).toIntArray();
                } else {
                    predicted = predictions.reshape(n, units).argmax(1).toIntArray();
                    actual = targets.size() == n ? targets.reshape(n).toIntArray()
                            : targets.reshape(n, units).argmax(1).toIntArray();
                }
                for (int i = 0; i < n; i++) if (predicted[i] == actual[i]) correct++;
                total += n;
            }
        }

        @Override
        public double result() {
            return total == 0 ? Double.NaN : (double) correct / total;
        }

        @Override
        public void reset() {
            correct = 0;
            total = 0;
        }
    }

    /** Mean absolute or squared error over all elements. */
    final class MeanError implements Metric {
        private final String name;
        private final boolean squared;
        private double sum;
        private long count;

        MeanError(String name, boolean squared) {
            this.name = name;
            this.squared = squared;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void update(Tensor predictions, Tensor targets) {
            try (var scope = GradMode.noGrad()) {
                Tensor diff = predictions.sub(targets.asType(DType.FLOAT32).reshape(predictions.shape()));
                sum += (squared ? diff.square() : diff.abs()).sum().item();
                count += diff.size();
            }
        }

        @Override
        public double result() {
            return count == 0 ? Double.NaN : sum / count;
        }

        @Override
        public void reset() {
            sum = 0;
            count = 0;
        }
    }
}
