package dev.fathom.losses;

import dev.fathom.saving.ConfigMap;

import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training objective: one scalar per batch that the optimizer drives down, composed from tensor
 * ops so autodiff gives its gradient.
 *
 * <p>Every loss averages over the batch (Keras' {@code sum_over_batch_size} reduction); the
 * elementwise ones ({@link MeanSquaredError}, {@link MeanAbsoluteError}, {@link Huber},
 * {@link BinaryCrossentropy}) average over the elements of each sample too.
 *
 * <p><b>Shapes.</b> {@link #compute} takes batches: predictions {@code [batch, ...]} and targets
 * {@code [batch, ...]} with the same batch size. The checks ({@link #checkShapes},
 * {@link #checkOutput}) take per-sample shapes, <em>without</em> the batch axis, as
 * {@code Layer.build} does, so a model can call them when it is compiled, before any data flows.
 * Error messages print those shapes with the batch axis, e.g. {@code [batch, 10]}.
 *
 * <p><b>Memory.</b> {@code fit} closes every tensor made during a training step once the step is
 * done (its memory serves the next step), and {@code evaluate} those made for each batch. Make a
 * constant the loss keeps in its constructor, not in {@code compute}; or create it inside
 * {@code try (Temporaries t = Temporaries.open()) { ...; t.keep(); }}.
 *
 * <pre>{@code
 * Loss loss = new SparseCategoricalCrossentropy(true);          // raw logits in, class indices as targets
 * loss.checkOutput(new int[] {10}, "linear");                   // at compile time
 * Tensor value = loss.compute(logits, labels);                  // logits [64, 10], labels [64] -> scalar
 * value.backward();
 * }</pre>
 */
public interface Loss {

    /**
     * The mean loss of a batch, as a scalar tensor that records its graph.
     *
     * @param predictions the model's output, {@code [batch, ...]}
     * @param targets     what it should have output, {@code [batch, ...]} (the form each loss documents)
     * @throws dev.fathom.tensor.ShapeException (an {@link IllegalArgumentException}) when the shapes do
     *     not fit, naming this loss, both shapes and the fix
     */
    Tensor compute(Tensor predictions, Tensor targets);

    /** The class name users write, e.g. {@code "SparseCategoricalCrossentropy"}: shown in logs and saved models. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The hyperparameters that recreate this loss through {@link #fromConfig}, e.g. {@code {fromLogits=true}}. */
    default Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    /** Whether the loss expects raw scores (logits) rather than probabilities; false for regression losses. */
    default boolean fromLogits() {
        return false;
    }

    /**
     * Checks that targets of one per-sample shape fit predictions of another, before any data flows.
     * Shapes are per sample, without the batch axis: {@code [10]} means {@code [batch, 10]}, and
     * {@code []} means {@code [batch]}.
     *
     * <pre>{@code
     * new SparseCategoricalCrossentropy(true).checkShapes(new int[] {10}, new int[] {10});
     * // SparseCategoricalCrossentropy: targets look one-hot ([batch, 10]); use CategoricalCrossentropy, or pass class indices [batch] ...
     * }</pre>
     *
     * @throws dev.fathom.tensor.ShapeException (an {@link IllegalArgumentException}) naming this loss,
     *     both shapes and the fix
     */
    void checkShapes(int[] predictionShape, int[] targetShape);

    /**
     * Checks the model's output against what this loss expects, when the model is compiled and no
     * target has been seen yet: the number of output units (per-sample shape, no batch axis) and the
     * last layer's activation by its Keras name ({@code "softmax"}, {@code "sigmoid"},
     * {@code "linear"} for none; null when unknown, which skips the activation check). For example
     * {@code SparseCategoricalCrossentropy(true)} refuses a softmax output (it wants raw logits) and a
     * single output unit.
     *
     * <pre>{@code
     * new SparseCategoricalCrossentropy(true).checkOutput(new int[] {10}, "softmax");
     * // SparseCategoricalCrossentropy: expects raw logits (fromLogits=true) but the last layer applies softmax; ...
     * }</pre>
     *
     * @throws IllegalArgumentException naming this loss, what it found, what it needs and the fix
     */
    default void checkOutput(int[] predictionShape, String activation) {}

    /**
     * The loss a name and configuration describe: a class name and {@link #config()} as saved, or a
     * Keras string ({@code "mse"}, {@code "mae"}, {@code "huber"}, {@code "binary_crossentropy"},
     * {@code "categorical_crossentropy"}, {@code "sparse_categorical_crossentropy"}) with an empty
     * or partial configuration (missing values take the defaults).
     *
     * <pre>{@code
     * Loss loss = Loss.fromConfig("SparseCategoricalCrossentropy", Map.of("fromLogits", true));
     * }</pre>
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static Loss fromConfig(String name, Map<String, ?> config) {
        // Typed reads: a "fromLogits" of "yes" or a "delta" of "big" is refused, not taken as the default.
        @SuppressWarnings("unchecked")
        ConfigMap c = new ConfigMap(name, (Map<String, ?>) config);
        boolean logits = c.bool("fromLogits", false);
        return switch (name) {
            case "MeanSquaredError", "mse", "mean_squared_error" -> new MeanSquaredError();
            case "MeanAbsoluteError", "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "Huber", "huber" -> new Huber(c.number("delta", 1.0));
            case "BinaryCrossentropy", "binary_crossentropy" -> new BinaryCrossentropy(logits);
            case "CategoricalCrossentropy", "categorical_crossentropy" -> new CategoricalCrossentropy(logits);
            case "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(logits);
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; choose MeanSquaredError (mse),"
                    + " MeanAbsoluteError (mae), Huber, BinaryCrossentropy, CategoricalCrossentropy or"
                    + " SparseCategoricalCrossentropy (or their Keras names such as sparse_categorical_crossentropy)");
        };
    }
}
