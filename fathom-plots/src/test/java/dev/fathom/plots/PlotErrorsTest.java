package dev.fathom.plots;

import dev.fathom.diagnosis.EpochCurves;
import dev.fathom.metrics.RocCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the plots is refused with what is wrong and how to fix it. */
class PlotErrorsTest {
    @TempDir
    Path dir;

    private static Plot somePlot() {
        return LearningCurvePlot.of(EpochCurves.of("loss", new double[] {1, 0.5, 0.4}, new double[] {1.1, 0.7, 0.6}));
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) assertTrue(text.contains(p), "expected '" + p + "' in: " + text);
    }

    @Test
    void anUnknownExtensionNamesTheClosestSupportedOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> somePlot().save(dir.resolve("loss.pgn")));
        assertContains(e.getMessage(), "cannot save plot 'Learning curve: loss'", "loss.pgn", "unknown extension '.pgn'",
                "use .png or .svg (closest: .png)");
        e = assertThrows(IllegalArgumentException.class, () -> somePlot().save(dir.resolve("loss.svgz")));
        assertContains(e.getMessage(), "(closest: .svg)");
        e = assertThrows(IllegalArgumentException.class, () -> somePlot().save(dir.resolve("loss")));
        assertContains(e.getMessage(), "the file name has no extension; use .png or .svg");
        assertEquals(Path.of("a.PNG"), somePlot().save(dir.resolve("a.PNG")).getFileName(), "extensions in any case");
    }

    @Test
    void aFailedWriteSaysWhereAndLeavesNoFile() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        var e = assertThrows(UncheckedIOException.class, () -> somePlot().save(notADir.resolve("plot.png")));
        assertContains(e.getMessage(), "cannot write plot 'Learning curve: loss' to ", "plot.png");
        assertEquals("x", Files.readString(notADir));
    }

    @Test
    void sizesAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> somePlot().withSize(10, 600));
        assertContains(e.getMessage(), "plot size must be 50 to 20000 pixels each way, got 10 x 600");
    }

    @Test
    void learningCurveInputIsChecked() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LearningCurvePlot.of(EpochCurves.of("loss", new double[] {Double.NaN, Double.NaN}, null)));
        assertContains(e.getMessage(), "nothing to plot: every value of 'loss' is NaN or infinite");
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.trainingSizes("accuracy", new int[] {10, 20},
                new double[] {1, 1}, null, new double[] {0.5}, null));
        assertContains(e.getMessage(), "2 sizes but 1 values in validationMean; give one per size");
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.trainingSizes("accuracy", new int[] {10, 20},
                new double[] {1, 1}, new double[] {0, -0.1}, new double[] {0.5, 0.6}, null));
        assertContains(e.getMessage(), "trainStd[1] = -0.1; a standard deviation must be finite and >= 0");
        e = assertThrows(IllegalArgumentException.class, () -> LearningCurvePlot.trainingSizes("accuracy", new int[] {0, 20},
                new double[] {1, 1}, null, new double[] {0.5, 0.6}, null));
        assertContains(e.getMessage(), "sizes[0] = 0; sizes are sample counts >= 1");
    }

    @Test
    void curvePlotsCheckTheirInput() {
        var e = assertThrows(IllegalArgumentException.class, () -> RocPlot.of(Map.of()));
        assertContains(e.getMessage(), "RocPlot needs at least one curve");
        RocCurve oneClass = RocCurve.of(new int[] {1, 1}, new double[] {0.2, 0.9});
        e = assertThrows(IllegalArgumentException.class, () -> RocPlot.of("model", oneClass));
        assertContains(e.getMessage(), "ROC curve 'model': ROC AUC is undefined when the true labels hold only one class");
        List<String> names = List.of("a", "b", "c");
        e = assertThrows(IllegalArgumentException.class, () -> RocPlot.oneVsRest(new int[] {0, 1, 2}, new double[8], names));
        assertContains(e.getMessage(), "3 labels and 3 classes need 9 scores (row-major [3, 3]), got 8");
        e = assertThrows(IllegalArgumentException.class, () -> PrecisionRecallPlot.oneVsRest(new int[] {0, 1, 3}, new double[9], names));
        assertContains(e.getMessage(), "yTrue[2] = 3 is not a class index in [0, 3) of [a, b, c]");
        e = assertThrows(IllegalArgumentException.class, () -> RocPlot.oneVsRest(new int[] {0, 1, 1}, new double[9], names));
        assertContains(e.getMessage(), "class 2 ('c') has 0 of 3 samples", "stratified split");
    }
}
