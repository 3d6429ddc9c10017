package dev.fathom.models;

import dev.fathom.layers.Dropout;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeTest {
    @TempDir
    Path dir;

    private static Fit options(int epochs) {
        return Fit.epochs(epochs).batchSize(16).validationSplit(0.2).seed(3).silent();
    }

    @Test
    void resumingFromACheckpointGivesBitIdenticalWeights() {
        Tensor[] d = Fixtures.images(1, 96);
        Sequential straight = Fixtures.convNet(9);
        History full = straight.fit(d[0], d[1], options(4));

        Sequential first = Fixtures.convNet(9);
        first.fit(d[0], d[1], options(2));
        Path ckpt = dir.resolve("ckpt.fathom");
        first.save(ckpt);
        Model resumed = Model.load(ckpt);
        assertEquals(2, resumed.epochsCompleted());
        History rest = resumed.fit(d[0], d[1], Fit.epochs(4).batchSize(16).validationSplit(0.2).silent().resume());

        assertEquals(2, rest.epochs(), "resume trains epochs 3 and 4 only");
        Fixtures.assertSameWeights(straight, resumed);
        assertArrayEquals(new double[] {full.get("loss")[2], full.get("loss")[3]}, rest.get("loss"), 0.0);
        assertArrayEquals(new double[] {full.get("val_loss")[2], full.get("val_loss")[3]}, rest.get("val_loss"), 0.0);
        assertArrayEquals(straight.optimizer().stateDict(straight.trainableWeights()).get("0.m").toFloatArray(),
                resumed.optimizer().stateDict(resumed.trainableWeights()).get("0.m").toFloatArray(), 0f);
        assertEquals(4, resumed.epochsCompleted());
    }

    @Test
    void initialEpochOnTheSameModelMatchesUninterruptedTraining() {
        Tensor[] d = Fixtures.images(2, 64);
        Sequential straight = Fixtures.convNet(4);
        straight.fit(d[0], d[1], options(3));
        Sequential split = Fixtures.convNet(4);
        split.fit(d[0], d[1], options(1));
        split.fit(d[0], d[1], options(3).initialEpoch(1));
        Fixtures.assertSameWeights(straight, split);
    }

    @Test
    void sameSeedsGiveIdenticalWeightsAndOtherSeedsDoNot() {
        Tensor[] d = Fixtures.images(3, 64);
        Sequential a = Fixtures.convNet(7);
        Sequential b = Fixtures.convNet(7);
        a.fit(d[0], d[1], options(2));
        b.fit(d[0], d[1], options(2));
        Fixtures.assertSameWeights(a, b);

        Sequential otherShuffle = Fixtures.convNet(7);
        otherShuffle.fit(d[0], d[1], Fit.epochs(2).batchSize(16).validationSplit(0.2).seed(4).silent());
        assertTrue(Fixtures.weightsDiffer(a, otherShuffle), "a different shuffle seed must change the result");
        Sequential otherModelSeed = Fixtures.convNet(8);
        otherModelSeed.fit(d[0], d[1], options(2));
        assertTrue(Fixtures.weightsDiffer(a, otherModelSeed), "a different model seed must change the result");
    }

    @Test
    void dropoutMasksDifferBetweenEpochsButRepeatPerEpoch() {
        // Dropout is reseeded per epoch from (model seed, epoch, layer): epochs differ, reruns of an epoch agree.
        Tensor[] d = Fixtures.images(5, 32);
        Sequential m = Fixtures.convNet(1);
        m.fit(d[0], d[1], options(1));
        var dropout = m.layers().get(4);
        Tensor h = Tensor.ones(6, 64);
        m.fit(d[0], d[1], Fit.epochs(5).initialEpoch(4).batchSize(16).silent());
        Tensor epoch4 = dropout.call(h, true);
        m.fit(d[0], d[1], Fit.epochs(6).initialEpoch(5).batchSize(16).silent());
        Tensor epoch5 = dropout.call(h, true);
        m.fit(d[0], d[1], Fit.epochs(5).initialEpoch(4).batchSize(16).silent());
        Tensor epoch4Again = dropout.call(h, true);
        // each call above comes right after the epoch's batches, so equal epochs mean equal draws
        assertArrayEquals(epoch4.toFloatArray(), epoch4Again.toFloatArray(), 0f);
        assertTrue(!java.util.Arrays.equals(epoch4.toFloatArray(), epoch5.toFloatArray()));
    }

    @Test
    void aSeededDropoutDrawsNewMasksEachEpochWhateverTheModelSeed() {
        // Regression: a Dropout with its own seed used to restart from that seed every epoch, so
        // every epoch repeated the first epoch's masks. Now its seed stands in for the model's.
        Tensor[] d = Fixtures.images(5, 32);
        Tensor h = Tensor.ones(6, 64);
        float[][] draws = new float[3][];
        for (int k = 0; k < 3; k++) {
            Sequential m = Fixtures.convNet(1, new Dropout(0.5, 1234));
            m.fit(d[0], d[1], Fit.epochs(k + 1).initialEpoch(k).batchSize(16).silent());
            // right after epoch k's batches: equal epochs mean equal draws
            draws[k] = m.layers().get(4).call(h, true).toFloatArray();
        }
        assertFalse(Arrays.equals(draws[0], draws[1]), "epochs 0 and 1 draw different masks");
        assertFalse(Arrays.equals(draws[1], draws[2]), "epochs 1 and 2 draw different masks");

        Sequential otherModelSeed = Fixtures.convNet(2, new Dropout(0.5, 1234));
        otherModelSeed.fit(d[0], d[1], Fit.epochs(2).initialEpoch(1).batchSize(16).silent());
        assertArrayEquals(draws[1], otherModelSeed.layers().get(4).call(h, true).toFloatArray(), 0f,
                "the layer's seed, not the model's, fixes its masks");
        Sequential otherLayerSeed = Fixtures.convNet(1, new Dropout(0.5, 1235));
        otherLayerSeed.fit(d[0], d[1], Fit.epochs(2).initialEpoch(1).batchSize(16).silent());
        assertFalse(Arrays.equals(draws[1], otherLayerSeed.layers().get(4).call(h, true).toFloatArray()),
                "another layer seed, other masks");
    }

    @Test
    void resumingWithASeededDropoutGivesBitIdenticalWeights() {
        Tensor[] d = Fixtures.images(7, 64);
        Sequential straight = Fixtures.convNet(9, new Dropout(0.4, 55));
        History full = straight.fit(d[0], d[1], options(4));

        Sequential first = Fixtures.convNet(9, new Dropout(0.4, 55));
        first.fit(d[0], d[1], options(2));
        Path ckpt = dir.resolve("seeded.fathom");
        first.save(ckpt);
        Model resumed = Model.load(ckpt);
        History rest = resumed.fit(d[0], d[1], Fit.epochs(4).batchSize(16).validationSplit(0.2).silent().resume());

        Fixtures.assertSameWeights(straight, resumed);
        assertArrayEquals(new double[] {full.get("loss")[2], full.get("loss")[3]}, rest.get("loss"), 0.0);
    }

    @Test
    void resumeAtTheEndTrainsNothingAndSaysSo() {
        Tensor[] d = Fixtures.images(6, 32);
        Sequential m = Fixtures.convNet(2);
        m.fit(d[0], d[1], options(2));
        var out = Fixtures.capture(m);
        History h = m.fit(d[0], d[1], Fit.epochs(2).batchSize(16).verbosity(Fit.Verbosity.LINES).resume());
        assertEquals(0, h.epochs());
        assertTrue(out.toString().contains("nothing to train") && out.toString().contains("epoch 2"), out.toString());
    }
}
