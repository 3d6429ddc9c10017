package dev.fathom.onnx;

import dev.fathom.autograd.GradMode;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.layers.GRU;
import dev.fathom.layers.LSTM;
import dev.fathom.layers.Layer;
import dev.fathom.layers.Reshape;
import dev.fathom.layers.Weight;
import dev.fathom.models.Functional;
import dev.fathom.models.Input;
import dev.fathom.models.SymbolicTensor;
import dev.fathom.onnx.layers.OnnxBinary;
import dev.fathom.onnx.layers.OnnxConstBinary;
import dev.fathom.onnx.layers.OnnxConv;
import dev.fathom.onnx.layers.OnnxConvTranspose;
import dev.fathom.onnx.layers.OnnxLayerNormalization;
import dev.fathom.onnx.layers.OnnxPool;
import dev.fathom.onnx.layers.OnnxReduce;
import dev.fathom.onnx.layers.OnnxSoftmax;
import dev.fathom.onnx.layers.OnnxUnary;
import dev.fathom.onnx.proto.OnnxProto.GraphProto;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.onnx.proto.OnnxProto.NodeProto;
import dev.fathom.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.fathom.onnx.proto.OnnxProto.TensorProto;
import dev.fathom.onnx.proto.OnnxProto.TensorShapeProto;
import dev.fathom.onnx.proto.OnnxProto.ValueInfoProto;
import dev.fathom.saving.ModelFileException;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed ONNX model into a Fathom {@link Functional} model, one layer per operator that
 * computes on the batch, with the initializers as the layers' weights.
 *
 * <p>Every value of the graph is either a {@link Const} (initializers, {@code Constant}s, and all
 * that is computed from them and from shapes alone, folded here) or a tensor the model computes,
 * {@link Dyn}: a symbolic tensor of the Functional model plus the position of the batch axis in the
 * ONNX tensor. Fathom keeps the batch first, so the Fathom tensor is the ONNX one with its batch
 * axis moved to the front; a {@code Transpose} that only moves the batch (as around an LSTM, whose
 * ONNX input is time-major) is then no layer at all, and each operator's axes are translated. An
 * operator that would mix samples (reduce, slice or join along the batch) is refused.
 *
 * <p>Nothing runs before the whole graph is converted: unsupported operators are listed up front,
 * and any node that cannot be imported stops the import with its name.
 */
final class OnnxImporter {
    static final int MIN_OPSET = 11;
    static final int MAX_OPSET = 21;
    /**
     * The most values one sample of an input may declare (16 Mi, a 3 × 2048 × 2048 image): layers
     * make per-sample tables when built (pooling divisors, padding indices), so a hostile shape must
     * not make them huge.
     */
    static final long MAX_SAMPLE = 1 << 24;

