package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.saving.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads the scikit-learn reference values written by
 * {@code src/test/python/make_golden_preprocessing.py}: for iris, wine and breast cancer, the
 * training and test tables and what scikit-learn's steps learn from the first and make of the second.
 *
 * <pre>{@code
 * GoldenTables.Case iris = GoldenTables.load().get("iris");
 * Table train = iris.train();
 * double[] means = iris.numbers("standard_scaler", "mean");
 * }</pre>
 */
final class GoldenTables {
    static final String RESOURCE = "/golden/preprocessing/preprocessing.json";

    private GoldenTables() {}

    /** One dataset's tables and reference values. */
    record Case(String name, Map<String, Object> values) {
        List<String> numeric() {
            return strings(values.get("numeric"));
        }

        String categorical() {
            return (String) values.get("categorical");
        }

        String target() {
            return (String) values.get("target");
        }

        Table train() {
            return table("train");
        }

        Table test() {
            return table("test");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> section(String key) {
            return (Map<String, Object>) values.get(key);
        }

        double[] numbers(String section, String key) {
            return doubles((List<?>) section(section).get(key));
        }

        double[][] matrix(String section, String key) {
            List<?> rows = (List<?>) section(section).get(key);
            double[][] out = new double[rows.size()][];
            for (int i = 0; i < out.length; i++) out[i] = doubles((List<?>) rows.get(i));
            return out;
        }

        /** Numeric columns as numbers, the rest as categories; JSON null is a missing value. */
        @SuppressWarnings("unchecked")
        private Table table(String part) {
            Map<String, Object> columns = (Map<String, Object>) values.get(part);
            List<Column> out = new ArrayList<>();
            for (Map.Entry<String, Object> e : columns.entrySet()) {
                List<?> v = (List<?>) e.getValue();
                if (numeric().contains(e.getKey())) {
                    out.add(NumericColumn.of(e.getKey(), doubles(v)));
                } else {
                    out.add(CategoricalColumn.of(e.getKey(), v.stream().map(x -> (String) x).toArray(String[]::new)));
                }
            }
            return Table.of(out);
        }
    }

    /** The cases by dataset name. */
    @SuppressWarnings("unchecked")
    static Map<String, Case> load() {
        try (InputStream in = GoldenTables.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new AssertionError("no " + RESOURCE + "; run /usr/bin/python3 src/test/python/make_golden_preprocessing.py in fathom-data");
            }
            Map<String, Object> all = Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
            assertEquals("1.2.1", all.get("sklearn"), "the golden values come from scikit-learn 1.2");
            Map<String, Case> cases = new java.util.LinkedHashMap<>();
            for (var e : ((Map<String, Object>) all.get("cases")).entrySet()) {
                cases.put(e.getKey(), new Case(e.getKey(), (Map<String, Object>) e.getValue()));
            }
            return cases;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static double[] doubles(List<?> list) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = list.get(i) == null ? Double.NaN : ((Number) list.get(i)).doubleValue();
        return out;
    }

    static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    /** Asserts equal to {@code relative} of the larger magnitude (plus a tiny absolute floor); NaN only where NaN is expected. */
    static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                assertEquals(Double.isNaN(e), Double.isNaN(a), what + "[" + i + "]: expected " + e + ", got " + a);
                continue;
            }
            double tol = relative * Math.max(Math.abs(e), Math.abs(a)) + 1e-300;
            if (Math.abs(e - a) > Math.max(tol, relative * 1e-3)) {
                throw new AssertionError(what + "[" + i + "]: expected " + e + ", got " + a + " (difference " + (a - e) + ")");
            }
        }
    }
}
