package dev.fathom.models;

import dev.fathom.layers.Dense;
import dev.fathom.losses.CategoricalCrossentropy;
import dev.fathom.losses.MeanSquaredError;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fit's validationSplit takes the last samples: data sorted by class is warned about, naming the classes and the fix. */
class ValidationClassMixTest {

    /** 150 samples of 4 features, 50 of each of 3 classes, sorted by class as iris is. */
    private static Tensor[] sorted() {
        Generator g = new Generator(5);
        int[] y = new int[150];
        for (int i = 0; i < 150; i++) y[i] = i / 50;
        return new Tensor[] {Tensor.randn(g, 150, 4), Tensor.of(y, 150)};
    }

    private static Sequential model() {
        Sequential m = new Sequential(new Dense(3)).seed(1);
        m.build(4).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        return m;
    }

    @Test
    void aSplitOfSortedClassesIsWarnedAboutNamingTheClassesAndTheFix() {
        Tensor[] d = sorted();
        History h = model().fit(d[0], d[1], Fit.epochs(2).validationSplit(0.2).silent());
        String expected = "fit: validationSplit(0.2) holds out the last 30 of 150 samples, unshuffled, and their classes differ from the"
                + " training samples' (the data looks sorted by class): missing from validation: class 0 (50 in training), class 1 (50 in"
                + " training); over-represented in validation: class 2 (100% of validation, 17% of training). Shuffle the samples before"
                + " fit, or validate on a stratified split: Split s = Splits.trainTest(x, 0.2, seed).stratifiedBy(y);"
                + " model.fit(s.train(x), s.train(y), fit.validationData(s.test(x), s.test(y)))";
        assertEquals(List.of(expected), h.warnings());
    }

    @Test
    void aClassOnlyInValidationIsNamedAndOneHotTargetsAreRead() {
        Tensor[] d = sorted();
        float[] v = new float[450];
        for (int i = 0; i < 150; i++) v[3 * i + i / 50] = 1;
        Tensor oneHot = Tensor.of(v, 150, 3);
        Sequential m = new Sequential(new Dense(3)).seed(1);
        m.build(4).compile(new Adam(0.01), new CategoricalCrossentropy(true));
        History h = m.fit(d[0], oneHot, Fit.epochs(1).validationSplit(0.34).silent());
        assertEquals(1, h.warnings().size(), h.warnings().toString());
        assertTrue(h.warnings().getFirst().contains("(the data looks sorted by class): in validation only, never trained on: class 2 (50);"
                + " missing from validation: class 0 (50 in training); under-represented in validation: class 1 (2% of validation, 49% of"
                + " training). Shuffle"), h.warnings().getFirst());
    }

    @Test
    void shuffledClassesAndRegressionTargetsAreNotWarnedAbout() {
        Tensor[] d = sorted();
        int[] order = new int[150];
        for (int i = 0; i < 150; i++) order[i] = i;
        java.util.Random r = new java.util.Random(3);
        for (int i = 149; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Tensor idx = Tensor.of(order, 150);
        History h = model().fit(d[0].indexSelect(0, idx), d[1].indexSelect(0, idx), Fit.epochs(1).validationSplit(0.2).silent());
        assertEquals(List.of(), h.warnings());

        Sequential reg = new Sequential(new Dense(1)).seed(1);
        reg.build(4).compile(new Adam(0.01), new MeanSquaredError());
        float[] y = new float[150];
        for (int i = 0; i < 150; i++) y[i] = i / 50;   // sorted, but a regression target is not a class
        assertEquals(List.of(), reg.fit(d[0], Tensor.of(y, 150, 1), Fit.epochs(1).validationSplit(0.2).silent()).warnings());
    }
}
