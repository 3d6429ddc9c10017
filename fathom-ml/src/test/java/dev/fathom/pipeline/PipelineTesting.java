package dev.fathom.pipeline;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers the pipeline tests share: a save-and-load round trip, and bit-for-bit tensor equality. */
final class PipelineTesting {
    private PipelineTesting() {}

    static Pipeline roundTrip(Pipeline p, Path dir, String name) {
        Path file = dir.resolve(name + ".pipeline");
        p.save(file);
        return Pipeline.load(file);
    }

    /** Same type, same shape, same bits (NaN payloads and signed zeros included). */
    static void assertBitIdentical(Tensor expected, Tensor actual, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape()));
        if (expected.dtype() == DType.INT32) {
            assertArrayEquals(expected.toIntArray(), actual.toIntArray(), what);
        } else if (expected.dtype() == DType.FLOAT32) {
            float[] e = expected.toFloatArray();
            float[] a = actual.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + " at " + i + ": " + e[i] + " vs " + a[i]);
            }
        } else {
            double[] e = expected.toDoubleArray();
            double[] a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + " at " + i);
            }
        }
    }
}
