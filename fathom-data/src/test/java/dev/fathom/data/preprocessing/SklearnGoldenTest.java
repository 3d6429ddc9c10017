package dev.fathom.data.preprocessing;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.SimpleImputer.Strategy;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static dev.fathom.data.preprocessing.GoldenTables.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fitted statistics and transformed test tables against scikit-learn 1.2 on its bundled iris, wine
 * and breast cancer data (with missing cells and a binned text column), as written by
 * {@code make_golden_preprocessing.py}.
 */
class SklearnGoldenTest {
    private static final Map<String, GoldenTables.Case> CASES = GoldenTables.load();
    /** Sums in another order differ in the last bits; 1e-12 of the value is far below any real difference. */
    private static final double TIGHT = 1e-12;

    private static GoldenTables.Case golden(String name) {
        return CASES.get(name);
    }

    private static Table numericTrain(GoldenTables.Case c) {
        return c.train().select(c.numeric().toArray(new String[0]));
    }

    private static double[][] columnsOf(Table t) {
        double[][] out = new double[t.rowCount()][t.columnCount()];
        for (int j = 0; j < t.columnCount(); j++) {
            double[] col = ((NumericColumn) t.columns().get(j)).values();
            for (int i = 0; i < col.length; i++) out[i][j] = col[i];
        }
        return out;
    }

    private static void assertRowsClose(double[][] expected, double[][] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": rows");
        for (int i = 0; i < expected.length; i++) assertClose(expected[i], actual[i], relative, what + " row " + i);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void standardScalerMatchesScikitLearn(String name) {
        GoldenTables.Case c = golden(name);
        StandardScaler s = new StandardScaler().fit(numericTrain(c));
        assertEquals(c.numeric(), s.columns());
        assertClose(c.numbers("standard_scaler", "mean"), s.mean(), TIGHT, name + " mean_");
        assertClose(c.numbers("standard_scaler", "var"), s.var(), 1e-11, name + " var_ (population)");
        assertClose(c.numbers("standard_scaler", "scale"), s.scale(), 1e-11, name + " scale_");
        long[] seen = ((List<?>) c.section("standard_scaler").get("n_samples_seen")).stream()
                .mapToLong(x -> ((Number) x).longValue()).toArray();
        assertArrayEquals(seen, s.nSamplesSeen(), name + " n_samples_seen_ (missing values left out)");
        Table test = s.transform(c.test().select(c.numeric().toArray(new String[0])));
        assertRowsClose(c.matrix("standard_scaler", "test"), columnsOf(test), 1e-10, name + " transform(test)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void minMaxScalerMatchesScikitLearn(String name) {
        GoldenTables.Case c = golden(name);
        MinMaxScaler s = new MinMaxScaler().fit(numericTrain(c));
        assertClose(c.numbers("min_max_scaler", "data_min"), s.dataMin(), 0, name + " data_min_");
        assertClose(c.numbers("min_max_scaler", "data_max"), s.dataMax(), 0, name + " data_max_");
        assertClose(c.numbers("min_max_scaler", "scale"), s.scale(), TIGHT, name + " scale_");
        assertClose(c.numbers("min_max_scaler", "min"), s.min(), TIGHT, name + " min_");
        Table test = s.transform(c.test().select(c.numeric().toArray(new String[0])));
        assertRowsClose(c.matrix("min_max_scaler", "test"), columnsOf(test), 1e-10, name + " transform(test)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void imputerStatisticsMatchScikitLearn(String name) {
        GoldenTables.Case c = golden(name);
        Table train = numericTrain(c);
        for (var e : Map.of("mean", Strategy.MEAN, "median", Strategy.MEDIAN, "most_frequent", Strategy.MOST_FREQUENT).entrySet()) {
            SimpleImputer imp = new SimpleImputer(e.getValue()).fit(train);
            double[] stats = imp.statistics().stream().mapToDouble(x -> (Double) x).toArray();
            assertClose(c.numbers("imputer", e.getKey()), stats, TIGHT, name + " " + e.getKey() + " statistics_");
        }
        double[] constant = SimpleImputer.constant(0.0).fit(train).statistics().stream().mapToDouble(x -> (Double) x).toArray();
        assertClose(c.numbers("imputer", "constant"), constant, 0, name + " constant statistics_");
        SimpleImputer text = new SimpleImputer(Strategy.MOST_FREQUENT).fit(c.train().select(c.categorical()));
        assertEquals(List.of(c.section("imputer").get("categorical_most_frequent")), text.statistics(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void encoderCategoriesAndLabelsMatchScikitLearn(String name) {
        GoldenTables.Case c = golden(name);
        Table filled = new SimpleImputer(Strategy.MOST_FREQUENT).fitTransform(c.train().select(c.categorical()));
        assertEquals(List.of(GoldenTables.strings(c.values().get("one_hot_categories"))), new OneHotEncoder().fit(filled).categories());
        assertEquals(List.of(GoldenTables.strings(c.values().get("ordinal_categories"))), new OrdinalEncoder().fit(filled).categories());

        LabelEncoder labels = new LabelEncoder().fit(c.train().column(c.target()));
        assertEquals(GoldenTables.strings(c.values().get("label_classes")), labels.classes());
        Column testTarget = c.test().column(c.target());
        Tensor y = labels.transform(testTarget);
        int[] expected = ((List<?>) c.values().get("label_test")).stream().mapToInt(x -> ((Number) x).intValue()).toArray();
        assertArrayEquals(expected, y.toIntArray(), name + " LabelEncoder.transform(test)");
        var back = labels.inverseTransform(y);
        for (int r = 0; r < testTarget.size(); r++) assertEquals(testTarget.text(r), back.get(r));
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void medianStandardOneHotPipelineMatchesColumnTransformer(String name) {
        GoldenTables.Case c = golden(name);
        Preprocessor p = Preprocessor.builder()
                .numeric(c.numeric(), new SimpleImputer(Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of(c.categorical()), new SimpleImputer(Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE))
                .build()
                .fit(c.train());
        assertEquals(GoldenTables.strings(c.section("pipeline_median_standard_onehot").get("feature_names")), p.featureNames());
        double[][] expected = c.matrix("pipeline_median_standard_onehot", "test");
        assertRowsClose(expected, columnsOf(p.transform(c.test())), 1e-10, name + " transform(test)");
        Tensor x = p.transformToTensor(c.test());
        assertArrayEquals(new int[] {expected.length, expected[0].length}, x.shape());
        float[] flat = x.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) assertEquals((float) expected[i][j], flat[i * expected[0].length + j], 1e-6f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris", "wine", "breast_cancer"})
    void meanMinMaxOrdinalPipelineMatchesColumnTransformer(String name) {
        GoldenTables.Case c = golden(name);
        Preprocessor p = Preprocessor.builder()
                .numeric(c.numeric(), new SimpleImputer(Strategy.MEAN), new MinMaxScaler())
                .categorical(List.of(c.categorical()), SimpleImputer.constant("missing"), new OrdinalEncoder())
                .build()
                .fit(c.train());
        assertEquals(GoldenTables.strings(c.section("pipeline_mean_minmax_ordinal").get("feature_names")), p.featureNames());
        OrdinalEncoder enc = (OrdinalEncoder) p.steps("categorical").get(1);
        assertEquals(List.of(GoldenTables.strings(c.section("pipeline_mean_minmax_ordinal").get("categories"))), enc.categories());
        assertRowsClose(c.matrix("pipeline_mean_minmax_ordinal", "test"), columnsOf(p.transform(c.test())), 1e-10,
                name + " transform(test)");
    }
}
