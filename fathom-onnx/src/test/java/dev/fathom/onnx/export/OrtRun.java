package dev.fathom.onnx.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fathom.onnx.proto.OnnxProto.ModelProto;
import dev.fathom.tensor.Tensor;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs an exported model in ONNX Runtime (its Java API) and compares outputs with Fathom's: the
 * reference that an export computes what the Fathom model does.
 */
final class OrtRun {
    /** The tolerance the issue sets: 1e-5 relative to the largest magnitude of the outputs (float32). */
    static final double TOLERANCE = 1e-5;

    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** A float32 input. */
    OrtRun floats(String name, Tensor x) {
        inputs.put(name, x.toFloatArray());
        shapes.put(name, OnnxGraph.toLongs(x.shape()));
        return this;
    }

    /** An int64 input from a tensor of whole numbers. */
    OrtRun longs(String name, Tensor x) {
        int[] v = x.toIntArray();
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) l[i] = v[i];
        inputs.put(name, l);
        shapes.put(name, OnnxGraph.toLongs(x.shape()));
        return this;
    }

    /** A string input {@code [n, 1]}. */
    OrtRun strings(String name, String[] values) {
        inputs.put(name, values);
        shapes.put(name, new long[] {values.length, 1});
        return this;
    }

    /** Runs {@code model} and returns every output by name: float[] for float32, String[] for strings. */
    Map<String, Object> run(ModelProto model) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<OnnxTensor> made = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options)) {
                Map<String, OnnxTensor> feed = new LinkedHashMap<>();
                for (var e : inputs.entrySet()) {
                    long[] shape = shapes.get(e.getKey());
                    OnnxTensor t = switch (e.getValue()) {
                        case float[] f -> OnnxTensor.createTensor(env, FloatBuffer.wrap(f), shape);
                        case long[] l -> OnnxTensor.createTensor(env, LongBuffer.wrap(l), shape);
                        case String[] s -> OnnxTensor.createTensor(env, s, shape);
                        default -> throw new IllegalStateException();
                    };
                    made.add(t);
                    feed.put(e.getKey(), t);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                try (OrtSession.Result r = session.run(feed)) {
                    for (Map.Entry<String, OnnxValue> e : r) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.STRING) {
                            out.put(e.getKey(), flatStrings(t.getValue()));
                        } else {
                            FloatBuffer b = t.getFloatBuffer();
                            float[] f = new float[b.remaining()];
                            b.get(f);
                            out.put(e.getKey(), f);
                        }
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused the export: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : made) t.close();
        }
    }

    private static String[] flatStrings(Object value) {
        if (value instanceof String[] s) return s;
        if (value instanceof String[][] s2) {
            List<String> all = new ArrayList<>();
            for (String[] row : s2) all.addAll(List.of(row));
            return all.toArray(String[]::new);
        }
        throw new IllegalStateException("unexpected string output " + value);
    }

    /** Asserts ONNX Runtime's values equal Fathom's within {@link #TOLERANCE} of the largest magnitude. */
    static void assertClose(Tensor expected, float[] actual, String what) {
        float[] e = expected.toFloatArray();
        assertTrue(e.length == actual.length, what + ": Fathom gives " + e.length + " values, ONNX Runtime " + actual.length);
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(actual[i])) continue;
            double d = Math.abs(e[i] - actual[i]);
            if (Double.isNaN(d)) {         // NaN on one side only: a mismatch no later value may hide
                worst = d;
                at = i;
                break;
            }
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        double bound = TOLERANCE * Math.max(scale, 1e-30);
        assertTrue(worst <= bound, what + ": ONNX Runtime differs from Fathom by " + worst + " at " + at + " (Fathom "
                + (at >= 0 ? e[at] : 0) + ", ONNX " + (at >= 0 ? actual[at] : 0) + "), more than " + bound
                + " (1e-5 of the largest magnitude " + scale + ")");
    }

    static void assertSameStrings(String[] expected, String[] actual, String what) {
        assertArrayEquals(expected, actual, what);
    }
}
