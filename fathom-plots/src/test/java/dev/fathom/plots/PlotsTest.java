package dev.fathom.plots;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.layers.Dense;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.metrics.ConfusionMatrix;
import dev.fathom.metrics.PrecisionRecallCurve;
import dev.fathom.metrics.RocCurve;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every plot kind written as PNG and SVG and read back. Set -Dfathom.plots.keep=DIR to keep the files for a look. */
class PlotsTest {
    @TempDir
    static Path temp;
    private static Path dir;
    private static History history;
    private static int[] yTrue;
    private static double[] probabilities;

    @BeforeAll
    static void train() throws Exception {
        String keep = System.getProperty("fathom.plots.keep");
        dir = keep != null ? Files.createDirectories(Path.of(keep)) : temp;
        // three noisy blobs: a small model trained for 25 epochs gives curves and imperfect predictions
        Generator g = new Generator(11);
        int n = 240;
        float[] x = new float[2 * n];
        yTrue = new int[n];
        for (int i = 0; i < n; i++) {
            yTrue[i] = i % 3;
            x[2 * i] = (float) (Math.cos(yTrue[i] * 2.1) * 1.5 + g.nextNormal());
            x[2 * i + 1] = (float) (Math.sin(yTrue[i] * 2.1) * 1.5 + g.nextNormal());
        }
        Tensor xs = Tensor.of(x, n, 2);
        var model = new Sequential(new Dense(16, "relu"), new Dense(3)).seed(2);
        model.compile(new Adam(0.02), new SparseCategoricalCrossentropy(true), "accuracy");
        history = model.fit(xs, Tensor.of(yTrue), Fit.epochs(25).batchSize(32).validationSplit(0.25).silent());
        probabilities = model.predictProba(xs).toDoubleArray();
    }

    private static int[] argmax(double[] p, int k) {
        int[] out = new int[p.length / k];
        for (int i = 0; i < out.length; i++) for (int c = 1; c < k; c++) if (p[i * k + c] > p[i * k + out[i]]) out[i] = c;
        return out;
    }

    @Test
    void learningCurvesOfAHistory() throws Exception {
        Plot loss = LearningCurvePlot.of(history, "loss");
        assertEquals("Learning curve: loss", loss.title());
        PlotFiles.png(loss.save(dir.resolve("loss.png")), 800, 600);
        PlotFiles.svg(loss.save(dir.resolve("loss.svg")), 800, 600, "Learning curve: loss", "epoch", "training", "validation",
                "best validation:");
        Plot accuracy = LearningCurvePlot.of(history, "accuracy").withSize(1000, 450);
        PlotFiles.png(accuracy.savePng(dir.resolve("accuracy.png")), 1000, 450);
        PlotFiles.svg(accuracy.saveSvg(dir.resolve("accuracy.svg")), 1000, 450, "Learning curve: accuracy");
    }

    @Test
    void curvesWithNanAndWithoutValidationStillDraw() throws Exception {
        Plot p = LearningCurvePlot.of(EpochCurves.of("loss", new double[] {1.0, 0.7, Double.NaN, Double.NaN}, null));
        PlotFiles.png(p.save(dir.resolve("nan.png")), 800, 600);
        Plot one = LearningCurvePlot.of(EpochCurves.of("loss", new double[] {0.9}, new double[] {1.0}));
        PlotFiles.svg(one.save(dir.resolve("one-epoch.svg")), 800, 600, "best validation: 1 (epoch 1)");
    }

    @Test
    void scoreAgainstTrainingSetSize() throws Exception {
        Plot p = LearningCurvePlot.trainingSizes("accuracy", new int[] {20, 50, 100, 200, 400},
                new double[] {1.0, 0.98, 0.96, 0.95, 0.95}, new double[] {0, 0.01, 0.012, 0.008, 0.005},
                new double[] {0.71, 0.82, 0.88, 0.91, 0.93}, new double[] {0.06, 0.04, 0.03, 0.02, 0.015});
        PlotFiles.png(p.save(dir.resolve("training-sizes.png")), 800, 600);
        PlotFiles.svg(p.save(dir.resolve("training-sizes.svg")), 800, 600, "Learning curve: accuracy vs training-set size",
                "training samples", "training", "validation");
        // without spreads: lines only
        PlotFiles.png(LearningCurvePlot.trainingSizes("loss", new int[] {10, 20}, new double[] {0.1, 0.2}, null,
                new double[] {0.9, 0.5}, null).save(dir.resolve("training-sizes-plain.png")), 800, 600);
    }

