package dev.fathom.models;

import dev.fathom.layers.Layer;
import dev.fathom.layers.Weight;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a model says about itself: the Keras-style table of {@link Model#summary()} (layers, output
 * shapes, parameter counts, totals) and the one line of {@link Model#toString()}.
 *
 * <pre>{@code
 * System.out.println(model.summary());   // the table
 * System.out.println(model);             // Sequential(dense: Dense, dense_2: Dense; [batch, 4] -> [batch, 3], 83 parameters)
 * }</pre>
 */
final class ModelSummary {
    /** The most layers the one-line description lists; past it the middle ones are elided. */
    static final int LAYERS_SHOWN = 8;

    private ModelSummary() {}

    /** The table of a chain of layers (a built model): name and type, output shape, parameter count. */
    static String table(Model model) {
        boolean frozen = anyFrozen(model.layers());
        String rule = "─".repeat(frozen ? 83 : 72);
        String row = frozen ? "%-32s %-26s %12s  %s%n" : "%-32s %-26s %12s%s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Model: %s%n%s%n", model.getClass().getSimpleName(), rule));
        sb.append(String.format(row, "Layer (type)", "Output Shape", "Param #", frozen ? TRAINABLE : ""));
        sb.append(rule.replace('─', '═')).append('\n');
        for (Layer l : model.layers()) {
            sb.append(String.format(row, l.name() + " (" + l.typeName() + ")",
                    Layer.batchShape(l.outputShape()), String.format("%,d", l.parameterCount()),
                    frozen ? trainableMark(l) : ""));
        }
        return appendTotals(sb, model.layers(), rule).toString();
    }

    /** The header of the column that tables show once a layer is frozen, as Keras' {@code show_trainable}. */
    static final String TRAINABLE = "Trainable";

    /** Whether any layer is frozen: the tables then show which, in a {@value #TRAINABLE} column. */
    static boolean anyFrozen(List<Layer> layers) {
        for (Layer l : layers) if (!l.trainable()) return true;
        return false;
    }

    /** {@code Y} for a layer the optimizer updates, {@code N} for a frozen one, as Keras marks them. */
    static String trainableMark(Layer layer) {
        return layer.trainable() ? "Y" : "N";
    }

    /**
     * Ends a summary: {@code rule}, the total, trainable and non-trainable parameter counts of
     * {@code layers} (a frozen layer's weights count as non-trainable, as in Keras), and {@code rule} again.
     */
    static StringBuilder appendTotals(StringBuilder sb, List<Layer> layers, String rule) {
        long total = 0;
        long trainable = 0;
        for (Layer l : layers) {
            for (Weight w : l.weights()) total += w.value().size();
            trainable += l.trainableParameterCount();
        }
        sb.append(rule).append('\n');
        return sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n%s",
                total, trainable, total - trainable, rule));
    }

    /**
     * {@code Type(layers; shapes and parameters or "not built"; compile settings; epochs trained)},
     * the last two only when there are any. Never throws: a REPL prints models in every state.
     */
    static String oneLine(Model model) {
        Class<?> named = model.getClass();
        while (named.isAnonymousClass()) named = named.getSuperclass();   // new Sequential() {...} prints as Sequential
        String type = named.getSimpleName();
        try {
            return type + "(" + describe(model) + ")";
        } catch (RuntimeException e) {
            // A subclass whose layers() or shapes fail: say so rather than fail the print.
            return type + "(cannot describe itself: " + e + ")";
        }
    }

    private static String describe(Model model) {
        StringBuilder sb = new StringBuilder();
        List<Layer> layers = model.layers();
        if (layers.isEmpty()) sb.append("no layers");
        int head = layers.size() <= LAYERS_SHOWN ? layers.size() : LAYERS_SHOWN - 2;
        for (int i = 0; i < head; i++) sb.append(i == 0 ? "" : ", ").append(brief(layers.get(i)));
        if (head < layers.size()) {
            sb.append(", ... ").append(layers.size() - head - 1).append(" more, ").append(brief(layers.getLast()));
        }
        if (model.isBuilt()) {
            List<int[]> inputs = model.inputShapes();
            sb.append("; ").append(inputs.size() == 1 ? Layer.batchShape(inputs.getFirst())
                    : inputs.stream().map(Layer::batchShape).collect(Collectors.joining(", ", "(", ")")));
            List<int[]> outputs = model.outputShapes();
            sb.append(" -> ").append(outputs.size() == 1 ? Layer.batchShape(outputs.getFirst())
                    : outputs.stream().map(Layer::batchShape).collect(Collectors.joining(", ", "(", ")")));
            sb.append(String.format(", %,d parameters", model.parameterCount()));
        } else {
            sb.append("; not built");
        }
        if (model.optimizer() != null) {
            sb.append("; compiled with ").append(model.optimizer().name()).append(", ").append(model.compiledPerOutput()
                    ? model.losses().values().stream().map(l -> l.name()).collect(Collectors.joining(" + ")) : model.loss().name());
            if (!model.metricNames().isEmpty()) sb.append(", metrics ").append(model.metricNames());
        }
        int epochs = model.epochsCompleted();
        if (epochs > 0) sb.append("; ").append(epochs).append(epochs == 1 ? " epoch" : " epochs").append(" trained");
        return sb.toString();
    }

    /** {@code name: Type}, or just the type before the model names its layers (at build). */
    private static String brief(Layer layer) {
        return layer.name() == null ? layer.typeName() : layer.name() + ": " + layer.typeName();
    }
}
