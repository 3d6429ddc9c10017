package dev.fathom.cli;

import dev.fathom.estimators.DummyClassifier;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.layers.Dense;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.onnx.Onnx;
import dev.fathom.trees.HistGradientBoostingRegressor;
import dev.fathom.trees.RandomForestClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fathom export}: pipelines and networks to ONNX files, and the refusals in one line. */
class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportsAPipelineWithItsPreprocessing() throws Exception {
        Fixtures.Fitted f = Fixtures.fit("iris", new LogisticRegression(), dir);
        Path out = dir.resolve("iris.onnx");
        Cli.Run r = Cli.run("export", f.model().toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Exported the pipeline") && r.out().contains("'label' and 'probabilities'")
                && r.out().contains(out.toString()), r.out());
        String bytes = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("ai.onnx.ml") && bytes.contains("Scaler") && bytes.contains("fathom.classes")
                && bytes.contains("setosa"), "the file holds the ONNX-ML preprocessing and the class names");
    }

    @Test
    void exportsForestsAndBoostingAsTreeEnsembles() throws Exception {
        Fixtures.Fitted forest = Fixtures.fit("iris", new RandomForestClassifier().trees(5).seed(1), dir);
        Path out = dir.resolve("forest.onnx");
        Cli.Run r = Cli.run("export", forest.model().toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1).contains("TreeEnsembleClassifier"));
        Fixtures.Fitted boosted = Fixtures.fit("diabetes", new HistGradientBoostingRegressor().maxIter(5), dir);
        Path out2 = dir.resolve("boosted.onnx");
        Cli.Run r2 = Cli.run("export", boosted.model().toString(), out2.toString());
        assertEquals(0, r2.code(), r2.err());
        assertTrue(new String(Files.readAllBytes(out2), StandardCharsets.ISO_8859_1).contains("TreeEnsembleRegressor"));
    }

    @Test
    void exportsANetworkSavedWithModelSave() throws Exception {
        Model m = new Sequential(new Dense(3, "relu"), new Dense(2)).seed(1).build(4);
        Path file = dir.resolve("net.fathom");
        m.save(file);
        Path out = dir.resolve("net.onnx");
        Cli.Run r = Cli.run("export", file.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Exported the network (2 layers)"), r.out());
        Path direct = dir.resolve("direct.onnx");
        Onnx.save(m, direct);
        assertEquals(Files.size(direct), Files.size(out), "the command writes what Onnx.save writes");
    }

    @Test
    void refusesWhatOnnxCannotSayInOneLine() {
        Fixtures.Fitted f = Fixtures.fit("iris", new DummyClassifier(), dir);
        Cli.Run r = Cli.run("export", f.model().toString(), dir.resolve("dummy.onnx").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: cannot export the pipeline to") && r.err().contains("DummyClassifier"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(Files.notExists(dir.resolve("dummy.onnx")));
    }

    @Test
    void namesAMissingModelFile() {
        Cli.Run r = Cli.run("export", dir.resolve("nope.fathom").toString(), dir.resolve("x.onnx").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nope.fathom"), r.err());
    }
}
