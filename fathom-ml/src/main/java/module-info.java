/**
 * The scikit-learn-style toolkit on top of the networks: estimators, validation and search,
 * ensembles, diagnosis, forecasting and pipelines.
 */
module dev.fathom.ml {
    requires transitive dev.fathom.nn;
    // The CPU kernels of the estimators (LogisticLoss, the boosting histograms) vectorize as the engine does.
    requires jdk.incubator.vector;

    exports dev.fathom.estimators;
    exports dev.fathom.validation;
    exports dev.fathom.ensembles;
    exports dev.fathom.diagnosis;
    exports dev.fathom.forecast;
    exports dev.fathom.pipeline;
    exports dev.fathom.explain;
    exports dev.fathom.trees;

    // The estimators of the packages above dev.fathom.estimators, registered for loading saved trees by name.
    uses dev.fathom.estimators.EstimatorTypes;
    // Readers of other model formats (fathom-onnx's .onnx) behind Pipeline.load.
    uses dev.fathom.pipeline.PipelineReader;
    provides dev.fathom.estimators.EstimatorTypes
            with dev.fathom.ensembles.EnsembleEstimatorTypes, dev.fathom.validation.ValidationEstimatorTypes,
                    dev.fathom.trees.TreeEstimatorTypes;
}
