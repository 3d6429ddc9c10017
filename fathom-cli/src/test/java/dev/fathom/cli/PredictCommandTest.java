package dev.fathom.cli;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.OneHotEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.LinearRegression;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictCommandTest {
    @TempDir
    Path dir;

    @Test
    void predictionsAndProbabilitiesOfASavedModelEqualTheFittedPipelinesExactly() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("breast_cancer", new LogisticRegression(), dir);
        Path model = f.model();
        Path data = Fixtures.writeCsv(f.test(), dir.resolve("test.csv"));
        Path out = dir.resolve("out/predictions.csv");

        Cli.Run r = Cli.run("predict", model.toString(), data.toString(), "--proba", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Wrote " + f.test().rowCount() + " predictions of '" + f.target() + "' to " + out, r.out().strip());

        List<String> classes = f.pipeline().classes();
        String header = Files.readAllLines(out).getFirst();
        assertEquals("row," + f.target() + ",proba_" + classes.get(0) + ",proba_" + classes.get(1), header);
        List<Map<String, String>> rows = Fixtures.readRows(Files.readString(out));
        Column expected = f.pipeline().predictColumn(f.test());
        float[] proba = f.pipeline().predictProba(f.test()).toFloatArray();
        assertEquals(f.test().rowCount(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> row = rows.get(i);
            assertEquals(Integer.toString(i), row.get("row"));
            assertEquals(expected.text(i), row.get(f.target()), "row " + i);
            for (int c = 0; c < classes.size(); c++) {
                assertEquals(proba[i * classes.size() + c], Float.parseFloat(row.get("proba_" + classes.get(c))), 0f, "row " + i);
            }
        }
        // The target column was in the file: the model ignores it, and says so on stderr only.
        assertTrue(r.err().contains("note: 1 column of " + data + " that the model does not use is ignored: " + f.target()), r.err());
    }

    @Test
    void regressionValuesOnStdoutReadBackToTheSameFloats() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("diabetes", new LinearRegression(), dir);
        Path model = f.model();
        Table noTarget = f.test().drop(f.target());
        Path data = Fixtures.writeCsv(noTarget, dir.resolve("new.csv"));

        Cli.Run r = Cli.run("predict", model.toString(), data.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("row," + f.target() + "\n"), r.out());
        NumericColumn expected = (NumericColumn) f.pipeline().predictColumn(noTarget);
        List<Map<String, String>> rows = Fixtures.readRows(r.out());
        assertEquals(noTarget.rowCount(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(expected.get(i), Float.parseFloat(rows.get(i).get(f.target())), 0.0, "row " + i);
        }
    }

    @Test
    void builtInDataSetByName() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(5), dir);
        Path model = f.model();
        Cli.Run r = Cli.run("predict", model.toString(), "iris");
        assertEquals(0, r.code(), r.err());
        Column expected = f.pipeline().predictColumn(Datasets.load("iris").table());
        List<Map<String, String>> rows = Fixtures.readRows(r.out());
        assertEquals(150, rows.size());
        for (int i = 0; i < 150; i++) assertEquals(expected.text(i), rows.get(i).get("species"));
    }

    @Test
    void categoricalColumnsWithMissingValuesAndNumberLikeCategories() throws Exception {
        // 'zip' holds text in training; in the new file its values look like numbers and keep their leading zeros.
        Table train = Table.of(
                NumericColumn.of("area", 50, 80, Double.NaN, 120, 65, 90, 30, 110),
                CategoricalColumn.of("zip", "A1", "02134", "02134", "B2", "A1", "B2", "02134", null),
                CategoricalColumn.of("sold", "no", "yes", "yes", "no", "no", "yes", "yes", "no"));
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("area"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
                .categorical(List.of("zip"), new SimpleImputer(SimpleImputer.Strategy.MOST_FREQUENT), new OneHotEncoder(HandleUnknown.IGNORE))
                .build();
        Pipeline p = Pipeline.fit(train, "sold", prep, new KNeighborsClassifier(3));
        Path model = dir.resolve("houses.fathom");
        p.save(model);
        Path data = dir.resolve("new.csv");
        Files.writeString(data, "id,area,zip\n7,55,02134\n8,,02134\n9,100,\n");

        Cli.Run r = Cli.run("predict", model.toString(), data.toString(), "--proba");
        assertEquals(0, r.code(), r.err());
        Table expectedInput = Table.of(NumericColumn.of("area", 55, Double.NaN, 100), CategoricalColumn.of("zip", "02134", "02134", null));
        Column expected = p.predictColumn(expectedInput);
        float[] proba = p.predictProba(expectedInput).toFloatArray();
        StringBuilder want = new StringBuilder("row,sold,proba_no,proba_yes\n");
        for (int i = 0; i < 3; i++) {
            want.append(i).append(',').append(expected.text(i)).append(',').append(proba[2 * i]).append(',').append(proba[2 * i + 1]).append('\n');
        }
        assertEquals(want.toString(), r.out());
        assertTrue(r.err().contains("is ignored: id"), r.err());
    }

    @Test
    void missingColumnIsNamedWithTheClosest() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        String first = f.pipeline().inputs().getFirst().name();   // "sepal length (cm)"
        String typo = first.replace("length", "lenght");
        Table renamed = f.test().drop(first).with(((NumericColumn) f.test().column(first)).rename(typo));
        Path data = Fixtures.writeCsv(renamed, dir.resolve("typo.csv"));

        Cli.Run r = Cli.run("predict", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ": the data has no column '" + first + "' (did you mean '" + typo + "'?), which the model"
                + " reads."), r.err());
        assertEquals("", r.out());
    }

    @Test
    void malformedCsvNamesTheLine() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Fixtures.writeCsv(f.test(), dir.resolve("t.csv"))));
        lines.set(4, lines.get(4) + ",7.1");   // line 5 gets a field too many
        Path data = dir.resolve("bad.csv");
        Files.write(data, lines);

        Cli.Run r = Cli.run("predict", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ", line 5"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aWordInANumericColumnIsNamedWithItsLine() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new KNeighborsClassifier(3), dir);
        Path model = f.model();
        String col = f.pipeline().inputs().get(1).name();
        Path data = Fixtures.writeCsv(f.test().first(5), dir.resolve("w.csv"));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(data));
        String[] cells = lines.get(3).split(",");
        cells[1] = "three";
        lines.set(3, String.join(",", cells));
        Files.write(data, lines);

        Cli.Run r = Cli.run("predict", model.toString(), data.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: " + data + ", line 4, column 2 '" + col + "'"), r.err());
        assertTrue(r.err().contains("three"), r.err());
    }

    @Test
    void truncatedModelIsRefused() throws Exception {
        Path model = savedIris();
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Run r = Cli.run("predict", model.toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains(model.toString()), r.err());
        assertTrue(r.err().contains("truncated or damaged"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void modelWithFlippedBytesIsRefused() throws Exception {
        Path model = savedIris();
        byte[] bytes = Files.readAllBytes(model);
        // The middle of the file is inside the stored training data that k-NN keeps.
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) bytes[i] ^= (byte) 0x5a;
        Files.write(model, bytes);
        Cli.Run r = Cli.run("predict", model.toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains(model.toString()), r.err());
        assertTrue(r.err().contains("CRC") || r.err().contains("SHA-256") || r.err().contains("damaged"), r.err());
    }

    @Test
    void modelFromANewerFathomIsRefused() throws Exception {
        Path model = savedIris();
        Map<String, byte[]> entries = Fixtures.unzip(model);
        String manifest = new String(entries.get("pipeline.json"), StandardCharsets.UTF_8);
        entries.put("pipeline.json", manifest.replaceFirst("\"version\" ?: ?1", "\"version\" : 99").getBytes(StandardCharsets.UTF_8));
        Fixtures.zip(entries, model);
        Cli.Run r = Cli.run("predict", model.toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("version 99, written by a newer Fathom"), r.err());
    }

    @Test
    void missingModelFileIsNamed() {
        Cli.Run r = Cli.run("predict", dir.resolve("nope.fathom").toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: ") && r.err().contains("nope.fathom") && r.err().contains("no such file"), r.err());
    }

    @Test
    void unwritableOutputIsNamedAndNothingIsWritten() throws Exception {
        Path model = savedIris();
        Path blocker = dir.resolve("results");
        Files.writeString(blocker, "a file where the output folder should be");
        Path out = blocker.resolve("predictions.csv");
        Cli.Run r = Cli.run("predict", model.toString(), "iris", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("fathom: cannot write the predictions to " + out + ": a file stands where a folder is needed"), r.err());
        assertTrue(r.err().contains("choose another --out"), r.err());
        assertEquals("a file where the output folder should be", Files.readString(blocker));
    }

    @Test
    void outputThatIsAFolderIsRefused() throws Exception {
        Cli.Run r = Cli.run("predict", savedIris().toString(), "iris", "--out", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("it is a folder; give a file name inside it"), r.err());
    }

    @Test
    void outputReplacesAnOldFileWhole() throws Exception {
        Path out = dir.resolve("p.csv");
        Files.writeString(out, "old content ".repeat(10_000));
        Cli.Run r = Cli.run("predict", savedIris().toString(), "iris", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(out);
        assertTrue(text.startsWith("row,species\n0,") && !text.contains("old content"), text);
        assertEquals(151, text.lines().count());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void probaOfARegressorIsRefused() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("diabetes", new LinearRegression(), dir);
        Path model = f.model();
        Cli.Run r = Cli.run("predict", model.toString(), "diabetes", "--proba");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: --proba needs a classifier, but " + model + " is a regression model"), r.err());
    }

    @Test
    void missingDataArgumentIsAUsageError() throws Exception {
        Cli.Run r = Cli.run("predict", savedIris().toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Missing required parameter: 'DATA'"), r.err());
    }

    @Test
    void csvFieldsAreQuotedOnlyWhereNeeded() {
        assertEquals("setosa", PredictCommand.field("setosa"));
        assertEquals("\"a, b\"", PredictCommand.field("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", PredictCommand.field("say \"hi\""));
        assertEquals("\" padded\"", PredictCommand.field(" padded"));
        assertEquals("1.5", PredictCommand.value(NumericColumn.of("y", 1.5), 0));
        assertEquals("0.1", PredictCommand.value(NumericColumn.of("y", (double) 0.1f), 0));   // a float32 in its short form
        assertEquals("0.1", PredictCommand.value(NumericColumn.of("y", 0.1), 0));
    }

    private Path savedIris() {
        return Fixtures.fit("iris", new KNeighborsClassifier(3), dir).model();
    }

    @Test
    void sparkWithoutSparkOnTheClassPathSaysWhatToAdd() {
        Cli.Run r = Cli.run("predict", "model.fathom", "data.parquet", "--spark", "local[2]", "--out", "scored.parquet");
        assertEquals(1, r.code());
        assertEquals("fathom: --spark needs Spark: add fathom-spark and Spark 4.2 to the class path (spark-submit adds Spark:"
                + " spark-submit --class dev.fathom.cli.Main --jars <the Fathom jars> ..., see the README's 'Running on Spark')\n",
                r.err());
    }
}
