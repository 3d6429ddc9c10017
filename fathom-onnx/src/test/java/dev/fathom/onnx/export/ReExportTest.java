package dev.fathom.onnx.export;

import dev.fathom.models.Functional;
import dev.fathom.onnx.Onnx;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * ONNX → Fathom → ONNX: networks exported by PyTorch (the import's committed fixtures), read with
 * {@code Onnx.load} and exported again, run in ONNX Runtime to Fathom's predictions of the
 * imported model within 1e-5 of the largest output: imported convolutions with groups and
 * dilations, pools with pads and ceil mode, activations and constant operands are written back.
 */
class ReExportTest {
    @TestFactory
    Stream<DynamicTest> importedNetworksExportAgain() {
        return Stream.of("mlp.onnx", "conv_depthwise.onnx", "conv_dilation_groups.onnx",
                "conv_pads_strides.onnx", "conv_same_upper.onnx", "maxpool_ceil_pads.onnx", "avgpool_exclude_pad.onnx",
                "batchnorm.onnx", "gemm_alpha_beta.onnx").map(f -> DynamicTest.dynamicTest(f, () -> reExport(f)));
    }

    private static void reExport(String fixture) throws Exception {
        Functional model = Onnx.load(Path.of(ReExportTest.class.getResource("/onnx/" + fixture).toURI()));
        int[] perSample = model.inputShape();
        int[] shape = new int[perSample.length + 1];
        shape[0] = 3;
        System.arraycopy(perSample, 0, shape, 1, perSample.length);
        Tensor x = Tensor.rand(new Generator(5), shape).mul(4).sub(2);
        Tensor expected = model.predict(x);
        var proto = OnnxExport.model(model);
        float[] actual = (float[]) new OrtRun().floats(proto.getGraph().getInput(0).getName(), x).run(proto).get(OnnxExport.OUTPUT);
        OrtRun.assertClose(expected, actual, fixture + " exported again");
    }
}
