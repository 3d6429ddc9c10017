package dev.fathom.onnx;

import com.google.protobuf.ByteString;
import dev.fathom.onnx.proto.OnnxProto.AttributeProto;
import dev.fathom.onnx.proto.OnnxProto.GraphProto;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.fathom.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.fathom.onnx.proto.OnnxProto.TensorProto;
import dev.fathom.onnx.proto.OnnxProto.TensorShapeProto;
import dev.fathom.onnx.proto.OnnxProto.TypeProto;
import dev.fathom.onnx.proto.OnnxProto.ValueInfoProto;
import dev.fathom.saving.ModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files Onnx.load refuses whole, each with one line naming the file and what is wrong. */
class OnnxRefusalTest {
    @TempDir
    Path dir;

    static ValueInfoProto value(String name, int... sample) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (int d : sample) s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    static NodeProto node(String op, String name, String in, String out) {
        return NodeProto.newBuilder().setOpType(op).setName(name).addInput(in).addOutput(out).build();
    }

    static ModelProto model(int opset, GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(8).addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(opset))
                .setGraph(graph).build();
    }

    /** x [batch, 4] -> Add(W) -> y, with the initializer W as given. */
    static ModelProto withWeight(TensorProto w) {
        return model(13, GraphProto.newBuilder().addInput(value("x", 4)).addOutput(value("y", 4)).addInitializer(w)
                .addNode(NodeProto.newBuilder().setOpType("Add").setName("add").addInput("x").addInput(w.getName()).addOutput("y")));
    }

    private String refusal(ModelProto m, String file) throws IOException {
        Path f = dir.resolve(file);
        Files.write(f, m.toByteArray());
        ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.load(f));
        assertTrue(e.getMessage().startsWith("cannot load ONNX file '" + f + "': "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void listsEveryUnsupportedOperatorWithNodesAndCounts() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 4)).addOutput(value("y", 4))
                .addNode(node("Relu", "relu", "x", "a"))
                .addNode(node("Hardmax", "hm1", "a", "b"))
                .addNode(node("Hardmax", "hm2", "b", "c"))
                .addNode(node("TopK", "top", "c", "d"))
                .addNode(NodeProto.newBuilder().setOpType("FusedGemm").setDomain("com.microsoft").setName("fused").addInput("d").addOutput("y"));
        String m = refusal(model(13, g), "unsupported.onnx");
        assertTrue(m.contains("3 operators Fathom does not import"), m);
        assertTrue(m.contains("Hardmax x2 (hm1, hm2)"), m);
        assertTrue(m.contains("TopK x1 (top)"), m);
        assertTrue(m.contains("com.microsoft.FusedGemm x1 (fused)"), m);
        assertTrue(!m.contains("Relu"), m);
    }

    @Test
    void aBidirectionalLstmWithOneDirectionsWeightsIsRefusedWithTheShapes() throws IOException {
        // x [batch, 3, 2] (layout 1), hidden 2: two directions need W [2, 8, 2], R [2, 8, 2]; the file holds one.
        TensorProto.Builder w = TensorProto.newBuilder().setName("W").setDataType(1).addDims(1).addDims(8).addDims(2);
        TensorProto.Builder r = TensorProto.newBuilder().setName("R").setDataType(1).addDims(1).addDims(8).addDims(2);
        for (int i = 0; i < 16; i++) {
            w.addFloatData(0.1f * i);
            r.addFloatData(-0.05f * i);
        }
        NodeProto lstm = NodeProto.newBuilder().setOpType("LSTM").setName("bilstm").addInput("x").addInput("W").addInput("R")
                .addOutput("y").addAttribute(AttributeProto.newBuilder().setName("direction")
                        .setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("bidirectional")))
                .addAttribute(AttributeProto.newBuilder().setName("layout")
                        .setType(AttributeProto.AttributeType.INT).setI(1))
                .addAttribute(AttributeProto.newBuilder().setName("hidden_size")
                        .setType(AttributeProto.AttributeType.INT).setI(2)).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 3, 2)).addOutput(value("y", 3, 2, 2))
                .addInitializer(w).addInitializer(r).addNode(lstm);
        String m = refusal(model(14, g), "bilstm.onnx");
        assertTrue(m.contains("bilstm") && m.contains("W [1, 8, 2]") && m.contains("for 2 direction(s)") && m.contains("[2, 4*2, 2]"), m);
    }

    @Test
    void refusesOpsetsOutside11To21() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 4)).addOutput(value("y", 4)).addNode(node("Relu", "r", "x", "y"));
        assertTrue(refusal(model(9, g), "old.onnx").contains("operator set 9; Fathom imports opsets 11 to 21"));
        assertTrue(refusal(model(22, g), "new.onnx").contains("operator set 22"));
    }

    @Test
    void refusesADeclaredTensorLargerThanItsBytesWithoutAllocatingIt() throws IOException {
        // 10^10 floats declared, 16 bytes held: refused from the dims, before any array is made.
        TensorProto huge = TensorProto.newBuilder().setName("W").setDataType(1).addDims(100000).addDims(100000)
                .setRawData(ByteString.copyFrom(new byte[16])).build();
        assertTrue(refusal(withWeight(huge), "huge.onnx").contains("tensor 'W' declares dims [100000, 100000]"));
        // 4 floats declared as [4] but 8 bytes of raw data.
        TensorProto shortRaw = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4)
                .setRawData(ByteString.copyFrom(new byte[8])).build();
        String m = refusal(withWeight(shortRaw), "short.onnx");
        assertTrue(m.contains("declares dims [4] (4 FLOAT elements, 16 bytes) but holds 8 bytes"), m);
        // Typed data: 3 values for 4 elements.
        TensorProto fewFloats = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4)
                .addAllFloatData(Arrays.asList(1f, 2f, 3f)).build();
        assertTrue(refusal(withWeight(fewFloats), "few.onnx").contains("holds 3 values"));
    }

    @Test
    void refusesMissingOrEscapingExternalData() throws IOException {
        TensorProto ext = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
        String m = refusal(withWeight(ext), "external.onnx");
        assertTrue(m.contains("external data 'weights.bin' of tensor 'W' is missing"), m);
        // Present but too short: 8 of the 16 bytes.
        Files.write(dir.resolve("weights.bin"), new byte[8]);
        assertTrue(refusal(withWeight(ext), "external.onnx").contains("which has 8 bytes"));
        TensorProto escaping = ext.toBuilder().setExternalData(0,
                StringStringEntryProto.newBuilder().setKey("location").setValue("../../etc/passwd")).build();
        assertTrue(refusal(withWeight(escaping), "escape.onnx").contains("outside the model's folder"));
    }

    @Test
    void readsExternalDataBesideTheModel() throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(99);   // 8 bytes before the tensor: the offset skips them
        for (float v : new float[] {1, 2, 3, 4}) b.putFloat(v);
        Files.write(dir.resolve("w.bin"), b.array());
        TensorProto ext = TensorProto.newBuilder().setName("W").setDataType(1).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("w.bin"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("8"))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("16")).build();
        Path f = dir.resolve("ok.onnx");
        Files.write(f, withWeight(ext).toByteArray());
        var y = Onnx.load(f).predict(dev.fathom.tensor.Tensor.of(new float[] {10, 20, 30, 40}, 1, 4));
        assertTrue(Arrays.equals(new double[] {11, 22, 33, 44}, y.toDoubleArray()), Arrays.toString(y.toDoubleArray()));
    }

    @Test
    void refusesAnOperatorThatMixesSamplesNamingTheNode() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 4)).addOutput(value("y", 4))
                .addNode(NodeProto.newBuilder().setOpType("ReduceSum").setName("sum_over_batch").addInput("x").addInput("axes")
                        .addOutput("y").addAttribute(AttributeProto.newBuilder().setName("keepdims")
                                .setType(AttributeProto.AttributeType.INT).setI(1)))
                .addInitializer(TensorProto.newBuilder().setName("axes").setDataType(7).addDims(1).addInt64Data(0));
        String m = refusal(model(13, g), "batch.onnx");
        assertTrue(m.contains("ReduceSum node 'sum_over_batch'") && m.contains("the batch axis"), m);
    }

    @Test
    void refusesAnOutputNoNodeMakes() throws IOException {
        // A fuzz finding: the output's name matched no node's, and the lookup escaped as an IllegalArgumentException.
        GraphProto.Builder g = GraphProto.newBuilder().addInput(value("x", 4)).addOutput(value("y", 4)).addNode(node("Relu", "r", "x", "z"));
        assertTrue(refusal(model(13, g), "orphan.onnx").contains("the output 'y' is made by no node"));
    }

    @Test
    void refusesAFixedSizeMissingOnASampleAxis() throws IOException {
        ValueInfoProto in = value("x", 4).toBuilder().setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(1).setShape(TensorShapeProto.newBuilder()
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("time"))))).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInput(in).addOutput(value("y", 4)).addNode(node("Relu", "r", "x", "y"));
        String m = refusal(model(13, g), "dynamic.onnx");
        assertTrue(m.contains("input 'x' has a size that is not fixed on axis 1 (time)"), m);
    }

    @Test
    void refusesARealNetworkCutShortAtEveryLength() throws IOException {
        byte[] whole = Files.readAllBytes(OnnxImportTest.fixture("mlp.onnx"));
        for (int cut : new int[] {1, 17, whole.length / 3, whole.length / 2, whole.length - 1}) {
            Path f = dir.resolve("cut" + cut + ".onnx");
            Files.write(f, Arrays.copyOf(whole, cut));
            ModelFileException e = assertThrows(ModelFileException.class, () -> Onnx.load(f), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cannot load ONNX file '" + f + "'"), e.getMessage());
        }
    }
}
