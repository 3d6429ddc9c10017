package dev.fathom.onnx.export;

import dev.fathom.datasets.Datasets;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.KNeighborsClassifier;
import dev.fathom.estimators.KNeighborsRegressor;
import dev.fathom.trees.RandomForestClassifier;
import dev.fathom.trees.HistGradientBoostingClassifier;
import dev.fathom.trees.HistGradientBoostingRegressor;
import dev.fathom.trees.DecisionTreeRegressor;
import dev.fathom.estimators.Classifier;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ONNX's own checker, with full shape inference, accepts every network of {@link ModelExportTest}:
 * the files follow the specification, not only what ONNX Runtime tolerates. Needs Debian's
 * python3-onnx; skipped, saying so, where it is missing.
 */
class OnnxCheckerTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("src/test/python/check_onnx_exports.py");

    @TempDir
    Path dir;

    @Test
    void onnxsCheckerAcceptsEveryExportedNetwork() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import onnx")).code == 0,
                "no python3-onnx at " + PYTHON + ", so ONNX's checker cannot be run (apt-get install python3-onnx)");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
        int i = 0;
        for (ModelExportTest.Case c : ModelExportTest.cases().toList()) {
            Path file = dir.resolve((i++) + ".onnx");
            Files.write(file, OnnxExport.model(c.model().get()).toByteArray());
            command.add(file.toString());
        }
        Result r = run(command);
        assertEquals(0, r.code, r.output);
        assertEquals(i, r.output.lines().filter(l -> l.startsWith("ok ")).count(), r.output);
    }

    @Test
    void onnxsCheckerAcceptsTreeEnsembleAndNeighboursPipelines() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import onnx")).code == 0,
                "no python3-onnx at " + PYTHON + ", so ONNX's checker cannot be run (apt-get install python3-onnx)");
        var iris = Datasets.load("iris");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), SCRIPT.toString()));
        List<Estimator> estimators = List.of(new RandomForestClassifier().trees(3), new HistGradientBoostingClassifier().maxIter(3),
                new HistGradientBoostingRegressor().maxIter(3), new DecisionTreeRegressor(), new KNeighborsClassifier(3, true),
                new KNeighborsRegressor(3));
        for (int i = 0; i < estimators.size(); i++) {
            Estimator e = estimators.get(i);
            // The classifiers predict the species; the regressors petal width from the other three columns.
            List<String> features = e instanceof Classifier ? iris.featureNames() : iris.featureNames().subList(0, 3);
            String target = e instanceof Classifier ? iris.targetName() : iris.featureNames().get(3);
            Pipeline p = Pipeline.fit(e instanceof Classifier ? iris.table() : iris.table().drop(iris.targetName()), target,
                    Preprocessor.builder().numeric(features, new StandardScaler()).build(), e);
            Path file = dir.resolve("pipeline" + i + ".onnx");
            Files.write(file, OnnxExport.pipeline(p).toByteArray());
            command.add(file.toString());
        }
        Result r = run(command);
        assertEquals(0, r.code, r.output);
        assertEquals(estimators.size(), r.output.lines().filter(l -> l.startsWith("ok ")).count(), r.output);
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish");
        return new Result(p.exitValue(), out);
    }
}
