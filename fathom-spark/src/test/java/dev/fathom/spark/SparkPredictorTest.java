package dev.fathom.spark;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.CsvReader;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring a Spark Dataset with a saved pipeline on local[2]: the same predictions as Pipeline.predict, value for value. */
class SparkPredictorTest extends LocalSparkTest {
    @Test
    void networkClassifierOverManyPartitionsAndBatchesEqualsLocalPredictions() throws IOException {
        TabularDataset wine = Datasets.load("wine");
        Preprocessor prep = Preprocessor.builder().numeric(wine.featureNames(), new StandardScaler()).build();
        int features = wine.featureNames().size();
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential().add(new Dense(16, "relu")).add(new Dense(3)).seed(3)
                .build(new int[] {features}).compile(new Adam(1e-2), new SparseCategoricalCrossentropy(true)),
                Fit.epochs(5).batchSize(16).seed(3).silent());
        Pipeline p = Pipeline.fit(wine.table(), wine.targetName(), prep, net);
        Path model = dir.resolve("wine.fathom");
        p.save(model);
        Table data = withId(wine.table());
        Path csv = TestSpark.writeCsv(data, dir.resolve("wine.csv"));

        int loadsBefore = ExecutorPipelines.loads();
        SparkPredictor predictor = SparkPredictor.load(spark, model).probabilities(true).batchSize(7);
        Dataset<Row> in = spark.read().option("header", true).option("inferSchema", true).csv(csv.toString()).repartition(3);
        Map<Integer, Row> scored = byId(predictor.apply(in).collectAsList());
        assertEquals(1, ExecutorPipelines.loads() - loadsBefore, "one load of the pipeline in this JVM, not one per partition or batch");

