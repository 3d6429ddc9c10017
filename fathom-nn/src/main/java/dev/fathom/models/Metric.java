package dev.fathom.models;

import dev.fathom.autograd.GradMode;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

/**
 * A score accumulated over the batches of an epoch, reported by {@code fit} and {@code evaluate}
 * next to the loss. Created from Keras' names by {@link #named}: {@code accuracy}, {@code mae},
 * {@code mse}, and the whole-epoch scores of {@link dev.fathom.metrics}: {@code precision},
 * {@code recall}, {@code f1}, {@code balanced_accuracy}, {@code auc} (binary, or one-vs-rest
 * macro), {@code rmse}, {@code r2}, {@code mape}.
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
     * The metric called {@code name}. {@code logits} says whether a one-unit output is a logit
     * (threshold 0) or a probability (threshold 0.5) for binary accuracy.
     */
    static Metric named(String name, boolean logits) {
        return switch (name) {
            case "accuracy", "acc" -> new Accuracy(logits ? 0 : 0.5);
            case "mae", "mean_absolute_error" -> new MeanError("mae", false);
            case "mse", "mean_squared_error" -> new MeanError("mse", true);
            default -> {
                if (EpochMetric.NAMES.contains(name)) yield new EpochMetric(name, logits);
                throw new IllegalArgumentException("unknown metric '" + name + "'; choose accuracy, mae, mse or one of "
                        + EpochMetric.NAMES);
            }
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
