package dev.fathom.onnx.export;

import dev.fathom.onnx.proto.OnnxProto.TensorProto;

/**
 * A tensor of the ONNX graph as the exporter tracks it: its name, its per-sample shape (the batch
 * axis, dynamic, left out, as in Fathom's layers) and its element type.
 *
 * @param name     the ONNX value name
 * @param shape    the shape without the batch axis
 * @param elemType an {@link TensorProto.DataType} number (float32, int64, string)
 */
record Value(String name, int[] shape, int elemType) {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int STRING = TensorProto.DataType.STRING_VALUE;
    static final int BOOL = TensorProto.DataType.BOOL_VALUE;

    Value {
        shape = shape.clone();
    }

    /** A float32 value. */
    static Value floats(String name, int[] shape) {
        return new Value(name, shape, FLOAT);
    }

    /** The rank with the batch axis. */
    int rank() {
        return shape.length + 1;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }
}
