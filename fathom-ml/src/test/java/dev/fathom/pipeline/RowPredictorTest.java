package dev.fathom.pipeline;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.MinMaxScaler;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.PixelScaler;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static dev.fathom.pipeline.PipelineTesting.assertBitIdentical;
import static dev.fathom.pipeline.PipelineTesting.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows of numbers predicted with no table give exactly the table's answers, and the table's errors. */
class RowPredictorTest {
    private static final List<String> X = List.of("a", "b", "c", "d");

    /** 60 rows of four numeric columns (some missing in 'a' and 'c'), a class and a value to predict. */
    private static Table train() {
        Random random = new Random(7);
        int n = 60;
        double[][] x = new double[X.size()][n];
        String[] label = new String[n];
        double[] value = new double[n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < X.size(); j++) x[j][r] = random.nextGaussian() * (j + 1) * 10 + j;
            if (r % 7 == 3) x[0][r] = Double.NaN;
            if (r % 11 == 5) x[2][r] = Double.NaN;
            label[r] = x[1][r] + x[3][r] > 4 ? "high" : x[1][r] > -5 ? "mid" : "low";
            value[r] = 0.5 * x[1][r] - 0.25 * x[3][r];
        }
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < X.size(); j++) columns.add(NumericColumn.of(X.get(j), x[j]));
        columns.add(CategoricalColumn.of("label", label));
        columns.add(NumericColumn.of("value", value));
        return Table.of(columns);
    }

    private static Preprocessor imputedAndScaled() {
        return Preprocessor.builder()
                .numeric(List.of("a", "c"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
                .numeric(List.of("d", "b"), new MinMaxScaler(-1, 1, true))
                .build();
    }

    private static Pipeline fit(Preprocessor prep, String target, Estimator estimator) {
        return Pipeline.fit(train().drop(target.equals("label") ? "value" : "label"), target, prep, estimator);
    }

    /** Rows to predict: spread past the training range (so clipping acts), with missing values in imputed columns. */
    private static double[][] rows(int n, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][X.size()];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < X.size(); j++) rows[r][j] = random.nextGaussian() * (j + 1) * 25 + j;
            if (r % 3 == 1) rows[r][0] = Double.NaN;
            if (r % 4 == 2) rows[r][2] = Double.NaN;
        }
        rows[0][1] = -0.0;
        return rows;
    }

    private static Table table(double[][] rows) {
        List<Column> columns = new ArrayList<>();
        for (int j = 0; j < X.size(); j++) {
            double[] v = new double[rows.length];
            for (int r = 0; r < rows.length; r++) v[r] = rows[r][j];
            columns.add(NumericColumn.of(X.get(j), v));
        }
        return Table.of(columns);
    }

    /** {@code rows} (columns in X's order) in the pipeline's input order, as a RowPredictor takes them. */
    private static double[][] given(Pipeline p, double[][] rows) {
        List<String> inputs = p.inputs().stream().map(InputColumn::name).toList();
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            out[r] = inputs.stream().mapToDouble(name -> row[X.indexOf(name)]).toArray();
        }
        return out;
    }

    private static void assertSameColumn(Column expected, Column actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            if (expected instanceof NumericColumn e) {
                assertEquals(Double.doubleToRawLongBits(e.get(r)), Double.doubleToRawLongBits(((NumericColumn) actual).get(r)), "row " + r);
            } else {
                assertEquals(expected.text(r), actual.text(r), "row " + r);
            }
        }
    }

    @Test
    void aClassifiersRowsGetTheTablesClassesAndProbabilitiesBitForBit(@TempDir Path dir) {
        for (Pipeline p : List.of(fit(imputedAndScaled(), "label", new LogisticRegression()),
                roundTrip(fit(imputedAndScaled(), "label", new LogisticRegression()), dir, "logistic"),
                fit(imputedAndScaled(), "label", new KNeighborsClassifier(3)))) {
            RowPredictor rows = p.rowPredictor().orElseThrow();
            assertEquals(4, rows.inputCount());
            for (int n : new int[] {1, 2, 37}) {
                double[][] x = rows(n, n);
                assertSameColumn(p.predictColumn(table(x)), rows.predictColumn(given(p, x)));
                assertBitIdentical(p.predictProba(table(x)), rows.predictProba(given(p, x)), p.estimator() + ", " + n + " rows");
            }
        }
    }

    @Test
    void aRegressorsRowsGetTheTablesValuesWithPassthroughColumns() {
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("b"), new StandardScaler(false, true))
                .remainder(Preprocessor.Remainder.PASSTHROUGH)
                .build();
        Table train = train().drop("label");
        for (int j = 0; j < X.size(); j++) {
            if (j != 1) train = train.with(NumericColumn.of(X.get(j), ((NumericColumn) train.column(X.get(j))).values()));
        }
        // The passthrough columns must have no missing values for a linear model: fill them in first.
        double[][] x = rows(25, 3);
        for (double[] row : x) for (int j = 0; j < row.length; j++) if (Double.isNaN(row[j])) row[j] = j;
        Table clean = Table.of(train.columns().stream().map(c -> c instanceof NumericColumn nc && nc.missingCount() > 0
                ? (Column) NumericColumn.of(c.name(), java.util.Arrays.stream(nc.values()).map(v -> Double.isNaN(v) ? 0 : v).toArray())
                : c).toList());
        Pipeline p = Pipeline.fit(clean, "value", prep, new LinearRegression());
        RowPredictor rows = p.rowPredictor().orElseThrow();
        assertSameColumn(p.predictColumn(table(x)), rows.predictColumn(given(p, x)));
    }

    @Test
    void refusedRowsGetTheTablesErrors() {
        Pipeline p = fit(imputedAndScaled(), "label", new LogisticRegression());
        RowPredictor rows = p.rowPredictor().orElseThrow();
        double[][] infinite = rows(3, 1);
        infinite[2][1] = Double.POSITIVE_INFINITY;
        PipelineInputException expected = assertThrows(PipelineInputException.class, () -> p.predictColumn(table(infinite)));
        PipelineInputException actual = assertThrows(PipelineInputException.class, () -> rows.predictColumn(given(p, infinite)));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertEquals(2, actual.record());
        // 'b' has no imputer: a missing value there is refused as the table refuses it.
        double[][] missing = rows(2, 1);
        missing[1][1] = Double.NaN;
        expected = assertThrows(PipelineInputException.class, () -> p.predictProba(table(missing)));
        actual = assertThrows(PipelineInputException.class, () -> rows.predictProba(given(p, missing)));
        assertEquals(expected.getMessage(), actual.getMessage());
        assertTrue(actual.getMessage().contains("'b'"), actual.getMessage());
        IllegalArgumentException wrongWidth = assertThrows(IllegalArgumentException.class, () -> rows.predictColumn(new double[][] {{1, 2}}));
        assertEquals("RowPredictor: row 0 holds 2 values but the pipeline reads 4 columns; give one value per input, in Pipeline.inputs()"
                + " order", wrongWidth.getMessage());
    }

    @Test
    void pipelinesWithoutARowFormHaveNone() {
        Table base = train().drop("value");
        String[] colour = IntStream.range(0, base.rowCount()).mapToObj(i -> i % 3 == 0 ? "red" : "blue").toArray(String[]::new);
        Pipeline encoded = Pipeline.fit(base.with(CategoricalColumn.of("colour", colour)), "label", Preprocessor.builder()
                .numeric(X, new SimpleImputer(SimpleImputer.Strategy.MEAN))
                .categorical(List.of("colour"), new OneHotEncoder()).build(), new LogisticRegression());
        assertTrue(encoded.rowPredictor().isEmpty(), "a categorical input");
        Table grey = Table.of(NumericColumn.of("p0", 0, 255, 12, 200, 90, 30), NumericColumn.of("p1", 5, 250, 0, 180, 100, 20),
                CategoricalColumn.of("label", "dark", "light", "dark", "light", "light", "dark"));
        Pipeline pixels = Pipeline.fit(grey, "label", Preprocessor.builder().numeric(List.of("p0", "p1"), new PixelScaler()).build(),
                new LogisticRegression());
        assertTrue(pixels.rowPredictor().isEmpty(), "a step with no row form");
    }

    @Test
    void columnsNoGroupListsAreDroppedAsTheTableDropsThem() {
        Pipeline p = fit(Preprocessor.builder().numeric(List.of("d", "b"), new StandardScaler()).build(), "label", new LogisticRegression());
        RowPredictor rows = p.rowPredictor().orElseThrow();
        double[][] x = rows(9, 5);
        double[][] given = given(p, x);
        assertSameColumn(p.predictColumn(table(x)), rows.predictColumn(given));
        assertBitIdentical(p.predictProba(table(x)), rows.predictProba(given), "probabilities");
    }
}