        Table local = CsvReader.read(csv);
        Column expected = p.predictColumn(local);
        float[] proba = p.predictProba(local).toFloatArray();
        assertEquals(data.rowCount(), scored.size());
        for (int r = 0; r < data.rowCount(); r++) {
            Row row = scored.get(r);
            assertEquals(expected.text(r), row.getAs("prediction"), "row " + r);
            double[] want = {proba[3 * r], proba[3 * r + 1], proba[3 * r + 2]};
            List<Double> got = row.getList(row.fieldIndex("probability"));
            assertArrayEquals(want, got.stream().mapToDouble(Double::doubleValue).toArray(), 0.0, "row " + r);
            assertEquals(((Number) row.getAs("alcohol")).doubleValue(), ((NumericColumn) local.column("alcohol")).values()[r], "passed through");
        }
    }

    @Test
    void regressionValuesEqualLocalPredictions() throws IOException {
        TabularDataset diabetes = Datasets.load("diabetes");
        Preprocessor prep = Preprocessor.builder().numeric(diabetes.featureNames(), new StandardScaler()).build();
        Pipeline p = Pipeline.fit(diabetes.table(), diabetes.targetName(), prep, new LinearRegression());
        Path model = dir.resolve("diabetes.fathom");
        p.save(model);
        Table data = withId(diabetes.table().drop(diabetes.targetName()));
        Path csv = TestSpark.writeCsv(data, dir.resolve("diabetes.csv"));
        Map<Integer, Row> scored = byId(SparkPredictor.load(spark, model).apply(
                spark.read().option("header", true).option("inferSchema", true).csv(csv.toString()).repartition(2)).collectAsList());
        double[] expected = ((NumericColumn) p.predictColumn(CsvReader.read(csv))).values();
        for (int r = 0; r < data.rowCount(); r++) assertEquals(expected[r], (double) scored.get(r).getAs("prediction"), 0.0, "row " + r);
    }

    @Test
    void categoriesThatLookLikeNumbersAndMissingValuesAreReadAsLocally() throws IOException {
        Table train = Table.of(
                NumericColumn.of("area", 50, 80, Double.NaN, 120, 65, 90, 30, 110),
                CategoricalColumn.of("zip", "11", "22", "22", "33", "11", "33", "22", null),
                CategoricalColumn.of("sold", "no", "yes", "yes", "no", "no", "yes", "yes", "no"));
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("area"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of("zip"), new SimpleImputer(SimpleImputer.Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE))
                .build();
        Pipeline p = Pipeline.fit(train, "sold", prep, new KNeighborsClassifier(3));
        Path model = dir.resolve("houses.fathom");
        p.save(model);
        Path csv = dir.resolve("houses.csv");
        Files.writeString(csv, "id,area,zip\n0,55,22\n1,,22\n2,100,\n3,70,44\n");
        // Spark infers zip as integers; the pipeline reads it as the categories' text, as Fathom's CSV reader does
        Map<Integer, Row> scored = byId(SparkPredictor.load(spark, model).apply(
                spark.read().option("header", true).option("inferSchema", true).csv(csv.toString())).collectAsList());
        Column expected = p.predictColumn(p.tableOf(List.of(rec(55, "22"), rec(null, "22"), rec(100, null), rec(70, "44"))));
        for (int r = 0; r < 4; r++) assertEquals(expected.text(r), scored.get(r).getAs("prediction"), "row " + r);
    }

    @Test
    void missingColumnAndTakenNameAreRefusedInOneLine() {
        Table t = Table.of(NumericColumn.of("a", 1, 2, 3, 4, 5, 6), NumericColumn.of("b", 0, 1, 0, 1, 0, 1),
                CategoricalColumn.of("label", "x", "y", "x", "y", "x", "y"));
        Pipeline p = Pipeline.fit(t, "label", Preprocessor.builder().numeric(List.of("a", "b"), new StandardScaler()).build(),
                new KNeighborsClassifier(3));
        Path model = dir.resolve("ab.fathom");
        p.save(model);
        SparkPredictor predictor = SparkPredictor.load(spark, model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> predictor.apply(spark.sql("SELECT 2.5 AS a")));
        assertEquals("the data has no column 'b', which the model reads (numeric); it has [a]; rename the column or score data with"
                + " the training columns", e.getMessage());
        Dataset<Row> taken = spark.sql("SELECT 2.5 AS a, 1.0 AS b, 'z' AS prediction");
        e = assertThrows(IllegalArgumentException.class, () -> predictor.apply(taken));
        assertEquals("the data already has a column 'prediction'; name the added columns with SparkPredictor.columns(prediction,"
                + " probability)", e.getMessage());
        Row one = predictor.columns("label_hat", "p").apply(taken).first();
        assertEquals(p.predictColumn(p.tableOf(List.of(Map.of("a", 2.5, "b", 1.0)))).text(0), one.getAs("label_hat"));
        assertEquals("z", one.getAs("prediction"));
    }

    @Test
    void nullPredictorArgumentsAndRegressorProbabilitiesAreRefused() {
        TabularDataset diabetes = Datasets.load("diabetes");
        Path model = dir.resolve("lin.fathom");
        Pipeline.fit(diabetes.table(), diabetes.targetName(), Preprocessor.builder().numeric(diabetes.featureNames(), new StandardScaler())
                .build(), new LinearRegression()).save(model);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkPredictor.load(spark, model).probabilities(true));
        assertEquals("probabilities(true) needs a classifier, but this pipeline predicts values of 'progression', not classes;"
                + " leave it out", e.getMessage());
        assertNull(SparkPredictor.load(spark, model).pipeline().labels());
    }

    private static Map<String, Object> rec(Object area, Object zip) {
        Map<String, Object> m = new HashMap<>();
        m.put("area", area);
        m.put("zip", zip);
        return m;
    }

    /** The table with an "id" column first (0, 1, 2, ...), to match rows after Spark reorders them. */
    static Table withId(Table t) {
        double[] ids = new double[t.rowCount()];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        List<Column> cols = new ArrayList<>();
        cols.add(NumericColumn.of("id", ids));
        cols.addAll(t.columns());
        return Table.of(cols);
    }

    static Map<Integer, Row> byId(List<Row> rows) {
        Map<Integer, Row> out = new HashMap<>();
        for (Row r : rows) {
            Object id = r.getAs("id");   // a number, or text where fathom predict --spark read a column the model does not use
            out.put(id instanceof Number n ? n.intValue() : (int) Double.parseDouble(id.toString()), r);
        }
        return out;
    }
}
