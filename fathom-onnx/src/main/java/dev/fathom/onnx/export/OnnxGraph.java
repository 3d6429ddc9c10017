package dev.fathom.onnx.export;

import com.google.protobuf.ByteString;
import dev.fathom.onnx.proto.OnnxProto.AttributeProto;
import dev.fathom.onnx.proto.OnnxProto.GraphProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.onnx.proto.OnnxProto.TensorProto;
import dev.fathom.onnx.proto.OnnxProto.TensorShapeProto;
import dev.fathom.onnx.proto.OnnxProto.TypeProto;
import dev.fathom.onnx.proto.OnnxProto.ValueInfoProto;
import dev.fathom.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph under construction: nodes in the order they are added (each after what it reads,
 * as ONNX requires), initializers, inputs and outputs, with names made unique as they are handed
 * out. Nodes are named after the Fathom layer being exported ({@link #scope}), so an ONNX viewer
 * shows {@code dense_1/MatMul}. A weight used twice (a layer shared in a functional model) becomes
 * one initializer.
 */
final class OnnxGraph {
    /** The ai.onnx.ml domain of the preprocessing operators. */
    static final String ML = "ai.onnx.ml";
    /** The symbolic batch dimension of inputs and outputs. */
    static final String BATCH = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> taken = new HashMap<>();
    private final Map<Tensor, String> weights = new IdentityHashMap<>();
    private String scope = "";
    private boolean usesMl;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** Names the nodes added from now on after {@code layer} (a layer's name, or "preprocessing"). */
    void scope(String layer) {
        this.scope = layer == null ? "" : layer;
    }

    String scope() {
        return scope;
    }

    /** Whether a node of the ai.onnx.ml domain was added (the model must then import that domain). */
    boolean usesMl() {
        return usesMl;
    }

    /** A value name not used yet, made from {@code stem} (the current scope before it). */
    String fresh(String stem) {
        String base = scope.isEmpty() ? stem : scope + "/" + stem;
        return unique(base);
    }

    private String unique(String base) {
        Integer n = taken.get(base);
        if (n == null) {
            taken.put(base, 1);
            return base;
        }
        String name;
        do {
            name = base + "_" + n++;
        } while (taken.containsKey(name));
        taken.put(base, n);
        taken.put(name, 1);
        return name;
    }

    /** Reserves {@code name} exactly (a graph input or output); it must not be taken. */
    String reserve(String name) {
        if (taken.containsKey(name)) throw new IllegalStateException("ONNX value name '" + name + "' is used twice");
        taken.put(name, 1);
        return name;
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /** Adds a node of the default domain with one output and returns that output's name. */
    String op(String type, List<String> inputs, Map<String, Object> attributes) {
        return node("", type, inputs, 1, attributes).getFirst();
    }

    /** {@link #op(String, List, Map)} without attributes. */
    String op(String type, String... inputs) {
        return op(type, List.of(inputs), Map.of());
    }

    /** Adds an ai.onnx.ml node with one output. */
    String ml(String type, String input, Map<String, Object> attributes) {
        return node(ML, type, List.of(input), 1, attributes).getFirst();
    }

    /**
     * Adds a node and returns the names of its {@code outputs} outputs. An empty input name marks an
     * optional input left out.
     */
    List<String> node(String domain, String type, List<String> inputs, int outputs, Map<String, Object> attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(unique((scope.isEmpty() ? "" : scope + "/") + type + "#"));
        if (!domain.isEmpty()) {
            n.setDomain(domain);
            if (domain.equals(ML)) usesMl = true;
        }
        n.addAllInput(inputs);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            String name = fresh(type + (outputs > 1 ? "_" + i : ""));
            out.add(name);
            n.addOutput(name);
        }
        for (Map.Entry<String, Object> a : attributes.entrySet()) n.addAttribute(attribute(a.getKey(), a.getValue()));
        graph.addNode(n);
        return out;
    }

    /** Attributes in the order given: {@code attrs("axis", 1, "keepdims", 0)}. */
    static Map<String, Object> attrs(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Integer i -> a.setType(AttributeProto.AttributeType.INT).setI(i);
            case Long l -> a.setType(AttributeProto.AttributeType.INT).setI(l);
            case Float f -> a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
            case Double d -> a.setType(AttributeProto.AttributeType.FLOAT).setF(d.floatValue());
            case String s -> a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
            case int[] v -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (int x : v) a.addInts(x);
            }
            case long[] v -> {
                a.setType(AttributeProto.AttributeType.INTS);
                for (long x : v) a.addInts(x);
            }
            case float[] v -> {
                a.setType(AttributeProto.AttributeType.FLOATS);
                for (float x : v) a.addFloats(x);
            }
            case String[] v -> {
                a.setType(AttributeProto.AttributeType.STRINGS);
                for (String x : v) a.addStrings(ByteString.copyFromUtf8(x));
            }
            case TensorProto t -> a.setType(AttributeProto.AttributeType.TENSOR).setT(t);
            default -> throw new IllegalArgumentException("attribute " + name + ": unsupported value " + value);
        }
        return a.build();
    }

    // ---- initializers --------------------------------------------------------------------------

    /** A Fathom weight as a float32 initializer (one per tensor, however often it is used). */
    String weight(Tensor t, String stem) {
        String known = weights.get(t);
        if (known != null) return known;
        String name = floats(stem, t.toFloatArray(), toLongs(t.shape()));
        weights.put(t, name);
        return name;
    }

    /** A float32 initializer of the given shape. */
    String floats(String stem, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) b.putFloat(f);
        return initializer(stem, TensorProto.DataType.FLOAT_VALUE, ByteString.copyFrom(b.array()), dims);
    }

    /** A float32 initializer from doubles (rounded to float32). */
    String floats(String stem, double[] data, long... dims) {
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
        return floats(stem, f, dims);
    }

    /** A float64 initializer of the given shape (exact: for computations Fathom does in float64). */
    String doubles(String stem, double[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : data) b.putDouble(v);
        return initializer(stem, TensorProto.DataType.DOUBLE_VALUE, ByteString.copyFrom(b.array()), dims);
    }

    /** A float32 scalar constant. */
    String scalar(double value) {
        return floats("const", new float[] {(float) value});
    }

    /** An int64 initializer of the given shape ({@code dims} empty: a scalar). */
    String longs(String stem, long[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) b.putLong(v);
        return initializer(stem, TensorProto.DataType.INT64_VALUE, ByteString.copyFrom(b.array()), dims);
    }

    /** A 0-D int64 initializer: an index that Gather uses to drop the axis it picks from. */
    String longScalar(long value) {
        return longs("index", new long[] {value}, new long[0]);
    }

    /** A 1-D int64 initializer, for shapes, axes and indices. */
    String longs(long... data) {
        return longs("const", data, data.length);
    }

    /** Zeros {@code [N, ...trailing]} of float32, N being the batch size of {@code like}. */
    String zeros(String like, int... trailing) {
        String batch = op("Slice", shapeOf(like), longs(0), longs(1));
        String shape = op("Concat", List.of(batch, longs(toLongs(trailing))), attrs("axis", 0));
        TensorProto zero = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(1).addFloatData(0f).build();
        return op("ConstantOfShape", List.of(shape), attrs("value", zero));
    }

    private String shapeOf(String x) {
        return op("Shape", x);
    }

    /** A 1-D string initializer. */
    String strings(String stem, List<String> values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(fresh(stem)).setDataType(TensorProto.DataType.STRING_VALUE)
                .addDims(values.size());
        for (String s : values) t.addStringData(ByteString.copyFrom(s, StandardCharsets.UTF_8));
        graph.addInitializer(t);
        return t.getName();
    }

    private String initializer(String stem, int type, ByteString raw, long[] dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(fresh(stem)).setDataType(type).setRawData(raw);
        for (long d : dims) t.addDims(d);
        graph.addInitializer(t);
        return t.getName();
    }

    static long[] toLongs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i];
        return out;
    }

    // ---- inputs and outputs --------------------------------------------------------------------

    /** Declares a graph input {@code [N, ...perSample]} of the given element type. */
    void input(String name, int elemType, int[] perSample, String doc) {
        graph.addInput(valueInfo(name, elemType, perSample, doc));
    }

    /** Declares a graph output {@code [N, ...perSample]}. */
    void output(String name, int elemType, int[] perSample, String doc) {
        graph.addOutput(valueInfo(name, elemType, perSample, doc));
    }

    private static ValueInfoProto valueInfo(String name, int elemType, int[] perSample, String doc) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
        for (int d : perSample) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
                .build();
        ValueInfoProto.Builder v = ValueInfoProto.newBuilder().setName(name).setType(type);
        if (doc != null) v.setDocString(doc);
        return v.build();
    }

    /** Makes the value {@code from} available under the graph output name {@code name} (an Identity node). */
    void rename(String from, String name) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Identity").setName(unique(name + "/Identity#"))
                .addInput(from).addOutput(name);
        graph.addNode(n);
    }

    GraphProto build() {
        return graph.build();
    }
}
