package dev.fathom.cli;

import dev.fathom.data.images.ColorMode;
import dev.fathom.data.images.ImageFolder;
import dev.fathom.data.images.ImageOptions;
import dev.fathom.data.images.LabeledImages;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** predict and evaluate on image pipelines: DATA is a folder of class folders, or of loose images. */
class ImagePipelineCommandsTest {
    @TempDir
    Path dir;

    private Path model;
    private Pipeline pipeline;
    private ImageOptions options;

    /** Dark and light 4×4 grey images, six of each, and a small network that tells them apart. */
    @BeforeEach
    void fitAModel() throws Exception {
        for (int i = 0; i < 6; i++) {
            png(dir.resolve("train/dark/" + i + ".png"), 20 + 10 * i, i);
            png(dir.resolve("train/light/" + i + ".png"), 180 + 10 * i, i);
        }
        options = ImageOptions.defaults().size(4, 4).colorMode(ColorMode.GRAYSCALE).shuffle(false);
        LabeledImages train = ImageFolder.load(dir.resolve("train"), options);
        NetworkClassifier net = new NetworkClassifier(() -> new Sequential(new Flatten(), new Dense(2)).seed(0).build(1, 4, 4)
                .compile(new Adam(0.1), new SparseCategoricalCrossentropy(true)), Fit.epochs(30).batchSize(12).seed(0).silent());
        net.fit(train.images(), train.labels());
        pipeline = Pipeline.forImages(1, 4, 4, 1 / 255.0, train.classNames(), net);
        model = dir.resolve("images.fathom");
        pipeline.save(model);
    }

    @Test
    void predictOnClassFoldersNamesEachFileAndMatchesThePipeline() throws Exception {
        Path out = dir.resolve("p.csv");
        Cli.Run r = Cli.run("predict", model.toString(), dir.resolve("train").toString(), "--proba", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        LabeledImages images = ImageFolder.load(dir.resolve("train"), options);
        int[] predicted = pipeline.predictImages(images.images()).toIntArray();
        float[] proba = pipeline.predictProbaImages(images.images()).toFloatArray();
        List<Map<String, String>> rows = Fixtures.readRows(Files.readString(out));
        assertEquals("file,label,proba_dark,proba_light", Files.readAllLines(out).getFirst());
        assertEquals(12, rows.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(dir.resolve("train").relativize(images.files().get(i)).toString(), rows.get(i).get("file"));
            assertEquals(pipeline.classes().get(predicted[i]), rows.get(i).get("label"));
            assertEquals(proba[2 * i + 1], Float.parseFloat(rows.get(i).get("proba_light")), 0f);
        }
        assertEquals("dark/0.png", rows.getFirst().get("file"));
    }

    @Test
    void predictOnAFolderOfLooseImages() throws Exception {
        png(dir.resolve("new/b.png"), 250, 1);
        png(dir.resolve("new/a.png"), 5, 2);
        Files.writeString(dir.resolve("new/readme.txt"), "not an image");
        Cli.Run r = Cli.run("predict", model.toString(), dir.resolve("new").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("file,label\na.png,dark\nb.png,light\n", r.out());
    }

    @Test
    void evaluateOnClassFolders() throws Exception {
        Cli.Run r = Cli.run("evaluate", model.toString(), dir.resolve("train").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(": 12 images, target 'label' (classification, 2 classes)"), r.out());
        assertTrue(r.out().matches("(?s).*\naccuracy\\s+1\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*\ndark\\s+6\\s+0\\s+6\n.*"), r.out());
    }

    @Test
    void evaluateNeedsClassFoldersAndKnownClasses() throws Exception {
        png(dir.resolve("loose/a.png"), 5, 2);
        Cli.Run r = Cli.run("evaluate", model.toString(), dir.resolve("loose").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("holds loose images; evaluate needs each image's true class"), r.err());

        png(dir.resolve("other/dark/a.png"), 5, 2);
        png(dir.resolve("other/Light/b.png"), 250, 2);
        r = Cli.run("evaluate", model.toString(), dir.resolve("other").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("the class folders of " + dir.resolve("other") + " hold 1 class the model was not trained on:"
                + " 'Light' (1 image, the first Light/b.png; did you mean 'light'?)"), r.err());
    }

    @Test
    void tableDataForAnImageModelIsRefused() {
        Cli.Run r = Cli.run("predict", model.toString(), "iris");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("fathom: the model takes images, so DATA must be a folder of images"), r.err());
    }

    /** A 4×4 grey PNG of about {@code level}, with a little pattern from {@code seed}. */
    private static void png(Path file, int level, int seed) throws Exception {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int v = Math.max(0, Math.min(255, level + ((x * 7 + y * 3 + seed) % 5) * 4 - 8));
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