    /** The operators of the default domain the importer converts. */
    static final Set<String> SUPPORTED = Set.of("Abs", "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat",
            "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Div", "Dropout", "Elu", "Equal", "Erf", "Exp", "Expand",
            "Flatten", "GRU", "Gather", "Gelu", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid", "HardSwish",
            "Identity", "LSTM", "LayerNormalization", "LeakyRelu", "Log", "LogSoftmax", "MatMul", "Max", "MaxPool", "Min", "Mul",
            "Neg", "Pad", "Pow", "Reciprocal", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceSum", "Relu", "Reshape", "Shape",
            "Sigmoid", "Slice", "Softmax", "Softplus", "Sqrt", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze", "Where");

    /** A value the model computes: its symbolic tensor and where the batch axis is in the ONNX tensor. */
    record Dyn(SymbolicTensor t, int batchAxis) {
        int rank() {
            return t.shape().length + 1;
        }

        /** The ONNX shape, with -1 for the batch. */
        int[] onnxShape() {
            int[] s = new int[rank()];
            int[] sample = t.shape();
            for (int i = 0, k = 0; i < s.length; i++) s[i] = i == batchAxis ? -1 : sample[k++];
            return s;
        }
    }

    /** A tensor of the batch's size filled with one value (ConstantOfShape of a shape with the batch in it). */
    record BatchFill(double value) {
    }

    private final ModelProto model;
    private final Path path;
    final int opset;
    final Map<String, Object> values = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Set<String> layerNames = new HashSet<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final List<Input> inputs = new ArrayList<>();
    /** The static batch size declared by the first input, or -1: a Reshape to it keeps the batch. */
    int declaredBatch = -1;

    private final MovementOps movement = new MovementOps(this);
    private final RecurrentOps recurrent = new RecurrentOps(this);

    private OnnxImporter(ModelProto model, Path path, int opset) {
        this.model = model;
        this.path = path;
        this.opset = opset;
    }

    static Functional importModel(ModelProto model, Path path) {
        int opset = checkOpset(model, path);
        checkOperators(model.getGraph(), path);
        OnnxImporter importer = new OnnxImporter(model, path, opset);
        // Every check along the way names its node; what is left (a bad input shape) is one line naming the file.
        return ModelFileException.whileLoading("cannot load ONNX file '" + path + "'", importer::run);
    }

    private static int checkOpset(ModelProto model, Path path) {
        int opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) opset = (int) o.getVersion();
        }
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw OnnxTensors.bad(path, (opset < 0 ? "it imports no standard operator set" : "it uses operator set " + opset)
                    + "; Fathom imports opsets " + MIN_OPSET + " to " + MAX_OPSET + " (re-export with torch.onnx.export(...,"
                    + " opset_version=17) or convert with onnx.version_converter)");
        }
        return opset;
    }

    /** Refuses the model when any operator is not supported, listing them all with their nodes and counts. */
    private static void checkOperators(GraphProto graph, Path path) {
        Map<String, List<String>> unsupported = new LinkedHashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            boolean standard = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
            if (standard && SUPPORTED.contains(n.getOpType())) continue;
            String op = standard ? n.getOpType() : n.getDomain() + "." + n.getOpType();
            unsupported.computeIfAbsent(op, k -> new ArrayList<>()).add(n.getName().isEmpty() ? "(unnamed)" : n.getName());
        }
        if (unsupported.isEmpty()) return;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : unsupported.entrySet()) {
            List<String> names = e.getValue();
            String shown = String.join(", ", names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", ..." : "");
            parts.add(e.getKey() + " x" + names.size() + " (" + shown + ")");
        }
        throw OnnxTensors.bad(path, "it uses " + unsupported.size() + " operator" + (unsupported.size() == 1 ? "" : "s")
                + " Fathom does not import: " + String.join("; ", parts) + "; docs/onnx.md lists the supported operators");
    }

    private Functional run() {
        GraphProto g = model.getGraph();
        for (TensorProto t : g.getInitializerList()) initializers.put(t.getName(), t);
        for (NodeProto n : g.getNodeList()) for (String in : n.getInputList()) consumers.merge(in, 1, Integer::sum);
        for (ValueInfoProto out : g.getOutputList()) consumers.merge(out.getName(), 1, Integer::sum);
        for (ValueInfoProto in : g.getInputList()) {
            if (initializers.containsKey(in.getName())) continue;
            Input input = input(in);
            inputs.add(input);
            values.put(in.getName(), new Dyn(input, 0));
        }
        if (inputs.isEmpty()) throw OnnxTensors.bad(path, "the graph has no input besides its initializers");
        for (NodeProto n : g.getNodeList()) {
            OnnxNode node = new OnnxNode(n);
            try {
                convert(node);
            } catch (ModelFileException e) {
                throw e;
            } catch (RuntimeException e) {
                throw OnnxTensors.bad(path, node.label() + ": " + e.getMessage());
            }
        }
        if (g.getOutputCount() != 1) {
            throw OnnxTensors.bad(path, "the graph has " + g.getOutputCount() + " outputs " + g.getOutputList().stream()
                    .map(ValueInfoProto::getName).toList() + "; a Fathom model has one (cut the graph to the output you need,"
                    + " e.g. with onnx.utils.extract_model)");
        }
        String outName = g.getOutput(0).getName();
        Object out;
        try {
            out = value(outName);
        } catch (IllegalArgumentException e) {
            throw OnnxTensors.bad(path, "the output '" + outName + "' is made by no node, input or initializer of the graph");
        }
        if (!(out instanceof Dyn d) || d.t() instanceof Input) {
            throw OnnxTensors.bad(path, "the output '" + outName + "' is " + (out instanceof Dyn ? "the input itself" : "a constant")
                    + "; there is no network to import");
        }
        if (d.batchAxis() != 0) {
            throw OnnxTensors.bad(path, "the output '" + outName + "' has its batch on axis " + d.batchAxis()
                    + "; Fathom models put the batch first (add a Transpose to the exported model)");
        }
        try {
            return new Functional(inputs, d.t());
        } catch (RuntimeException e) {
            throw OnnxTensors.bad(path, e.getMessage());
        }
    }

    private Input input(ValueInfoProto in) {
        if (!in.getType().hasTensorType()) throw OnnxTensors.bad(path, "input '" + in.getName() + "' is not a tensor");
        int elem = in.getType().getTensorType().getElemType();
        if (elem != 1 && elem != 10 && elem != 11) {
            throw OnnxTensors.bad(path, "input '" + in.getName() + "' holds " + OnnxTensors.typeName(elem)
                    + "; Fathom imports models whose inputs are floating-point tensors");
        }
        TensorShapeProto shape = in.getType().getTensorType().getShape();
        if (shape.getDimCount() == 0) throw OnnxTensors.bad(path, "input '" + in.getName() + "' has no batch axis (no shape)");
        int[] sample = new int[shape.getDimCount() - 1];
        long elements = 1;
        for (int i = 1; i < shape.getDimCount(); i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            if (d.hasDimValue() && (d.getDimValue() > MAX_SAMPLE || (elements *= d.getDimValue()) > MAX_SAMPLE)) {
                throw OnnxTensors.bad(path, "input '" + in.getName() + "' declares samples of more than " + MAX_SAMPLE
                        + " values (axis " + i + " is " + d.getDimValue() + "); Fathom imports networks of smaller inputs");
            }
            if (!d.hasDimValue() || d.getDimValue() < 1) {
                throw OnnxTensors.bad(path, "input '" + in.getName() + "' has a size that is not fixed on axis " + i + " ("
                        + (d.hasDimParam() ? d.getDimParam() : "unknown") + "); Fathom needs fixed sizes except the batch (axis 0):"
                        + " export with a fixed-size example input and dynamic_axes only for the batch");
            }
            sample[i - 1] = (int) d.getDimValue();
        }
        if (declaredBatch < 0 && shape.getDim(0).hasDimValue()) declaredBatch = (int) shape.getDim(0).getDimValue();
        return Input.of(sample).name(uniqueName(in.getName()));
    }

    // ---- values --------------------------------------------------------------------------------

    Object value(String name) {
        Object v = values.get(name);
        if (v != null) return v;
        TensorProto t = initializers.get(name);
        if (t != null) {
            Const c = OnnxTensors.decode(t, path, true);
            values.put(name, c);
            return c;
        }
        throw new IllegalArgumentException("reads '" + name + "', which no input, initializer or earlier node makes"
                + " (the nodes must be in topological order)");
    }

    Object in(OnnxNode n, int i) {
        String name = n.input(i);
        return name == null ? null : value(name);
    }

    Dyn dyn(OnnxNode n, int i) {
        Object v = in(n, i);
        if (v instanceof Dyn d) return d;
        throw new IllegalArgumentException("input " + i + " ('" + n.input(i) + "') must be computed from the model's input,"
                + " but it is " + (v == null ? "missing" : "a constant"));
    }

    Const cst(OnnxNode n, int i) {
        Object v = in(n, i);
        if (v instanceof Const c) return c;
        throw new IllegalArgumentException("input " + i + " ('" + n.input(i) + "') must be a constant (an initializer or a"
                + " computation on shapes), but it is " + (v == null ? "missing" : "computed from the batch"));
    }

    Const optionalCst(OnnxNode n, int i) {
        return n.input(i) == null ? null : cst(n, i);
    }

    void put(OnnxNode n, Object v) {
        values.put(n.proto.getOutput(0), v);
    }

    boolean used(OnnxNode n, int output) {
        return output < n.proto.getOutputCount() && !n.proto.getOutput(output).isEmpty()
                && consumers.containsKey(n.proto.getOutput(output));
    }

    private String uniqueName(String raw) {
        String base = raw.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceAll("^[_.-]+", "").replaceAll("[_.-]+$", "");
        if (base.isEmpty()) base = "node";
        String name = base;
        for (int k = 1; !layerNames.add(name); k++) name = base + "_" + k;
        return name;
    }

    /** Applies {@code layer} (named after the node) to the inputs and returns the result. */
    SymbolicTensor apply(OnnxNode n, Layer layer, Dyn... from) {
        String raw = n.proto.getName().isEmpty() ? n.proto.getOutput(0) : n.proto.getName();
        layer.name(uniqueName(raw));
        SymbolicTensor[] ts = new SymbolicTensor[from.length];
        for (int i = 0; i < from.length; i++) ts[i] = from[i].t();
        return SymbolicTensor.apply(layer, ts);
    }

    /** Sets a weight of a built layer to imported values. */
    static void setWeight(Layer layer, String weight, float[] data) {
        for (Weight w : layer.weights()) {
            if (!w.name().equals(weight)) continue;
            if (w.value().size() != data.length) {
                throw new IllegalArgumentException("weight " + weight + " of " + layer.name() + " needs " + w.value().size()
                        + " values, got " + data.length);
            }
            try (var scope = GradMode.noGrad()) {
                w.value().assign(Tensor.of(data, w.value().shape()));
            }
            return;
        }
        throw new IllegalStateException(layer.name() + " has no weight " + weight);
    }

    /** ONNX axis {@code a} (maybe negative) of a rank-{@code rank} value normalized to [0, rank). */
    static int axis(long a, int rank) {
        long r = a < 0 ? a + rank : a;
        if (r < 0 || r >= rank) throw new IllegalArgumentException("axis " + a + " is outside a tensor of rank " + rank);
        return (int) r;
    }

    /** The Fathom axis (batch first) of ONNX axis {@code a} of {@code d}; refuses the batch axis. */
    static int fathomAxis(Dyn d, long a, String what) {
        int x = axis(a, d.rank());
        if (x == d.batchAxis()) {
            throw new IllegalArgumentException(what + " along axis " + a + ", the batch axis, would mix samples; Fathom"
                    + " imports operators that treat each sample alone");
        }
        return x < d.batchAxis() ? x + 1 : x;
    }

    static int[] toInts(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.toIntExact(v[i]);
        return r;
    }

    /** The ONNX shape of a value without its batch axis (the Fathom sample shape). */
    static int[] sample(Dyn d) {
        return d.t().shape();
    }

    // ---- the operators -------------------------------------------------------------------------

    private void convert(OnnxNode n) {
        String op = n.op();
        switch (op) {
            case "Constant" -> put(n, constant(n));
            case "Identity" -> put(n, in(n, 0));
            case "Shape" -> put(n, shape(n));
            case "Cast" -> cast(n);
            case "ConstantOfShape" -> constantOfShape(n);
            case "Conv" -> conv(n);
            case "ConvTranspose" -> convTranspose(n);
            case "Gemm" -> gemm(n);
            case "MatMul" -> binary(n, "matmul");
            case "Add" -> binary(n, "add");
            case "Sub" -> binary(n, "sub");
            case "Mul" -> binary(n, "mul");
            case "Div" -> binary(n, "div");
            case "Pow" -> binary(n, "pow");
            case "Max" -> binary(n, "max");
            case "Min" -> binary(n, "min");
            case "Equal" -> put(n, ConstantFolding.binary("Equal", cst(n, 0), cst(n, 1)));
            case "Where" -> put(n, ConstantFolding.where(cst(n, 0), cst(n, 1), cst(n, 2)));
            case "Expand" -> put(n, ConstantFolding.expand(cst(n, 0), toInts(cst(n, 1).longs("Expand's shape"))));
            case "Relu" -> unary(n, new OnnxUnary("relu"));
            case "LeakyRelu" -> unary(n, new OnnxUnary("leaky_relu", n.f("alpha", 0.01), Double.NaN));
            case "Sigmoid" -> unary(n, new OnnxUnary("sigmoid"));
            case "Tanh" -> unary(n, new OnnxUnary("tanh"));
            case "Gelu" -> unary(n, new OnnxUnary(n.s("approximate", "none").equals("tanh") ? "gelu_tanh" : "gelu"));
            case "HardSwish" -> unary(n, new OnnxUnary("hard_swish"));
            case "HardSigmoid" -> unary(n, new OnnxUnary("hard_sigmoid", n.f("alpha", 0.2), n.f("beta", 0.5)));
            case "Elu" -> unary(n, new OnnxUnary("elu", n.f("alpha", 1.0), Double.NaN));
            case "Softplus" -> unary(n, new OnnxUnary("softplus"));
            case "Sqrt" -> unary(n, new OnnxUnary("sqrt"));
            case "Exp" -> unary(n, new OnnxUnary("exp"));
            case "Log" -> unary(n, new OnnxUnary("log"));
            case "Neg" -> unary(n, new OnnxUnary("neg"));
            case "Abs" -> unary(n, new OnnxUnary("abs"));
            case "Reciprocal" -> unary(n, new OnnxUnary("reciprocal"));
            case "Erf" -> unary(n, new OnnxUnary("erf"));
            case "Clip" -> clip(n);
            case "Softmax" -> softmax(n, false);
            case "LogSoftmax" -> softmax(n, true);
            case "MaxPool" -> pool(n, true);
            case "AveragePool" -> pool(n, false);
            case "GlobalAveragePool" -> globalPool(n, "mean");
            case "GlobalMaxPool" -> globalPool(n, "max");
            case "BatchNormalization" -> batchNorm(n);
            case "LayerNormalization" -> layerNorm(n);
            case "Dropout" -> dropout(n);
            case "Flatten" -> movement.flatten(n);
            case "Reshape" -> movement.reshape(n);
            case "Transpose" -> movement.transpose(n);
            case "Concat" -> movement.concat(n);
            case "Squeeze" -> movement.squeeze(n);
            case "Unsqueeze" -> movement.unsqueeze(n);
            case "Gather" -> movement.gather(n);
            case "Slice" -> movement.slice(n);
            case "Pad" -> movement.pad(n);
            case "ReduceMean" -> movement.reduce(n, "mean", 18);
            case "ReduceSum" -> movement.reduce(n, "sum", 13);
            case "ReduceMax" -> movement.reduce(n, "max", 18);
            case "ReduceMin" -> movement.reduce(n, "min", 18);
            case "LSTM" -> recurrent.convert(n, true);
            case "GRU" -> recurrent.convert(n, false);
            default -> throw new IllegalStateException("no conversion for " + op);
        }
    }

    private Const constant(OnnxNode n) {
        if (n.has("value")) return OnnxTensors.decode(n.attribute("value").getT(), path, false);
        if (n.has("value_float")) return Const.ofFloats(new int[0], new float[] {(float) n.f("value_float", 0)}, false);
        if (n.has("value_floats")) {
            float[] f = n.floats("value_floats");
            return Const.ofFloats(new int[] {f.length}, f, false);
        }
        if (n.has("value_int")) return Const.ofInts(new int[0], new double[] {n.i("value_int", 0)});
        if (n.has("value_ints")) {
            long[] v = n.ints("value_ints", new long[0]);
            return Const.ofInts(new int[] {v.length}, Arrays.stream(v).asDoubleStream().toArray());
        }
        throw new IllegalArgumentException("has no value Fathom reads (value, value_float(s), value_int(s))");
    }

    private Const shape(OnnxNode n) {
        Object v = in(n, 0);
        double[] dims;
        if (v instanceof Dyn d) {
            int[] s = d.onnxShape();
            dims = new double[s.length];
            for (int i = 0; i < s.length; i++) dims[i] = i == d.batchAxis() ? Double.NaN : s[i];
        } else {
            int[] s = ((Const) v).shape();
            dims = Arrays.stream(s).asDoubleStream().toArray();
        }
        int r = dims.length;
        int start = (int) n.i("start", 0);
        int end = (int) n.i("end", r);
        start = Math.clamp(start < 0 ? start + r : start, 0, r);
        end = Math.clamp(end < 0 ? end + r : end, 0, r);
        double[] part = Arrays.copyOfRange(dims, start, Math.max(start, end));
        return Const.ofInts(new int[] {part.length}, part);
    }

    private void cast(OnnxNode n) {
        int to = (int) n.i("to", 1);
        Object v = in(n, 0);
        if (v instanceof Const c) {
            put(n, ConstantFolding.cast(c, to));
        } else if (to == 1 || to == 10 || to == 11) {
            put(n, v);   // Fathom computes in float32 throughout
        } else {
            throw new IllegalArgumentException("casts the batch to " + OnnxTensors.typeName(to) + "; Fathom imports models that"
                    + " compute in floating point");
        }
    }

    private void constantOfShape(OnnxNode n) {
        Const shape = cst(n, 0);
        Const fill = n.has("value") ? OnnxTensors.decode(n.attribute("value").getT(), path, false)
                : Const.ofFloats(new int[] {1}, new float[] {0}, false);
        double v = fill.get(0);
        for (int i = 0; i < shape.size(); i++) {
            if (Double.isNaN(shape.get(i))) {
                put(n, new BatchFill(v));   // e.g. the zero initial state of an LSTM, one per sample
                return;
            }
        }
        int[] s = toInts(shape.longs("ConstantOfShape's shape"));
        int size = ConstantFolding.size(s);
        if (fill.isFloat()) {
            float[] f = new float[size];
            Arrays.fill(f, (float) v);
            put(n, Const.ofFloats(s, f, false));
        } else {
            double[] d = new double[size];
            Arrays.fill(d, v);
            put(n, Const.ofInts(s, d));
        }
    }

    private void unary(OnnxNode n, OnnxUnary layer) {
        Object v = in(n, 0);
        if (v instanceof Const c) {
            put(n, ConstantFolding.unary(n.op(), c));
            return;
        }
        put(n, new Dyn(apply(n, layer, (Dyn) v), ((Dyn) v).batchAxis()));
    }

    private void clip(OnnxNode n) {
        double min = n.f("min", Double.NEGATIVE_INFINITY);
        double max = n.f("max", Double.POSITIVE_INFINITY);
        if (n.input(1) != null) min = cst(n, 1).get(0);
        if (n.input(2) != null) max = cst(n, 2).get(0);
        unary(n, new OnnxUnary("clip", min, max));
    }

    private void softmax(OnnxNode n, boolean log) {
        Dyn x = dyn(n, 0);
        long a = n.i("axis", opset < 13 ? 1 : -1);
        int ax = axis(a, x.rank());
        boolean flatten = opset < 13 && ax < x.rank() - 1;
        if (flatten && x.batchAxis() >= ax) {
            throw new IllegalArgumentException("takes the softmax over axes " + ax + " on, which hold the batch");
        }
        int fa = fathomAxis(x, a, n.op());
        put(n, new Dyn(apply(n, new OnnxSoftmax(fa, log, flatten), x), x.batchAxis()));
    }

    /** Elementwise binary operators and MatMul: folded on constants, a weight-holding layer with one constant, a merge otherwise. */
    private void binary(OnnxNode n, String op) {
        Object a = in(n, 0);
        Object b = in(n, 1);
        if (a instanceof Const ca && b instanceof Const cb) {
            if (op.equals("matmul")) throw new IllegalArgumentException("MatMul of two constants is not folded");
            put(n, ConstantFolding.binary(n.op(), ca, cb));
            return;
        }
        if (a instanceof Dyn da && b instanceof Dyn db) {
            if (da.rank() - da.batchAxis() != db.rank() - db.batchAxis()) {
                throw new IllegalArgumentException("its inputs " + Arrays.toString(da.onnxShape()) + " and "
                        + Arrays.toString(db.onnxShape()) + " (batch as -1) do not align their batch axes");
            }
            int rank = Math.max(da.rank(), db.rank());
            if (op.equals("matmul") && rank - (da.rank() - da.batchAxis()) >= rank - 2) {
                throw new IllegalArgumentException("multiplies matrices along the batch axis");
            }
            put(n, new Dyn(apply(n, new OnnxBinary(op), da, db), rank - (da.rank() - da.batchAxis())));
            return;
        }
        boolean constantFirst = a instanceof Const;
        Dyn x = (Dyn) (constantFirst ? b : a);
        Const c = (Const) (constantFirst ? a : b);
        if (op.equals("matmul")) {
            matmulConst(n, x, c, constantFirst);
            return;
        }
        int rank = Math.max(x.rank(), c.rank());
        int batch = rank - x.rank() + x.batchAxis();
        int[] aligned = ConstantFolding.pad(c.shape(), rank);
        if (aligned[batch] != 1) {
            throw new IllegalArgumentException("its constant " + Arrays.toString(c.shape()) + " varies along the batch axis of "
                    + Arrays.toString(x.onnxShape()) + " (batch as -1)");
        }
        int[] valueShape = dropAxis(aligned, batch);
        int[] inputShape = dropAxis(ConstantFolding.pad(x.onnxShape(), rank), batch);
        OnnxConstBinary layer = new OnnxConstBinary(op, valueShape, constantFirst, c.trainable(), inputShape);
        SymbolicTensor t = apply(n, layer, x);
        setWeight(layer, "value", c.asFloats());
        put(n, new Dyn(t, batch));
    }

    private void matmulConst(OnnxNode n, Dyn x, Const c, boolean constantFirst) {
        if (constantFirst) {
            if (x.rank() < 2 || x.batchAxis() >= x.rank() - 2 || c.rank() > 2) {
                throw new IllegalArgumentException("multiplies a constant by the batch in a way Fathom does not import");
            }
        } else if (x.batchAxis() == x.rank() - 1 || c.rank() > 2 || x.batchAxis() == x.rank() - 2 && x.rank() > 2) {
            throw new IllegalArgumentException("multiplies along the batch axis or by a constant of rank " + c.rank());
        }
        if (!constantFirst && c.rank() == 2 && x.batchAxis() == 0 && x.rank() <= 3) {
            // The usual projection: a Dense layer without bias.
            Dense dense = new Dense(c.shape()[1]).useBias(false);
            SymbolicTensor t = apply(n, dense, x);
            setWeight(dense, "kernel", c.asFloats());
            put(n, new Dyn(t, 0));
            return;
        }
        int[] sample = sample(x);
        OnnxConstBinary layer = new OnnxConstBinary("matmul", c.shape(), constantFirst, c.trainable(), sample);
        SymbolicTensor t = apply(n, layer, x);
        setWeight(layer, "value", c.asFloats());
        int outRank = t.shape().length + 1;
        put(n, new Dyn(t, constantFirst ? x.batchAxis() + (outRank - x.rank()) : x.batchAxis()));
    }

    static int[] dropAxis(int[] s, int axis) {
        int[] out = new int[s.length - 1];
        for (int i = 0, k = 0; i < s.length; i++) if (i != axis) out[k++] = s[i];
        return out;
    }

    private void gemm(OnnxNode n) {
        Dyn a = dyn(n, 0);
        Const b = cst(n, 1);
        Const c = optionalCst(n, 2);
        if (a.rank() != 2 || a.batchAxis() != 0 || n.i("transA", 0) != 0) {
            throw new IllegalArgumentException("Fathom imports Gemm on a batch [batch, features] without transA");
        }
        if (b.rank() != 2) throw new IllegalArgumentException("B must be a matrix, got " + Arrays.toString(b.shape()));
        boolean transB = n.i("transB", 0) != 0;
        Const kernel = transB ? ConstantFolding.transpose(b, new int[] {1, 0}) : b;
        int units = kernel.shape()[1];
        if (kernel.shape()[0] != sample(a)[0]) {
            throw new IllegalArgumentException("B " + Arrays.toString(b.shape()) + " does not fit input " + Arrays.toString(a.onnxShape()));
        }
        float alpha = (float) n.f("alpha", 1);
        float beta = (float) n.f("beta", 1);
        float[] k = kernel.asFloats().clone();
        if (alpha != 1) for (int i = 0; i < k.length; i++) k[i] *= alpha;
        float[] bias = null;
        if (c != null) {
            if (c.size() != 1 && c.size() != units || c.rank() == 2 && c.shape()[0] != 1) {
                throw new IllegalArgumentException("C " + Arrays.toString(c.shape()) + " must be one bias per output (" + units + ")");
            }
            bias = new float[units];
            for (int i = 0; i < units; i++) bias[i] = beta * (float) c.get(c.size() == 1 ? 0 : i);
        }
        Dense dense = new Dense(units).useBias(bias != null);
        SymbolicTensor t = apply(n, dense, a);
        setWeight(dense, "kernel", k);
        if (bias != null) setWeight(dense, "bias", bias);
        put(n, new Dyn(t, 0));
    }

    private Dyn image(OnnxNode n) {
        Dyn x = dyn(n, 0);
        if (x.batchAxis() != 0 || x.rank() != 4) {
            throw new IllegalArgumentException("Fathom imports " + n.op() + " on images [batch, channels, height, width], got "
                    + Arrays.toString(x.onnxShape()) + " (batch as -1)");
        }
        return x;
    }

    /** Explicit pads {top, bottom, left, right} from pads or auto_pad. */
    private static int[] pads(OnnxNode n, int[] size, int[] kernel, int[] strides, int[] dilations) {
        String auto = n.s("auto_pad", "NOTSET");
        int[] p = new int[4];
        if (auto.equals("SAME_UPPER") || auto.equals("SAME_LOWER")) {
            for (int i = 0; i < 2; i++) {
                int out = (size[i] + strides[i] - 1) / strides[i];
                int total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size[i]);
                int small = total / 2;
                int before = auto.equals("SAME_UPPER") ? small : total - small;
                p[2 * i] = before;
                p[2 * i + 1] = total - before;
            }
            return p;
        }
        if (auto.equals("VALID")) return p;
        long[] onnx = n.ints("pads", new long[4]);
        if (onnx.length != 4) throw new IllegalArgumentException("pads " + Arrays.toString(onnx) + " must have 4 entries");
        // ONNX: [h_begin, w_begin, h_end, w_end]; the layers: top, bottom, left, right.
        return new int[] {(int) onnx[0], (int) onnx[2], (int) onnx[1], (int) onnx[3]};
    }

    private static int[] pair(OnnxNode n, String name, int fallback) {
        long[] v = n.ints(name, new long[] {fallback, fallback});
        if (v.length != 2) throw new IllegalArgumentException(name + " " + Arrays.toString(v) + " must have 2 entries (2-D)");
        return toInts(v);
    }

    private void conv(OnnxNode n) {
        Const w = cst(n, 1);
        if (w.rank() != 4) {
            throw new IllegalArgumentException("Fathom imports 2-D convolutions; this one has a kernel of shape " + Arrays.toString(w.shape()));
        }
        Dyn x = image(n);
        Const b = optionalCst(n, 2);
        int[] strides = pair(n, "strides", 1);
        int[] dil = pair(n, "dilations", 1);
        int[] k = {w.shape()[2], w.shape()[3]};
        int[] p = pads(n, new int[] {sample(x)[1], sample(x)[2]}, k, strides, dil);
        int groups = (int) n.i("group", 1);
        OnnxConv layer = new OnnxConv(w.shape()[0], k[0], k[1]).strides(strides[0], strides[1]).dilations(dil[0], dil[1])
                .pads(p[0], p[1], p[2], p[3]).groups(groups).useBias(b != null);
        SymbolicTensor t = apply(n, layer, x);
        setWeight(layer, "kernel", w.asFloats());
        if (b != null) setWeight(layer, "bias", b.asFloats());
        put(n, new Dyn(t, 0));
    }

    private void convTranspose(OnnxNode n) {
        Const w = cst(n, 1);
        if (w.rank() != 4) throw new IllegalArgumentException("Fathom imports 2-D transposed convolutions");
        if (n.i("group", 1) != 1) throw new IllegalArgumentException("Fathom imports ConvTranspose with one group");
        Dyn x = image(n);
        Const b = optionalCst(n, 2);
        int[] s = pair(n, "strides", 1);
        int[] d = pair(n, "dilations", 1);
        int[] op = pair(n, "output_padding", 0);
        int[] k = {w.shape()[2], w.shape()[3]};
        int[] in = {sample(x)[1], sample(x)[2]};
        int[] p;
        String auto = n.s("auto_pad", "NOTSET");
        if (n.has("output_shape") || auto.startsWith("SAME")) {
            int[] out = n.has("output_shape") ? toInts(n.ints("output_shape", null)) : new int[] {in[0] * s[0], in[1] * s[1]};
            if (out.length == 4) out = new int[] {out[2], out[3]};
            p = new int[4];
            for (int i = 0; i < 2; i++) {
                int total = s[i] * (in[i] - 1) + op[i] + ((k[i] - 1) * d[i] + 1) - out[i];
                int small = total / 2;
                int begin = auto.equals("SAME_UPPER") ? small : total - small;
                p[2 * i] = begin;
                p[2 * i + 1] = total - begin;
            }
        } else {
            long[] onnx = n.ints("pads", new long[4]);
            p = new int[] {(int) onnx[0], (int) onnx[2], (int) onnx[1], (int) onnx[3]};
        }
        OnnxConvTranspose layer = new OnnxConvTranspose(w.shape()[1], k[0], k[1]).strides(s[0], s[1]).dilations(d[0], d[1])
                .pads(p[0], p[1], p[2], p[3]).outputPadding(op[0], op[1]).useBias(b != null);
        SymbolicTensor t = apply(n, layer, x);
        setWeight(layer, "kernel", w.asFloats());
        if (b != null) setWeight(layer, "bias", b.asFloats());
        put(n, new Dyn(t, 0));
    }

    private void pool(OnnxNode n, boolean max) {
        Dyn x = image(n);
        if (max && used(n, 1)) throw new IllegalArgumentException("uses MaxPool's indices output, which Fathom does not compute");
        int[] k = toInts(n.ints("kernel_shape", new long[0]));
        if (k.length != 2) throw new IllegalArgumentException("Fathom imports 2-D pooling; kernel_shape is " + Arrays.toString(k));
        int[] s = pair(n, "strides", 1);
        int[] d = pair(n, "dilations", 1);
        if (d[0] != 1 || d[1] != 1) throw new IllegalArgumentException("Fathom imports pooling without dilations");
        int[] size = {sample(x)[1], sample(x)[2]};
        int[] p = pads(n, size, k, s, d);
        for (int i = 0; i < 4; i++) {
            if (p[i] < 0 || p[i] >= k[i / 2]) throw new IllegalArgumentException("pads " + Arrays.toString(p) + " must be below the window " + Arrays.toString(k));
        }
        int[] extra = new int[2];
        if (n.i("ceil_mode", 0) != 0) {
            for (int i = 0; i < 2; i++) {
                int padded = size[i] + p[2 * i] + p[2 * i + 1];
                int out = (padded - k[i] + s[i] - 1) / s[i] + 1;
                // The last window must start inside the input or its leading padding (PyTorch's rule).
                if ((out - 1) * s[i] >= size[i] + p[2 * i]) out--;
                extra[i] = Math.max(0, (out - 1) * s[i] + k[i] - padded);
            }
        }
        OnnxPool layer = (max ? OnnxPool.max(k[0], k[1]) : OnnxPool.average(k[0], k[1])).strides(s[0], s[1])
                .pads(p[0], p[1], p[2], p[3]).extra(extra[0], extra[1]).countIncludePad(n.i("count_include_pad", 0) != 0);
        put(n, new Dyn(apply(n, layer, x), 0));
    }

    private void globalPool(OnnxNode n, String op) {
        Dyn x = dyn(n, 0);
        if (x.batchAxis() != 0 || x.rank() < 3) throw new IllegalArgumentException("needs [batch, channels, ...]");
        int[] axes = new int[x.rank() - 2];
        for (int i = 0; i < axes.length; i++) axes[i] = i + 2;
        put(n, new Dyn(apply(n, new OnnxReduce(op, axes, true), x), 0));
    }

    private void batchNorm(OnnxNode n) {
        Dyn x = dyn(n, 0);
        if (x.batchAxis() != 0 || x.rank() < 2) throw new IllegalArgumentException("needs [batch, channels, ...]");
        if (n.i("training_mode", 0) != 0 || used(n, 1) || used(n, 2)) {
            throw new IllegalArgumentException("is in training mode; export the model in eval mode (model.eval())");
        }
        Const scale = cst(n, 1);
        Const bias = cst(n, 2);
        Const mean = cst(n, 3);
        Const var = cst(n, 4);
        BatchNormalization bn = new BatchNormalization().epsilon(n.f("epsilon", 1e-5)).momentum(n.f("momentum", 0.9));
        SymbolicTensor t = apply(n, bn, x);
        setWeight(bn, "gamma", scale.asFloats());
        setWeight(bn, "beta", bias.asFloats());
        setWeight(bn, "movingMean", mean.asFloats());
        setWeight(bn, "movingVariance", var.asFloats());
        put(n, new Dyn(t, 0));
    }

    private void layerNorm(OnnxNode n) {
        Dyn x = dyn(n, 0);
        int a = axis(n.i("axis", -1), x.rank());
        if (x.batchAxis() >= a) throw new IllegalArgumentException("normalizes over axes that hold the batch");
        Const scale = cst(n, 1);
        Const bias = optionalCst(n, 2);
        OnnxLayerNormalization layer = new OnnxLayerNormalization(fathomAxis(x, a, "LayerNormalization"), n.f("epsilon", 1e-5), bias != null);
        SymbolicTensor t = apply(n, layer, x);
        setWeight(layer, "scale", scale.asFloats());
        if (bias != null) setWeight(layer, "bias", bias.asFloats());
        put(n, new Dyn(t, x.batchAxis()));
    }

    private void dropout(OnnxNode n) {
        if (used(n, 1)) throw new IllegalArgumentException("uses Dropout's mask output");
        Object v = in(n, 0);
        double ratio = n.input(1) != null ? cst(n, 1).get(0) : n.f("ratio", 0.5);
        if (v instanceof Const || ratio <= 0) {
            put(n, v);
            return;
        }
        Dyn x = (Dyn) v;
        // At inference Dropout passes its input; fine-tuning drops as PyTorch's module did in training.
        put(n, new Dyn(apply(n, new Dropout(ratio), x), x.batchAxis()));
    }

}
