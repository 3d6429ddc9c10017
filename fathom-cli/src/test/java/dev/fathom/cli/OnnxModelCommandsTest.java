package dev.fathom.cli;

import dev.fathom.datasets.Datasets;
import dev.fathom.models.Functional;
import dev.fathom.onnx.Onnx;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that take a model file take an .onnx file: iris_mlp.onnx (written by
 * fathom-onnx/src/test/python/make_onnx_fixtures.py) names its columns, classes and target in its
 * metadata, so it predicts the built-in iris data set like a pipeline trained by fathom train.
 */
class OnnxModelCommandsTest {
    static Path model() throws URISyntaxException {
        return Path.of(OnnxModelCommandsTest.class.getResource("/onnx/iris_mlp.onnx").toURI());
    }

    @Test
    void predictTakesAnOnnxFileAndGivesTheNetworksClasses() throws Exception {
        Cli.Run r = Cli.run("predict", model().toString(), "iris");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("row,species", lines.get(0));
        assertEquals(151, lines.size(), r.out());
        // The classes are the argmax of the imported network's outputs on the same rows.
        Functional net = Onnx.load(model());
        var iris = Datasets.load("iris");
        Tensor x = iris.table().drop("species").toTensor();
        int[] argmax = net.predict(x).argmax(1).toIntArray();
        List<String> classes = List.of("setosa", "versicolor", "virginica");
        for (int i = 0; i < 150; i++) assertEquals(i + "," + classes.get(argmax[i]), lines.get(i + 1), "row " + i);
    }

    @Test
    void evaluateTakesAnOnnxFile() throws Exception {
        Cli.Run r = Cli.run("evaluate", model().toString(), "iris");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accuracy"), r.out());
    }

    @Test
    void aCorruptOnnxFileIsOneLineNamingIt() throws Exception {
        Path bad = Path.of("target", "not-a-model.onnx");
        java.nio.file.Files.writeString(bad, "sepal,petal\n1,2\n");
        Cli.Run r = Cli.run("predict", bad.toString(), "iris");
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("cannot load ONNX file '" + bad + "'"), r.err());
    }
}
