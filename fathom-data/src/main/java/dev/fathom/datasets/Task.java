package dev.fathom.datasets;

import java.util.Locale;

/**
 * What a tabular data set's target asks a model to do, which decides the labels' type and the
 * metrics its {@link ReferenceScore}s use.
 *
 * <pre>{@code
 * TabularDataset iris = Datasets.load("iris");
 * if (iris.task() == Task.CLASSIFICATION) {
 *     Tensor y = iris.labels();          // int32 [150], class indices
 * }
 * }</pre>
 */
public enum Task {
    /** Predict one of a fixed set of classes; labels are int32 class indices into the class names. */
    CLASSIFICATION,
    /** Predict a number from the features of the same row; labels are float32. */
    REGRESSION,
    /**
     * Predict the next values of a series from its past values; the rows are in time order, the
     * features hold the time (e.g. the year) and the labels (float32) are the series.
     */
    FORECASTING;

    /** The lower-case name used in messages: "classification", "regression", "forecasting". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
