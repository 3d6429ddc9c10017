/** Scores of predictions, equal to scikit-learn's: classification, regression, curves, reports, and the one registry of metric names. */
module dev.fathom.metrics {
    requires transitive dev.fathom.tensor;

    exports dev.fathom.metrics;
}
