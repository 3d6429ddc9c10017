package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;

import java.util.List;

/**
 * What a model says about itself: the Keras-style table of {@link Model#summary()} (layers, output
 * shapes, parameter counts, totals).
 *
 * <pre>{@code
 * System.out.println(model.summary());
 * }</pre>
 */
final class ModelSummary {
    private ModelSummary() {}

    /** The table of a chain of layers (a built model): name and type, output shape, parameter count. */
    static String table(Model model) {
        String rule = "─".repeat(72);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Model: %s%n%s%n", model.getClass().getSimpleName(), rule));
        sb.append(String.format("%-32s %-26s %12s%n", "Layer (type)", "Output Shape", "Param #"));
        sb.append(rule.replace('─', '═')).append('\n');
        for (Layer l : model.layers()) {
            sb.append(String.format("%-32s %-26s %12s%n", l.name() + " (" + l.typeName() + ")",
                    Layer.batchShape(l.outputShape()), String.format("%,d", l.parameterCount())));
        }
        return appendTotals(sb, model.layers(), rule).toString();
    }

    /**
     * Ends a summary: {@code rule}, the total, trainable and non-trainable parameter counts of
     * {@code layers}, and {@code rule} again.
     */
    static StringBuilder appendTotals(StringBuilder sb, List<Layer> layers, String rule) {
        long total = 0;
        long trainable = 0;
        for (Layer l : layers) {
            for (Weight w : l.weights()) {
                total += w.value().size();
                if (w.trainable()) trainable += w.value().size();
            }
        }
        sb.append(rule).append('\n');
        return sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n%s",
                total, trainable, total - trainable, rule));
    }
}
