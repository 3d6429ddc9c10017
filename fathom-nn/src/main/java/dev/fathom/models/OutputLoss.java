package dev.fathom.models;

import dev.fathom.losses.Loss;

import java.util.List;

/**
 * What one output of a compiled model is trained and scored with: its loss, the weight of that
 * loss in the sum the optimizer drives down, and its metrics. A model of one output has one; a
 * multi-output {@link Functional} one per output, in the order of {@link Model#outputNames()}.
 *
 * <pre>{@code
 * new OutputLoss("class", new SparseCategoricalCrossentropy(true), 1.0, List.of("accuracy"))
 * }</pre>
 *
 * @param output  the output's name (the name of the layer that makes it)
 * @param loss    the loss of that output
 * @param weight  its weight in the total loss, finite and {@code >= 0}
 * @param metrics the metric names reported for it
 */
record OutputLoss(String output, Loss loss, double weight, List<String> metrics) {
    OutputLoss {
        metrics = List.copyOf(metrics);
    }

    /** The prefix of this output's keys in the logs: {@code "class_"}, or none for a model of one output. */
    String prefix(boolean several) {
        return several ? output + "_" : "";
    }
}
