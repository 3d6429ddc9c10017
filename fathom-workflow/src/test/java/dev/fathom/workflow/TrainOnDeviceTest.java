package dev.fathom.workflow;

import dev.fathom.backend.Device;
import dev.fathom.backend.DeviceUnavailableException;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.estimators.Estimator;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.HostBackedDevice;
import dev.fathom.validation.StandardizedEstimator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TrainOptions#device}: the networks train on the device, the other models on the CPU, and
 * the run equals the CPU's (the host-backed test device cuda:7 has the CPU's kernels); the saved
 * pipeline loads and predicts on the CPU. An unusable device is refused before any work.
 */
class TrainOnDeviceTest {
    private static final Device DEVICE = HostBackedDevice.DEVICE;

    @TempDir
    Path dir;

    private TrainOptions small(String name, List<String> log) {
        return TrainOptions.defaults().seed(3).folds(2).maxEpochs(2).timeBudget(Duration.ofHours(1)).outputDir(dir.resolve(name))
                .progress(log::add);
    }

    @Test
    void theNetworksTrainOnTheDeviceAndTheOthersOnTheCpu() {
        Algorithms on = new Algorithms(new Algorithms.Shape(4, null, 3, 0, 1), 1, 2, new StopSignal()).onDevice(DEVICE);
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 40, 4);
        int[] labels = new int[40];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        Tensor y = Tensor.of(labels, labels.length);
        int networks = 0;
        for (Algorithm a : on.spotCheck()) {
            Estimator e = a.factory().get().fit(x, y);
            if (e instanceof StandardizedEstimator s) e = s.inner();
            if (e instanceof NetworkClassifier n) {
                networks++;
                assertEquals(DEVICE, n.model().device(), a.name());
            }
            assertEquals(Device.cpu(), e.predict(x).device(), a.name() + " predicts on the CPU");
        }
        assertTrue(networks >= 1, "the spot-check has networks: " + on.spotCheck());
    }

    @Test
    void aRunOnTheDeviceEqualsTheCpuRunAndItsPipelineLoadsOnTheCpu() {
        TabularDataset iris = Datasets.load("iris");
        List<String> cpuLog = new ArrayList<>();
        List<String> devLog = new ArrayList<>();
        TrainResult cpu = Fathom.train(iris, small("cpu", cpuLog));
        TrainResult dev = Fathom.train(iris, small("dev", devLog).device(DEVICE));

        assertTrue(dev.decisions().stream().anyMatch(d -> d.startsWith("networks train on cuda:7")), dev.decisions().toString());
        assertTrue(devLog.stream().anyMatch(l -> l.contains("the networks trained on cuda:7")), devLog.toString());
        assertFalse(cpuLog.stream().anyMatch(l -> l.contains("networks train")), "nothing said on the CPU, the default");
        List<LeaderboardEntry> a = cpu.leaderboard().ranked();
        List<LeaderboardEntry> b = dev.leaderboard().ranked();
        assertEquals(a.size(), b.size());
        assertTrue(a.stream().anyMatch(e -> e.family().equals("MLP")), "networks took part: " + a);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertArrayEquals(a.get(i).foldScores(), b.get(i).foldScores(), a.get(i).name());
        }
        Pipeline loaded = Pipeline.load(dev.modelPath());
        assertArrayEquals(cpu.best().predict(iris.table()).toIntArray(), loaded.predict(iris.table()).toIntArray());
    }

    @Test
    void anUnusableDeviceIsRefusedInOneLineWithTheFix() {
        var e = assertThrows(DeviceUnavailableException.class, () -> TrainOptions.defaults().device(Device.cuda(3)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith("device cuda:3 is not usable: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("TrainOptions.device(Device.cpu())"), e.getMessage());
        assertEquals(Device.cpu(), TrainOptions.defaults().device());
        assertEquals(DEVICE, TrainOptions.defaults().device(DEVICE).seed(9).device(), "kept by the other setters");
    }
}
