package dev.fathom.testing;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the reference values written by {@code src/test/python/make_golden_losses_optimizers.py}:
 * {@code #} comment lines, {@code [name]} starting a case, then {@code key = v1 v2 ...} lines.
 * Shared by the loss and optimizer tests.
 *
 * <pre>{@code
 * for (Golden.Case c : Golden.load("/golden/losses/losses.txt")) {
 *     Tensor pred = c.tensor("pred", "pred.shape", c.dtype("dtype"));
 * }
 * }</pre>
 */
public final class Golden {
    private Golden() {}

    /** One named case: its keys and raw values, in file order. */
    public record Case(String name, Map<String, String> values) {

        public boolean has(String key) {
            return values.containsKey(key);
        }

        public String str(String key) {
            String v = values.get(key);
            if (v == null) throw new AssertionError("golden case '" + name + "' has no key '" + key + "'");
            return v;
        }

        public double num(String key) {
            return Double.parseDouble(str(key));
        }

        public double[] nums(String key) {
            String v = str(key).trim();
            if (v.isEmpty()) return new double[0];
            return Arrays.stream(v.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
        }

        public int[] ints(String key) {
            String v = str(key).trim();
            if (v.isEmpty()) return new int[0];
            return Arrays.stream(v.split("\\s+")).mapToInt(Integer::parseInt).toArray();
        }

        /** {@code float32}, {@code float64} or {@code int32}. */
        public DType dtype(String key) {
            return DType.valueOf(str(key).toUpperCase());
        }

        /** The values under {@code key} as a tensor of {@code dtype}, shaped by the integers under {@code shapeKey}. */
        public Tensor tensor(String key, String shapeKey, DType dtype) {
            double[] v = nums(key);
            int[] shape = ints(shapeKey);
            return switch (dtype) {
                case FLOAT64 -> shape.length == 0 ? Tensor.full(DType.FLOAT64, v[0]) : Tensor.of(v, shape);
                case FLOAT32 -> {
                    float[] f = new float[v.length];
                    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
                    yield shape.length == 0 ? Tensor.full(DType.FLOAT32, f[0]) : Tensor.of(f, shape);
                }
                case INT32 -> {
                    int[] n = new int[v.length];
                    for (int i = 0; i < v.length; i++) n[i] = (int) v[i];
                    yield shape.length == 0 ? Tensor.full(DType.INT32, n[0]) : Tensor.of(n, shape);
                }
            };
        }

        /**
         * The keys under {@code prefix.} as a nested map ({@code config.schedule.name} becomes
         * {@code {schedule={name=...}}}): {@code true}/{@code false} as Boolean, numbers as Double,
         * anything else as String.
         */
        public Map<String, Object> config(String prefix) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (!e.getKey().startsWith(prefix + ".")) continue;
                String[] path = e.getKey().substring(prefix.length() + 1).split("\\.");
                Map<String, Object> at = out;
                for (int i = 0; i < path.length - 1; i++) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> next = (Map<String, Object>) at.computeIfAbsent(path[i], k -> new LinkedHashMap<>());
                    at = next;
                }
                at.put(path[path.length - 1], parse(e.getValue().trim()));
            }
            return out;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Object parse(String v) {
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
    }

    /** The cases of a resource such as {@code /golden/losses/losses.txt}. */
    public static List<Case> load(String resource) {
        InputStream in = Golden.class.getResourceAsStream(resource);
        if (in == null) {
            throw new AssertionError("missing test resource " + resource
                    + "; the module's src/test/python/make_golden_*.py script that names it writes it again (run with /usr/bin/python3)");
        }
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            Map<String, String> current = null;
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = new LinkedHashMap<>();
                    cases.add(new Case(line.substring(1, line.length() - 1), current));
                    continue;
                }
                int eq = line.indexOf('=');
                if (current == null || eq < 0) throw new AssertionError(resource + ": cannot read line '" + line + "'");
                current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** Asserts {@code |actual - expected| <= atol + rtol * |expected|} element by element, naming the first miss. */
    public static void assertClose(String what, double[] expected, double[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                throw new AssertionError(String.format("%s: element %d is %.17g, PyTorch gives %.17g (|difference| %.3g > %.3g)",
                        what, i, actual[i], expected[i], Math.abs(actual[i] - expected[i]), tol));
            }
        }
    }

    /** The comparison tolerance for a type: 1e-5 for float32, 1e-10 for float64 (absolute and relative). */
    public static double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-10 : 1e-5;
    }
}
