/** Scores of predictions, equal to scikit-learn's: classification, regression, curves, reports. */
module dev.fathom.metrics {
    requires transitive dev.fathom.tensor;

    exports dev.fathom.metrics;
}
