/**
 * Neural networks: layers, losses, optimizers, and the models that hold them, with their training
 * ({@code fit}, {@code evaluate}, {@code predict}) and their file.
 */
module dev.fathom.nn {
    requires transitive dev.fathom.tensor;
    requires transitive dev.fathom.saving;
    requires transitive dev.fathom.data;
    requires transitive dev.fathom.metrics;

    exports dev.fathom.layers;
    exports dev.fathom.losses;
    exports dev.fathom.optimizers;
    exports dev.fathom.models;

    // Layer types of the modules above (fathom-onnx's operators), registered for loading saved models by name.
    uses dev.fathom.layers.LayerTypes;
    // Network files of other formats (fathom-onnx's .onnx) behind Model.load.
    uses dev.fathom.models.ModelReader;
}
