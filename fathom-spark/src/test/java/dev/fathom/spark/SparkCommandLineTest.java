package dev.fathom.spark;

import dev.fathom.cli.Main;
import dev.fathom.data.Column;
import dev.fathom.data.CsvReader;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.pipeline.Pipeline;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fathom predict MODEL DATA --spark local[2]} through the command line, which finds fathom-spark by class name. */
class SparkCommandLineTest extends LocalSparkTest {
    @Test
    void predictWithSparkFromTheCommandLine() throws Exception {
        TabularDataset iris = Datasets.load("iris");
        Pipeline p = Pipeline.fit(iris.table(), iris.targetName(), Preprocessor.builder().numeric(iris.featureNames(), new StandardScaler())
                .build(), new KNeighborsClassifier(5));
        Path model = dir.resolve("iris.fathom");
        p.save(model);
        Path csv = TestSpark.writeCsv(SparkPredictorTest.withId(iris.table()), dir.resolve("iris.csv"));
        Path out = dir.resolve("scored.parquet");
        StringWriter text = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(text));
        int code = cl.execute("predict", model.toString(), csv.toString(), "--spark", "local[2]", "--out", out.toString());
        assertEquals(0, code, text.toString());
        assertTrue(text.toString().startsWith("Wrote the predictions of 'species' to " + out + " (Parquet folder) with Spark 4.2.0"),
                text.toString());
        Map<Integer, Row> rows = SparkPredictorTest.byId(spark.read().parquet(out.toString()).collectAsList());
        Table local = CsvReader.read(csv);
        Column expected = p.predictColumn(local);
        for (int r = 0; r < local.rowCount(); r++) assertEquals(expected.text(r), rows.get(r).getAs("prediction"), "row " + r);
    }
}
