package dev.fathom.workflow;

import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.NetworkClassifier;
import dev.fathom.layers.BatchNormalization;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.models.Fit;
import dev.fathom.models.Functional;
import dev.fathom.models.Sequential;
import dev.fathom.pipeline.Pipeline;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pretrained base behind {@code fathom train --base}: where the body is cut, what is frozen, the
 * pixel normalization inside the model, and the two candidates' fitted models saved and loaded
 * back predicting the same. The base is a small CNN saved as a .fathom file (fathom-cli's
 * TrainBaseCommandTest runs the same path from an ONNX file).
 */
class BaseNetworkTest {
    @TempDir
    Path dir;

    private Path file;
    private Sequential pretrained;

    /** A CNN on 3×8×8 images: conv, batch norm, pool, flatten, dense 6 (the "features"), dense 5 (the classifier). */
    @BeforeEach
    void makeBase() {
        pretrained = new Sequential(new Conv2D(3, 3, "relu").name("conv"), new BatchNormalization().name("bn"), new MaxPool2D(2).name("pool"),
                new Flatten().name("flat"), new Dense(6, "relu").name("features"), new Dense(5).name("classifier"));
        pretrained.seed(3).build(3, 8, 8);
        file = dir.resolve("base.fathom");
        pretrained.save(file);
    }

