package dev.fathom.spark;

import dev.fathom.data.Column;
import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code fathom predict MODEL DATA --spark MASTER --out OUT} runs: CSV or Parquet in and out, one-line errors. */
class FathomSparkPredictTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Pipeline pipeline;
    static Path model;
    static Path csv;
    static Table local;

    @BeforeAll
    static void start() throws IOException {
        spark = TestSpark.local();
        TabularDataset iris = Datasets.load("iris");
        pipeline = Pipeline.fit(iris.table(), iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler())
                .build(), new LogisticRegression());
        model = dir.resolve("iris.fathom");
        pipeline.save(model);
        Table t = SparkPredictorTest.withId(iris.table().drop(iris.targetName()));
        csv = TestSpark.writeCsv(t, dir.resolve("iris.csv"));
        local = CsvReader.read(csv);
    }

    @AfterAll
    static void stop() {
        TestSpark.stop(spark);
    }

    @Test
    void csvToParquetWithProbabilities() {
        Path out = dir.resolve("scored.parquet");
        String line = FathomSpark.predict("local[2]", model, csv.toString(), out, true);
        assertTrue(line.startsWith("Wrote the predictions of 'species' to " + out + " (Parquet folder) with Spark 4.2.0 on local[2],"
                + " application "), line);
        Map<Integer, Row> rows = SparkPredictorTest.byId(spark.read().parquet(out.toString()).collectAsList());
        Column expected = pipeline.predictColumn(local);
        float[] proba = pipeline.predictProba(local).toFloatArray();
        assertEquals(local.rowCount(), rows.size());
        for (int r = 0; r < local.rowCount(); r++) {
            assertEquals(expected.text(r), rows.get(r).getAs("prediction"));
            List<Double> p = rows.get(r).getList(rows.get(r).fieldIndex("probability"));
            assertArrayEquals(new double[] {proba[3 * r], proba[3 * r + 1], proba[3 * r + 2]},
                    p.stream().mapToDouble(Double::doubleValue).toArray(), 0.0);
        }
    }

    @Test
    void csvToCsvHasOneProbabilityColumnPerClass() {
        Path out = dir.resolve("scored.csv");
        FathomSpark.predict("local[2]", model, csv.toString(), out, true);
        assertTrue(Files.exists(out.resolve("_SUCCESS")), "Spark's marker of a complete output");
        List<Row> rows = spark.read().option("header", true).option("inferSchema", true).csv(out.toString()).collectAsList();
        Map<Integer, Row> byId = SparkPredictorTest.byId(rows);
        assertEquals(List.of("id", "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "prediction",
                "proba_setosa", "proba_versicolor", "proba_virginica"), List.of(rows.getFirst().schema().fieldNames()));
        Column expected = pipeline.predictColumn(local);
        float[] proba = pipeline.predictProba(local).toFloatArray();
        for (int r = 0; r < local.rowCount(); r++) {
            assertEquals(expected.text(r), byId.get(r).getAs("prediction"));
            assertEquals((double) proba[3 * r + 2], ((Number) byId.get(r).getAs("proba_virginica")).doubleValue(), 0.0);
        }
    }

    @Test
    void badMasterUrlAndPathsAreOneLine() throws IOException {
        Path out = dir.resolve("x.parquet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FathomSpark.predict("spark:/host:7077", model, csv.toString(), out, false));
        assertEquals("--spark spark:/host:7077: not a Spark master URL; use local, local[N], local[*], spark://HOST:7077 (a standalone"
                + " master), yarn, or k8s://HOST:PORT", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FathomSpark.predict("local[2]", model, csv.toString(), null, false));
        assertEquals("--spark writes the predictions with Spark, as a folder: add --out scored.parquet (or --out scored.csv)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FathomSpark.predict("local[2]", model, "data.json", out, false));
        assertEquals("DATA data.json: --spark reads and writes Parquet or CSV, known by the name's extension; name a .parquet, .csv or"
                + " .tsv file or folder", e.getMessage());
        Path taken = Files.createDirectories(dir.resolve("taken.parquet"));
        e = assertThrows(IllegalArgumentException.class, () -> FathomSpark.predict("local[2]", model, csv.toString(), taken, false));
        assertEquals("--out " + taken + " exists; Spark writes a new folder: remove it or name another", e.getMessage());
    }
}
