package dev.fathom.datasets;

import dev.fathom.testing.Golden;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each bundled data set, loaded from the jar's resources, against what scikit-learn's and
 * statsmodels' own loaders return ({@code src/test/python/make_golden_datasets.py}).
 */
class BuiltinDatasetsTest {
    private static final String GOLDEN = "/golden/datasets/builtin.txt";
    private static final Map<String, Golden.Case> CASES = load();

    private static Map<String, Golden.Case> load() {
        assertNotNull(BuiltinDatasetsTest.class.getResource(GOLDEN),
                "missing " + GOLDEN + "; run /usr/bin/python3 src/test/python/make_golden_datasets.py in fathom-data");
        return Golden.load(GOLDEN).stream().collect(Collectors.toMap(Golden.Case::name, Function.identity()));
    }

    static Stream<String> names() {
        return Datasets.tabularNames().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void isBundledInTheMainResources(String name) {
        URL url = Datasets.class.getResource(Builtins.FOLDER + spec(name).file());
        assertNotNull(url, name);
        // From src/main/resources (target/classes, or the jar), not from the test class path.
        assertTrue(!url.toString().contains("test-classes"), url.toString());
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesTheReferenceLoadersShapeAndNames(String name) {
        Golden.Case g = CASES.get(name);
        TabularDataset d = Datasets.load(name);
        int[] shape = g.ints("shape");
        assertEquals(name, d.name());
        assertEquals(shape[0], d.size());
        assertEquals(shape[1], d.numFeatures());
        assertEquals(split(g.str("feature_names")), d.featureNames());
        assertEquals(g.str("target_name"), d.targetName());
        assertEquals(shape[1] + 1, d.table().columnCount());
        Tensor x = d.features();
        assertEquals(DType.FLOAT32, x.dtype());
        assertArrayEquals(shape, x.shape());
        Tensor y = d.labels();
        assertArrayEquals(new int[] {shape[0]}, y.shape());
        if (g.has("class_names")) {
            assertEquals(Task.CLASSIFICATION, d.task());
            assertEquals(split(g.str("class_names")), d.classNames());
            assertEquals(DType.INT32, y.dtype());
            assertArrayEquals(g.ints("class_counts"), d.classCounts());
            int[] labels = y.toIntArray();
            assertArrayEquals(g.ints("target_head"), Arrays.copyOf(labels, 10));
            assertArrayEquals(g.ints("target_tail"), Arrays.copyOfRange(labels, labels.length - 10, labels.length));
            assertEquals(d.classNames(), d.table().categorical(d.targetName()).levels());
        } else {
            assertEquals(DType.FLOAT32, y.dtype());
            assertEquals(List.of(), d.classNames());
            double[] target = d.table().numeric(d.targetName()).values();
            assertArrayEquals(g.nums("target_head"), Arrays.copyOf(target, 10));
            assertArrayEquals(g.nums("target_tail"), Arrays.copyOfRange(target, target.length - 10, target.length));
            assertEquals(g.num("target_mean"), Arrays.stream(target).sum() / target.length, 1e-12 * g.num("target_mean"));
        }
    }

    @ParameterizedTest
    @MethodSource("names")
    void matchesTheReferenceLoadersValues(String name) {
        Golden.Case g = CASES.get(name);
        TabularDataset d = Datasets.load(name);
        int n = d.size();
        int f = d.numFeatures();
        double[] mean = new double[f];
        double[] min = new double[f];
        double[] max = new double[f];
        double[][] columns = new double[f][];
        for (int j = 0; j < f; j++) {
            columns[j] = d.table().numeric(d.featureNames().get(j)).values();
            mean[j] = Arrays.stream(columns[j]).sum() / n;
            min[j] = Arrays.stream(columns[j]).min().orElseThrow();
            max[j] = Arrays.stream(columns[j]).max().orElseThrow();
        }
        // Parsed from the same text as NumPy parses, so values are bit-identical; means differ only by summation order.
        Golden.assertClose(name + " column means", g.nums("mean"), mean, 0, 1e-13);
        assertArrayEquals(g.nums("min"), min, name + " column minimums");
        assertArrayEquals(g.nums("max"), max, name + " column maximums");
        double[] first = new double[f];
        double[] last = new double[f];
        for (int j = 0; j < f; j++) {
            first[j] = columns[j][0];
            last[j] = columns[j][n - 1];
        }
        assertArrayEquals(g.nums("first_row"), first, name + " first row");
        assertArrayEquals(g.nums("last_row"), last, name + " last row");
        // The tensor is the float32 rounding of the same values, row-major.
        float[] x = d.features().toFloatArray();
        for (int j = 0; j < f; j++) {
            assertEquals((float) first[j], x[j]);
            assertEquals((float) last[j], x[(n - 1) * f + j]);
        }
    }

    @Test
    void diabetesIsRawAndScalesToScikitLearnsDefault() {
        Golden.Case g = CASES.get("diabetes");
        TabularDataset d = Datasets.load("diabetes");
        assertEquals(Task.REGRESSION, d.task());
        int n = d.size();
        double[] scaledFirst = new double[d.numFeatures()];
        double[] scaledLast = new double[d.numFeatures()];
        for (int j = 0; j < d.numFeatures(); j++) {
            double[] c = d.table().numeric(d.featureNames().get(j)).values();
            double mean = Arrays.stream(c).sum() / n;
            double sumSquares = Arrays.stream(c).map(v -> (v - mean) * (v - mean)).sum();
            // scikit-learn: (x - mean) / (std * sqrt(n)) = (x - mean) / sqrt(sum of squared deviations).
            scaledFirst[j] = (c[0] - mean) / Math.sqrt(sumSquares);
            scaledLast[j] = (c[n - 1] - mean) / Math.sqrt(sumSquares);
        }
        Golden.assertClose("diabetes scaled first row", g.nums("scaled_first_row"), scaledFirst, 1e-15, 1e-12);
        Golden.assertClose("diabetes scaled last row", g.nums("scaled_last_row"), scaledLast, 1e-15, 1e-12);
    }

    @Test
    void sunspotsIsAYearlySeriesInOrder() {
        TabularDataset d = Datasets.load("sunspots");
        assertEquals(Task.FORECASTING, d.task());
        double[] years = d.table().numeric("YEAR").values();
        for (int i = 0; i < years.length; i++) assertEquals(1700 + i, years[i], "row " + i);
    }

    @Test
    void digitsReshapeToImages() {
        TabularDataset d = Datasets.load("digits");
        Tensor images = d.features().reshape(-1, 8, 8);
        assertArrayEquals(new int[] {1797, 8, 8}, images.shape());
        // Row 0 is a zero; pixel_0_2 (row 0, column 2) is 5 and pixel_1_2 is 13, as in scikit-learn's images[0].
        assertEquals(5f, images.get(0, 0, 2));
        assertEquals(13f, images.get(0, 1, 2));
        assertEquals("0", d.className(d.labels().toIntArray()[0]));
    }

    /**
     * Each published number agrees with re-running its protocol with scikit-learn or statsmodels on
     * the same data, to within half a unit of the last digit published: the numbers are about this
     * data, and were copied right.
     */
    @Test
    void referenceScoresAgreeWithTheirProtocolsRerun() {
        Golden.Case g = CASES.get("reproduced");
        checkPublished("iris", "SVC", "accuracy", g.num("iris.svc_linear_cv5_accuracy"));
        checkPublished("wine", "LDA", "accuracy", g.num("wine.lda_loo_accuracy"));
        checkPublished("wine", "QDA", "accuracy", g.num("wine.qda_loo_accuracy"));
        checkPublished("digits", "SVC", "accuracy", g.num("digits.svc_half_split_accuracy"));
        checkPublished("diabetes", "LinearRegression", "r2", g.num("diabetes.ols_bmi_last20_r2"));
        checkPublished("sunspots", "AR(2)", "aic", g.num("sunspots.ar2_aic"));
        checkPublished("sunspots", "AR(3)", "aic", g.num("sunspots.ar3_aic"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void everyDataSetSaysWhatItIsAndWhereItComesFrom(String name) {
        TabularDataset d = Datasets.load(name);
        assertTrue(d.description().length() > 100, d.description());
        assertTrue(d.source().contains("http"), d.source());
        assertTrue(!d.license().isBlank());
        assertTrue(!d.referenceScores().isEmpty(), name + " has no reference score");
        for (ReferenceScore s : d.referenceScores()) assertTrue(s.source().contains("http") || s.source().contains("Tech. Rep."), s.toString());
        assertTrue(d.toString().startsWith(name + " (" + d.title() + "): " + d.task().label()), d.toString());
    }

    private static void checkPublished(String name, String method, String metric, double rerun) {
        ReferenceScore s = Datasets.load(name).referenceScores().stream()
                .filter(r -> r.metric().equals(metric) && r.method().contains(method)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no " + metric + " of " + method));
        String text = Double.toString(s.value());
        int decimals = text.contains(".") ? text.length() - text.indexOf('.') - 1 : 0;
        double halfUnit = 0.5 * Math.pow(10, -decimals) + 1e-12;
        assertTrue(Math.abs(s.value() - rerun) <= halfUnit,
                name + " " + s + ": re-running the protocol gives " + rerun);
    }

    private static Builtins.Spec spec(String name) {
        return Builtins.ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> split(String names) {
        return List.of(names.split(" \\| "));
    }
}