    private static Tensor images(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 3 * 8 * 8];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return Tensor.of(v, n, 3, 8, 8);
    }

    @Test
    void theBodyEndsBeforeTheLastDenseAndIsFrozen() {
        BaseNetwork base = BaseNetwork.load(PretrainedBase.of(file));
        assertArrayEquals(new int[] {3, 8, 8}, base.imageShape());
        assertEquals("features", base.cutLayer());
        assertArrayEquals(new int[] {6}, base.featureShape());
        Functional body = base.body(0);
        assertEquals(0, body.trainableParameterCount());
        Tensor x = images(4, 1);
        // The body computes what the pretrained network computes at "features".
        Tensor expected = pretrained.upTo("features").predict(x);
        assertArrayEquals(expected.toFloatArray(), body.predict(x).toFloatArray(), 1e-6f);
        List<String> lines = base.describe(3);
        assertTrue(lines.get(1).startsWith("its body ends at features: the input of the last Gemm/MatMul (classifier)"), lines.get(1));
        assertTrue(lines.get(2).startsWith("frozen: the body's 5 layers (conv, bn, pool, flat, features), 264 weights; trainable: the new"
                + " head's 21 weights"), lines.get(2));
    }

    @Test
    void meanAndStdNormalizeEachChannelInsideTheModel() {
        BaseNetwork base = BaseNetwork.load(PretrainedBase.of(file).mean(0.5, 0.25, 0.1).std(0.2, 0.5, 1.0));
        Tensor x = images(3, 2);
        float[] v = x.toFloatArray();
        float[] normalized = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int channel = (i / 64) % 3;
            normalized[i] = channel == 0 ? (v[i] - 0.5f) / 0.2f : channel == 1 ? (v[i] - 0.25f) / 0.5f : v[i] - 0.1f;
        }
        Tensor expected = pretrained.upTo("features").predict(Tensor.of(normalized, 3, 3, 8, 8));
        assertArrayEquals(expected.toFloatArray(), base.body(0).predict(x).toFloatArray(), 1e-5f);
    }

    @Test
    void aNamedCutAndTheLastLayerUnfrozen() {
        BaseNetwork base = BaseNetwork.load(PretrainedBase.of(file).cut("pool"));
        assertEquals("pool", base.cutLayer());
        assertArrayEquals(new int[] {3, 3, 3}, base.featureShape());
        Functional frozen = base.fineTuned(4, false, 0);
        assertEquals(27 * 4 + 4, frozen.trainableParameterCount());
        Functional unfrozen = base.fineTuned(4, true, 0);
        // The conv's kernel and bias train; the batch normalization stays frozen.
        assertEquals(27 * 4 + 4 + 3 * 3 * 9 + 3, unfrozen.trainableParameterCount());
        assertEquals("conv", base.lastWeightedName());
    }

    @Test
    void pretrainedFeaturesAreTheLogisticRegressionOfTheStandardizedFeatures() {
        BaseNetwork base = BaseNetwork.load(PretrainedBase.of(file));
        Tensor x = images(30, 4);
        int[] labels = new int[30];
        for (int i = 0; i < 30; i++) labels[i] = i % 3;
        Tensor y = Tensor.of(labels, 30);
        PretrainedFeatures model = new PretrainedFeatures(() -> base.body(0), 1.0).fit(x, y);
        // The same regression fitted apart on the standardized features.
        double[] f = base.body(0).predict(x).toDoubleArray();
        int n = 30, k = 6;
        double[] z = new double[n * k];
        for (int j = 0; j < k; j++) {
            double m = 0, s = 0;
            for (int i = 0; i < n; i++) m += f[i * k + j];
            m /= n;
            for (int i = 0; i < n; i++) s += (f[i * k + j] - m) * (f[i * k + j] - m);
            s = Math.sqrt(s / n);
            if (!(s > 1e-12)) s = 1;
            for (int i = 0; i < n; i++) z[i * k + j] = (f[i * k + j] - m) / s;
        }
        Tensor expected = new LogisticRegression(1.0).fit(Tensor.of(z, n, k), y).predictProba(Tensor.of(z, n, k));
        assertArrayEquals(expected.toFloatArray(), model.predictProba(x).toFloatArray(), 1e-4f);
    }

    @Test
    void bothCandidatesSaveAndLoadBackPredictingTheSameFromPixels() {
        BaseNetwork base = BaseNetwork.load(PretrainedBase.of(file).mean(0.4).std(0.3));
        Tensor x = images(24, 5);
        int[] labels = new int[24];
        for (int i = 0; i < 24; i++) labels[i] = i % 2;
        Tensor y = Tensor.of(labels, 24);
        NetworkClassifier features = new PretrainedFeatures(() -> base.body(0), 1.0).fit(x, y).network();
        NetworkClassifier tuned = new NetworkClassifier(() -> base.fineTuned(2, true, 1)
                .compile(new dev.fathom.optimizers.Adam(1e-3), new dev.fathom.losses.SparseCategoricalCrossentropy(true)),
                Fit.epochs(2).batchSize(8).seed(1).silent()).fit(x, y);
        assertFalse(features.hasHistory());
        assertTrue(tuned.hasHistory());
        for (NetworkClassifier est : List.of(features, tuned)) {
            Pipeline p = Pipeline.forImages(3, 8, 8, 1 / 255.0, List.of("a", "b"), est);
            Path saved = dir.resolve("p.fathom");
            p.save(saved);
            Pipeline back = Pipeline.load(saved);
            assertArrayEquals(p.predictProbaImages(x).toFloatArray(), back.predictProbaImages(x).toFloatArray(), 0f);
        }
    }

    @Test
    void refusalsAreOneLineInTheWordsOfTheOption() throws Exception {
        Path txt = dir.resolve("net.txt");
        Files.writeString(txt, "no network");
        var e = assertThrows(IllegalArgumentException.class, () -> BaseNetwork.load(PretrainedBase.of(txt)));
        assertEquals("the base network (--base, TrainOptions.base) must be an ONNX file (.onnx) or a Fathom model (.fathom), got '"
                + txt + "'", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> BaseNetwork.load(PretrainedBase.of(file).mean(0.1, 0.2)));
        assertEquals("--base-mean (PretrainedBase.mean) has 2 numbers but the base takes 3 channels; give 1 or 3", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> BaseNetwork.load(PretrainedBase.of(file).cut("nowhere")));
        assertTrue(e.getMessage().startsWith("--base-cut nowhere: the base network '" + file + "' has no layer of that name; its"
                + " layers are conv, bn, pool, flat, features, classifier"), e.getMessage());

        Path table = dir.resolve("table.fathom");
        new Sequential(new Dense(4, "relu"), new Dense(2)).seed(0).build(3).save(table);
        e = assertThrows(IllegalArgumentException.class, () -> BaseNetwork.load(PretrainedBase.of(table)));
        assertEquals("the base network '" + table + "' takes input [N, 3], not one image input [N, C, H, W]; --base needs an image"
                + " network", e.getMessage());

        Path noClassifier = dir.resolve("conv.fathom");
        new Sequential(new Conv2D(2, 3)).seed(0).build(1, 5, 5).save(noClassifier);
        e = assertThrows(IllegalArgumentException.class, () -> BaseNetwork.load(PretrainedBase.of(noClassifier)));
        assertTrue(e.getMessage().endsWith("has no Gemm/MatMul classifier to replace; name the node its body ends at with --base-cut"
                + " NODE (PretrainedBase.cut)"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> PretrainedBase.of(file).std(0.2, 0));
        assertTrue(e.getMessage().startsWith("the base's std must be positive and finite"), e.getMessage());
        assertNull(PretrainedBase.of(file).cut());
    }

    @Test
    void aTableWithABaseIsRefused() {
        var table = dev.fathom.datasets.Datasets.load("iris");
        var e = assertThrows(IllegalArgumentException.class, () -> Fathom.train(table, TrainOptions.defaults().base(file).quiet()));
        assertEquals("--base (TrainOptions.base) needs an image folder with one sub-folder per class, but 'iris' is a table; leave the"
                + " base out to train on a table", e.getMessage());
    }
}
