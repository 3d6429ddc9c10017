/**
 * ONNX both ways: {@link dev.fathom.onnx.Onnx} reads an ONNX file into a trainable Fathom model
 * and writes Fathom models and pipelines as ONNX files. An optional integration, not part of
 * {@code fathom-core}.
 */
module dev.fathom.onnx {
    requires transitive dev.fathom.nn;
    requires transitive dev.fathom.ml;
    requires com.google.protobuf;

    exports dev.fathom.onnx;
    exports dev.fathom.onnx.layers;

    // The layers ONNX operators import into, registered for loading saved models by name.
    provides dev.fathom.layers.LayerTypes with dev.fathom.onnx.layers.OnnxLayerTypes;
    // .onnx files behind Pipeline.load, so fathom predict, evaluate and serve take them.
    provides dev.fathom.pipeline.PipelineReader with dev.fathom.onnx.OnnxPipelineReader;
    // .onnx files behind Model.load, so fathom train --base takes them.
    provides dev.fathom.models.ModelReader with dev.fathom.onnx.OnnxModelReader;
    // The generated ONNX messages stay internal; protobuf reads their accessors reflectively.
    opens dev.fathom.onnx.proto to com.google.protobuf;
}
