package dev.fathom.cli;

import dev.fathom.pipeline.Pipeline;
import dev.fathom.datasets.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fathom train --device}: the networks train on the host-backed test device cuda:7
 * (registered for this module's tests) and the saved model predicts on the CPU; an unusable device
 * fails in one line before any work, with {@code --device cpu} as the fix.
 */
class TrainDeviceCommandTest {
    @TempDir
    Path dir;

    @Test
    void trainsTheNetworksOnTheDeviceAndSavesAModelThatPredictsOnTheCpu() {
        Path out = dir.resolve("iris");
        Cli.Run r = Cli.run("train", "iris", "--device", "cuda:7", "--max-epochs", "1", "--time-budget", "30s", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("networks train on cuda:7; linear models, k-NN and the dummy on the CPU"), r.out());
        assertTrue(r.out().contains("the networks trained on cuda:7; the saved pipeline predicts on the CPU"), r.out());
        assertTrue(Files.isRegularFile(out.resolve("model.fathom")));
        var iris = Datasets.load("iris");
        assertEquals(iris.table().rowCount(), Pipeline.load(out.resolve("model.fathom")).predict(iris.table()).shape(0));
    }

    @Test
    void anUnusableDeviceFailsInOneLineBeforeAnyWork() {
        Cli.Run r = Cli.run("train", "iris", "--device", "cuda:3", "--out", dir.resolve("never").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("fathom: --device cuda:3: device cuda:3 is not usable: "), r.err());
        assertTrue(r.err().strip().endsWith("; train on the CPU with --device cpu"), r.err());
        assertFalse(r.out().contains("[1/5]"), "nothing may be trained first: " + r.out());
        assertFalse(Files.exists(dir.resolve("never")), "no output folder made");
    }

    @Test
    void anUnknownDeviceNameIsAUsageError() {
        Cli.Run r = Cli.run("train", "iris", "--device", "tpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--device: unknown device 'tpu': use cpu, cuda or cuda:N"), r.err());
    }
}
