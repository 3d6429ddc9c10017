package dev.fathom.estimators;

import dev.fathom.backend.Device;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.datasets.Datasets;
import dev.fathom.datasets.TabularDataset;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.HostBackedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Network estimators given a device train there from host data and equal the CPU's fit bit for
 * bit; their predictions come back on the CPU and their saved pipelines load and predict on the
 * CPU. The device is the host-backed test device (the CPU's kernels under the name cuda:7), so a
 * tensor left on the wrong side fails here as it would with a real GPU.
 */
class NetworkEstimatorOnDeviceTest {
    private static final Device DEVICE = HostBackedDevice.DEVICE;
    private static final TabularDataset IRIS = Datasets.load("iris");

    private static Supplier<Model> classifierNet() {
        return () -> new Sequential(new Dense(8, "relu"), new Dropout(0.1), new Dense(3)).seed(4).build(4)
                .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true));
    }

    private static Fit fit() {
        return Fit.epochs(3).batchSize(16).seed(6).silent();
    }

    @Test
    void aClassifierOnTheDeviceEqualsTheCpuFitAndItsPipelineLoadsOnTheCpu(@TempDir Path dir) {
        Tensor x = EstimatorsGoldenTest.standardize(IRIS.features());
        NetworkClassifier cpu = new NetworkClassifier(classifierNet(), fit()).fit(x, IRIS.labels());
        NetworkClassifier gpu = new NetworkClassifier(classifierNet(), fit(), DEVICE).fit(x, IRIS.labels());
        assertEquals(DEVICE, gpu.device());
        assertEquals(DEVICE, gpu.model().device(), "the network trained on the device");
        for (int i = 0; i < cpu.model().weights().size(); i++) {
            assertArrayEquals(cpu.model().weights().get(i).value().toFloatArray(), gpu.model().weights().get(i).value().toFloatArray());
        }
        Tensor p = gpu.predictProba(x);
        assertEquals(Device.cpu(), p.device(), "probabilities come back on the CPU");
        assertArrayEquals(cpu.predictProba(x).toFloatArray(), p.toFloatArray());
        assertArrayEquals(cpu.predict(x).toIntArray(), gpu.predict(x).toIntArray());
        assertEquals(Device.cpu(), gpu.predict(x).device());

        // Rows picked in place (cross-validation's path) train the same on both devices.
        int[] rows = {0, 3, 5, 51, 52, 60, 101, 120, 140, 7, 77, 111, 2, 55, 130, 9};
        float[] a = new NetworkClassifier(classifierNet(), fit()).fit(x, IRIS.labels(), rows).predictProba(x).toFloatArray();
        float[] b = new NetworkClassifier(classifierNet(), fit(), DEVICE).fit(x, IRIS.labels(), rows).predictProba(x).toFloatArray();
        assertArrayEquals(a, b);

        Preprocessor prep = Preprocessor.builder().numeric(IRIS.featureNames(), new StandardScaler()).build();
        Pipeline fitted = Pipeline.fit(IRIS.table(), "species", prep, new NetworkClassifier(
                () -> new Sequential(new Dense(8, "relu"), new Dense(3)).seed(4).build(4)
                        .compile(new Adam(0.02), new SparseCategoricalCrossentropy(true)), fit(), DEVICE));
        Path file = dir.resolve("iris.fathom");
        fitted.save(file);
        Pipeline loaded = Pipeline.load(file);
        Tensor reloaded = loaded.predictProba(IRIS.table());
        assertEquals(Device.cpu(), reloaded.device(), "the saved pipeline predicts on the CPU");
        assertArrayEquals(fitted.predictProba(IRIS.table()).toFloatArray(), reloaded.toFloatArray());
    }

    @Test
    void aRegressorOnTheDeviceEqualsTheCpuFit() {
        TabularDataset diabetes = Datasets.load("diabetes");
        Tensor x = EstimatorsGoldenTest.standardize(diabetes.features());
        Tensor y = diabetes.labels().sub(150).div(80);
        Supplier<Model> net = () -> new Sequential(new Dense(8, "relu"), new Dense(1)).seed(3).build(10)
                .compile(new Adam(0.05), new MeanSquaredError());
        Fit validated = fit().validationSplit(0.2);   // the validation batches move to the device too
        NetworkRegressor cpu = new NetworkRegressor(net, validated).fit(x, y);
        NetworkRegressor gpu = new NetworkRegressor(net, validated, DEVICE).fit(x, y);
        assertEquals(DEVICE, gpu.model().device());
        Tensor p = gpu.predict(x);
        assertEquals(Device.cpu(), p.device());
        assertArrayEquals(cpu.predict(x).toFloatArray(), p.toFloatArray());
        assertEquals(cpu.score(x, y), gpu.score(x, y));
    }
}
