package dev.fathom.cli;

import dev.fathom.data.images.ColorMode;
import dev.fathom.data.images.ImageFolder;
import dev.fathom.data.images.ImageOptions;
import dev.fathom.data.images.LabeledImages;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.models.Sequential;
import dev.fathom.onnx.Onnx;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.workflow.Fathom;
import dev.fathom.workflow.PretrainedBase;
import dev.fathom.workflow.TrainOptions;
import dev.fathom.workflow.TrainResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fathom train FOLDER --base net.onnx} on a tiny ONNX network written at test time (a small
 * CNN exported by {@link Onnx#save}) and 8×8 grey images of stripes: the spot-check gains the two
 * pretrained candidates, the output says what was frozen, the saved model predicts from raw
 * images what the run's pipeline predicts, and misuse is one line.
 */
class TrainBaseCommandTest {
    @TempDir
    Path dir;

    private Path net;
    private Path images;

    @BeforeEach
    void makeBaseAndImages() throws Exception {
        Sequential cnn = new Sequential(new Conv2D(4, 3, "relu"), new BatchNormalization(), new MaxPool2D(2), new Flatten(),
                new Dense(8, "relu"), new Dense(10));
        cnn.seed(5).build(1, 8, 8);
        net = dir.resolve("net.onnx");
        Onnx.save(cnn, net);
        images = dir.resolve("stripes");
        for (int i = 0; i < 8; i++) {
            png(images.resolve("across/" + i + ".png"), i, true);
            png(images.resolve("down/" + i + ".png"), i, false);
        }
    }

    @Test
    void trainWithABaseAddsThePretrainedCandidatesAndSaysWhatIsFrozen() throws Exception {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("train", images.toString(), "--base", net.toString(), "--base-mean", "0.5", "--base-std", "0.25",
                "--out", out.toString(), "--max-epochs", "2", "--time-budget", "60s");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("pretrained base net.onnx: images resized to 8×8 with 1 channel (its input [N, 1, 8, 8]) and scaled to"
                + " [0, 1], then (pixel - mean) / std with mean [0.5] and std [0.25], inside the saved model"), r.out());
        assertTrue(r.out().contains("frozen: the body's "), r.out());
        assertTrue(r.out().contains("pretrained features + logistic regression"), r.out());
        assertTrue(r.out().contains("fine-tuned network: body frozen, new head lr 0.001"), r.out());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("frozen: the body"), "the report says what was frozen");
        Cli.Run p = Cli.run("predict", out.resolve("model.fathom").toString(), images.toString());
        assertEquals(0, p.code(), p.err());
    }

    @Test
    void theSavedPipelinePredictsFromRawImagesWhatTheRunsPipelinePredicts() {
        TrainResult result = Fathom.trainImages(images, TrainOptions.defaults().base(PretrainedBase.of(net).mean(0.4).std(0.3))
                .outputDir(dir.resolve("api")).folds(2).maxEpochs(2).timeBudget(Duration.ofSeconds(60)).quiet());
        var names = result.leaderboard().ranked().stream().map(e -> e.name()).toList();
        assertTrue(names.contains("pretrained features + logistic regression"), names.toString());
        assertTrue(names.contains("fine-tuned network: body frozen, new head lr 0.001"), names.toString());
        Pipeline back = Pipeline.load(result.modelPath());
        LabeledImages raw = ImageFolder.load(images, ImageOptions.defaults().size(8, 8).colorMode(ColorMode.GRAYSCALE).shuffle(false));
        assertArrayEquals(result.best().predictProbaImages(raw.images()).toFloatArray(), back.predictProbaImages(raw.images()).toFloatArray(), 0f);
    }

    @Test
    void misuseIsOneLine() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "a,b\n1,x\n2,y\n");
        Cli.Run r = Cli.run("train", csv.toString(), "--target", "b", "--base", net.toString());
        assertEquals(1, r.code());
        assertEquals("fathom: --base needs an image folder with one sub-folder per class, but " + csv + " is a file; leave --base out"
                + " to train on a table", r.err().strip());

        Path notOnnx = dir.resolve("fake.onnx");
        Files.writeString(notOnnx, "not a network");
        r = Cli.run("train", images.toString(), "--base", notOnnx.toString(), "--out", dir.resolve("o1").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().strip().startsWith("fathom: cannot load ONNX file '" + notOnnx + "'"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());

        r = Cli.run("train", images.toString(), "--base", net.toString(), "--base-mean", "0.4,0.5,0.6", "--out", dir.resolve("o2").toString());
        assertEquals(1, r.code());
        assertEquals("fathom: --base-mean (PretrainedBase.mean) has 3 numbers but the base takes 1 channel; give 1", r.err().strip());

        r = Cli.run("train", images.toString(), "--base-std", "0.2");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("--base-std goes with --base NET.onnx; add --base"), r.err());
    }

    /** An 8×8 grey PNG of stripes across or down, shifted by {@code seed}, with a little noise. */
    private static void png(Path file, int seed, boolean across) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int stripe = ((across ? y : x) + seed) % 4 < 2 ? 220 : 30;
                img.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, stripe + ((x * 5 + y * 3 + seed) % 7) * 3 - 9)));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
