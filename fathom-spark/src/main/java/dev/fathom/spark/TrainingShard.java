package dev.fathom.spark;

import dev.fathom.saving.SafeTensors;
import dev.fathom.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task's share of the training data in {@link SparkTraining}: its samples {@code x} and targets
 * {@code y}, as the bytes Spark moves (safetensors; no Java serialization of Fathom objects).
 */
record TrainingShard(Tensor x, Tensor y) {

    int size() {
        return y.shape(0);
    }

    byte[] encode() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("x", x);
        m.put("y", y);
        return SafeTensors.write(m);
    }

    static TrainingShard decode(byte[] bytes, String where) {
        Map<String, Tensor> m = SafeTensors.read(bytes, where);
        return new TrainingShard(m.get("x"), m.get("y"));
    }

    /** Rows {@code [from, to)} of {@code x} and {@code y}. */
    static TrainingShard slice(Tensor x, Tensor y, int from, int to) {
        return new TrainingShard(x.slice(0, from, to).contiguousCopy(), y.slice(0, from, to).contiguousCopy());
    }
}
