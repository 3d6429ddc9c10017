package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of data {@link Fathom#train} takes — a table, a folder of images, a time series — run
 * to its end through all five steps, the ensemble of the improve step included, with small budgets
 * (two folds, two epochs a network) so that each run takes seconds; and a run stopped at any step
 * still ends with its files written and marked as interrupted.
 */
class TrainEveryKindTest {
    @TempDir
    static Path dir;

    /** The three kinds of data, each with how to train on it. */
    enum Kind {
        TABLE(o -> Fathom.train("customers", customers(), "churned", o)),
        IMAGES(o -> Fathom.trainImages(imageFolder(), o)),
        SERIES(o -> Fathom.train("monthly", monthlySeries(), "sales", o.timeColumn("month")));

        final Function<TrainOptions, TrainResult> train;

        Kind(Function<TrainOptions, TrainResult> train) {
            this.train = train;
        }
    }

    private static TrainOptions small(String name, List<String> log) {
        return TrainOptions.defaults().folds(2).maxEpochs(2).timeBudget(Duration.ofHours(1)).outputDir(dir.resolve(name))
                .progress(log::add);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void runsThroughEveryStepAndTheEnsembleToItsFiles(Kind kind) throws IOException {
        List<String> log = new ArrayList<>();
        TrainResult r = kind.train.apply(small(kind + "-full", log));

        int previous = -1;
        for (int step = 1; step <= 5; step++) {
            String header = "[" + step + "/5] " + Progress.STEPS[step - 1];
            int at = indexOf(log, l -> l.startsWith(header));
            assertTrue(at > previous, header + " after the step before it in " + log);
            previous = at;
        }
        // Ensemble selection ran over the stored out-of-fold predictions: kept when it helps, dropped with the reason when not.
        boolean scored = log.stream().anyMatch(l -> l.trim().startsWith("ensemble of ") && l.contains(" ± "));
        assertTrue(r.decisions().stream().anyMatch(d -> scored && (d.startsWith("the ensemble helps") || d.startsWith("the ensemble does not help"))
                || d.contains("no average of them does better")), kind + ": " + r.decisions());
        assertFalse(r.interrupted());
        assertFilesWritten(r, log);
    }

    /** A stop at each of the last three steps, each on another kind, so that every step and every kind is stopped once. */
    @ParameterizedTest
    @CsvSource({"TABLE, 3", "IMAGES, 4", "SERIES, 5"})
    void aStopAtAnyStepStillEndsWithEveryFileMarkedInterrupted(Kind kind, int step) throws IOException {
        String header = "[" + step + "/5] ";
        StopSignal stop = new StopSignal();
        List<String> log = new ArrayList<>();
        // Raised from the progress line itself: the stop arrives at the same point of the run every time.
        TrainResult r = kind.train.apply(small(kind + "-stop" + step, log).stopSignal(stop).progress(line -> {
            log.add(line);
            if (line.startsWith(header)) stop.request();
        }));
        assertTrue(r.interrupted(), kind + " stopped at step " + step);
        assertFilesWritten(r, log);
        assertTrue(Files.readString(r.reportPath()).contains("Interrupted"), "the report says the run was interrupted");
        assertEquals(true, Pipeline.load(r.modelPath()).metadata().get("interrupted"));
        List<String> models = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        switch (step) {
            case 3 -> assertEquals(List.of("dummy (most frequent class)"), models, "only the dummy, kept unscored");
            case 4 -> assertTrue(r.decisions().contains("no ensemble: stop requested"), r.decisions().toString());
            default -> assertTrue(models.size() > 2, "a stop in the last step keeps the whole leaderboard: " + models);
        }
    }

    @Test
    void aBudgetUsedUpBeforeTheFirstModelStillEndsWithTheDummy() throws IOException {
        List<String> log = new ArrayList<>();
        TrainResult r = Fathom.train(Datasets.load("iris"), small("no-budget", log).timeBudget(Duration.ofNanos(1)));
        assertEquals("dummy (most frequent class)", r.leaderboard().best().name());
        assertTrue(r.decisions().contains("stopped before any model was scored: the dummy is kept"), r.decisions().toString());
        assertFilesWritten(r, log);
    }

    private static void assertFilesWritten(TrainResult r, List<String> log) throws IOException {
        assertTrue(Files.size(r.modelPath()) > 0 && Files.size(r.predictionsPath()) > 0, r.outputDir().toString());
        assertTrue(Files.readString(r.reportPath()).endsWith("</html>\n"), "a whole report");
        assertEquals("report:      " + r.reportPath(), log.getLast());
        Pipeline.load(r.modelPath());   // the saved model reads back
    }

    private static int indexOf(List<String> lines, java.util.function.Predicate<String> p) {
        for (int i = 0; i < lines.size(); i++) if (p.test(lines.get(i))) return i;
        return -1;
    }

    // ---- data ----------------------------------------------------------------------------------

    /** Four classes of ten small images, each class a colour, with noise: written once, read by every image run. */
    private static synchronized Path imageFolder() {
        Path root = dir.resolve("images");
        if (Files.isDirectory(root)) return root;
        int[][] colours = {{220, 40, 40}, {40, 200, 40}, {40, 40, 220}, {220, 220, 40}};
        Random random = new Random(5);
        try {
            for (int c = 0; c < colours.length; c++) {
                Files.createDirectories(root.resolve("class" + c));
                for (int i = 0; i < 10; i++) {
                    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            int rgb = 0;
                            for (int channel = 0; channel < 3; channel++) {
                                int v = Math.clamp(colours[c][channel] + random.nextInt(61) - 30, 0, 255);
                                rgb = rgb << 8 | v;
                            }
                            image.setRGB(x, y, rgb);
                        }
                    }
                    ImageIO.write(image, "png", root.resolve("class" + c + "/" + i + ".png").toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /** Sixty customers: two measurements, a plan (text, one-hot encoded) and whether they left (yes/no). */
    private static Table customers() {
        int n = 60;
        double[] tenure = new double[n];
        double[] spend = new double[n];
        String[] plan = new String[n];
        String[] churned = new String[n];
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            tenure[i] = random.nextInt(60);
            spend[i] = 20 + 80 * random.nextDouble();
            plan[i] = List.of("basic", "plus", "family").get(random.nextInt(3));
            churned[i] = tenure[i] < 20 + random.nextGaussian() * 5 ? "yes" : "no";
        }
        return Table.of(NumericColumn.of("tenure", tenure), NumericColumn.of("spend", spend), CategoricalColumn.of("plan", plan),
                CategoricalColumn.of("churned", churned));
    }

    /** Eight years of monthly sales: a trend, a yearly season and noise. */
    private static Table monthlySeries() {
        int n = 96;
        LocalDate[] months = new LocalDate[n];
        double[] sales = new double[n];
        Random random = new Random(9);
        for (int i = 0; i < n; i++) {
            months[i] = LocalDate.of(2015, 1, 1).plusMonths(i);
            sales[i] = 100 + 0.5 * i + 20 * Math.sin(2 * Math.PI * i / 12) + 3 * random.nextGaussian();
        }
        return Table.of(DateColumn.of("month", months), NumericColumn.of("sales", sales));
    }
}
