package com.example;

import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A program of a project that depends on Fathom: trains a small MLP on iris (bundled in the jar,
 * nothing to download), prints its accuracy and saves it as {@code iris.fathom}; with the
 * arguments {@code predict FILE} it loads a saved model instead and prints its first predictions.
 *
 * <pre>
 * mvn package dependency:copy-dependencies
 * java --add-modules jdk.incubator.vector -cp "target/fathom-consumer-1.0.jar:target/dependency/*" com.example.Main
 * </pre>
 */
public class Main {
    public static void main(String[] args) {
        TabularDataset iris = Datasets.load("iris");   // 150 flowers, 4 measurements, 3 species
        if (args.length == 2 && args[0].equals("predict")) {
            Model model = Model.load(Path.of(args[1]));
            int[] classes = model.predictClasses(iris.features().slice(0, 0, 5)).toIntArray();
            System.out.println("iris: predicted classes of the first 5 rows " + Arrays.toString(classes));
            return;
        }

        Sequential model = new Sequential(
                new Dense(16, "relu"),
                new Dense(3));                          // one logit per species
        model.seed(0);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        model.fit(iris.features(), iris.labels(), Fit.epochs(50).batchSize(16).seed(0).verbosity(Fit.Verbosity.SILENT));

        Map<String, Double> scores = model.evaluate(iris.features(), iris.labels());
        System.out.printf("iris: accuracy %.4f, loss %.4f after 50 epochs%n", scores.get("accuracy"), scores.get("loss"));
        model.save(Path.of("iris.fathom"));
    }
}