    @Test
    void confusionMatrixHeatMapWithNamesAndCounts() throws Exception {
        int[] predicted = argmax(probabilities, 3);
        ConfusionMatrix cm = ConfusionMatrix.of(yTrue, predicted).withNames(List.of("north", "south-west", "south-east"));
        Plot p = ConfusionMatrixPlot.of(cm);
        PlotFiles.png(p.save(dir.resolve("confusion.png")), 800, 600);
        String rows = "rows (true class → predicted north, south-west, south-east): north: " + cm.count(0, 0) + " " + cm.count(0, 1)
                + " " + cm.count(0, 2) + "; south-west: " + cm.count(1, 0) + " " + cm.count(1, 1) + " " + cm.count(1, 2);
        PlotFiles.svg(p.save(dir.resolve("confusion.svg")), 800, 600, "Confusion matrix (240 samples)", "x axis: predicted class",
                "y axis: true class", rows);
        Plot normalized = ConfusionMatrixPlot.normalized(cm);
        String recall = String.format(java.util.Locale.ROOT, "north: %.2f", (double) cm.count(0, 0) / cm.support(0));
        PlotFiles.svg(normalized.save(dir.resolve("confusion-normalized.svg")), 800, 600, "normalized by true class", recall);
        PlotFiles.png(normalized.save(dir.resolve("confusion-normalized.png")), 800, 600);
    }

    @Test
    void rocCurvesOneVsRestWithAucInTheLegend() throws Exception {
        List<String> names = List.of("north", "south-west", "south-east");
        Plot p = RocPlot.oneVsRest(yTrue, probabilities, names);
        PlotFiles.png(p.save(dir.resolve("roc.png")), 800, 600);
        String[] legend = new String[names.size() + 2];
        for (int c = 0; c < 3; c++) {
            int[] binary = new int[yTrue.length];
            double[] col = new double[yTrue.length];
            for (int i = 0; i < yTrue.length; i++) {
                binary[i] = yTrue[i] == c ? 1 : 0;
                col[i] = probabilities[3 * i + c];
            }
            legend[c] = names.get(c) + " (AUC = " + Styles.rate(RocCurve.of(binary, col).auc()) + ")";
        }
        legend[3] = "chance (AUC = 0.500)";
        legend[4] = "false positive rate";
        PlotFiles.svg(p.save(dir.resolve("roc.svg")), 800, 600, legend);

        Map<String, RocCurve> models = new LinkedHashMap<>();
        models.put("perfect", RocCurve.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.8, 0.9}));
        models.put("mixed", RocCurve.of(new int[] {0, 0, 1, 1}, new double[] {0.1, 0.4, 0.35, 0.8}));
        PlotFiles.svg(RocPlot.of(models).save(dir.resolve("roc-models.svg")), 800, 600, "ROC curves", "perfect (AUC = 1.000)", "mixed (AUC = 0.750)");
    }

    @Test
    void precisionRecallCurves() throws Exception {
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(new int[] {0, 0, 1, 1, 0, 1, 0, 0}, new double[] {0.1, 0.4, 0.35, 0.8, 0.2, 0.7, 0.6, 0.05});
        Plot p = PrecisionRecallPlot.of("model", pr);
        PlotFiles.png(p.save(dir.resolve("pr.png")), 800, 600);
        PlotFiles.svg(p.save(dir.resolve("pr.svg")), 800, 600, "Precision-recall curve", "recall", "precision",
                "model (AP = " + Styles.rate(pr.averagePrecision()) + ")", "all positive (precision = 0.375)");
        Plot ovr = PrecisionRecallPlot.oneVsRest(yTrue, probabilities, List.of("north", "south-west", "south-east"));
        PlotFiles.png(ovr.save(dir.resolve("pr-ovr.png")), 800, 600);
        PlotFiles.svg(ovr.save(dir.resolve("pr-ovr.svg")), 800, 600, "Precision-recall curves", "south-east (AP = ");
    }

    @Test
    void savingReplacesTheOldFileAndLeavesNoTemporaryFiles() throws Exception {
        Path target = dir.resolve("replace").resolve("plot.png");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");
        LearningCurvePlot.of(history, "loss").save(target);
        PlotFiles.png(target, 800, 600);
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of("plot.png"), files.map(f -> f.getFileName().toString()).toList());
        }
        assertTrue(LearningCurvePlot.of(history, "loss").toImage().getWidth() == 800);
    }
}
