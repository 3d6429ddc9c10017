package dev.fathom.onnx;

import dev.fathom.models.Functional;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.Golden;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each fixture of {@code src/test/python/make_onnx_fixtures.py} (an operator or a small network
 * exported by PyTorch, with a dynamic batch) imported and run on a batch of another size than the
 * export's: Fathom's outputs equal PyTorch's to 1e-4 of their largest magnitude.
 */
class OnnxImportTest {
    static final double TOLERANCE = 1e-4;

    static Path fixture(String file) {
        try {
            return Path.of(OnnxImportTest.class.getResource("/onnx/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts {@code actual} equals {@code expected} to {@link #TOLERANCE} of the largest |expected|. */
    static void assertCloseToLargest(String what, double[] expected, double[] actual) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        double largest = 0;
        for (double e : expected) largest = Math.max(largest, Math.abs(e));
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double bound = TOLERANCE * Math.max(largest, 1e-12);
        assertTrue(worst <= bound, what + ": largest difference " + worst + " at " + at + " (expected " + (at < 0 ? "" : expected[at])
                + ", got " + (at < 0 ? "" : actual[at]) + ") exceeds " + bound);
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureMatchesPyTorch() {
        List<Golden.Case> cases = Golden.load("/onnx/golden.txt");
        assertTrue(cases.size() >= 20, "expected the fixtures of make_onnx_fixtures.py, got " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            Functional model = Onnx.load(fixture(c.str("file")));
            Tensor x = c.tensor("x", "x.shape", DType.FLOAT32);
            Tensor y = model.predict(x);
            assertArrayEquals(c.ints("y.shape"), y.shape(), c + ": output shape");
            assertCloseToLargest(c.toString(), c.nums("y"), y.toDoubleArray());
        }));
    }
}
