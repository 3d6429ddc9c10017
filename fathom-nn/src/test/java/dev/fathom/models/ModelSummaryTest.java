package dev.fathom.models;

import dev.fathom.layers.Concatenate;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Layer;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model.toString: one line for a REPL, in every state of a model, that never throws. */
class ModelSummaryTest {

    @Test
    void anUnbuiltModelListsItsLayerTypes() {
        assertEquals("Sequential(dense: Dense, dense_1: Dense; not built)", new Sequential(new Dense(10, "relu"), new Dense(3)).toString());
        assertEquals("Sequential(first: Dense, dense: Dense; not built)",
                new Sequential(new Dense(10).name("first"), new Dense(3)).toString(), "names given by the user show at once");
        assertEquals("Sequential(no layers; not built)", new Sequential().toString());
    }

    @Test
    void aBuiltModelShowsItsShapesAndParameterCount() {
        var model = new Sequential(new Dense(10, "relu"), new Dense(3)).build(4);
        assertEquals("Sequential(dense: Dense, dense_1: Dense; [batch, 4] -> [batch, 3], 83 parameters)", model.toString());
        assertEquals("Sequential(flatten: Flatten, dense: Dense; [batch, 28, 28] -> [batch, 10], 7,850 parameters)",
                new Sequential(new Flatten(), new Dense(10)).build(28, 28).toString());
    }

    @Test
    void aCompiledModelShowsItsSettingsAndTrainingShowsTheEpochs() {
        Tensor[] data = Fixtures.blobs(1, 30);
        var model = new Sequential(new Dense(3)).seed(2).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true), "accuracy");
        assertEquals("Sequential(dense: Dense; not built; compiled with Adam, SparseCategoricalCrossentropy, metrics [accuracy])",
                model.toString());
        model.fit(data[0], data[1], Fit.epochs(1).silent());
        assertEquals("Sequential(dense: Dense; [batch, 2] -> [batch, 3], 9 parameters; compiled with Adam,"
                + " SparseCategoricalCrossentropy, metrics [accuracy]; 1 epoch trained)", model.toString());
        model.fit(data[0], data[1], Fit.epochs(3).resume().silent());
        assertTrue(model.toString().endsWith("; 3 epochs trained)"), model.toString());
        var noMetrics = new Sequential(new Dense(3)).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        assertEquals("Sequential(dense: Dense; not built; compiled with Adam, SparseCategoricalCrossentropy)", noMetrics.toString());
    }

    @Test
    void aLoadedModelSaysWhereItsTrainingStopped(@TempDir Path dir) {
        Tensor[] data = Fixtures.blobs(1, 30);
        var model = new Sequential(new Dense(3)).seed(2).compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        model.fit(data[0], data[1], Fit.epochs(2).silent());
        model.save(dir.resolve("m.fathom"));
        assertEquals(model.toString(), Model.load(dir.resolve("m.fathom")).toString());
    }

    @Test
    void manyLayersAreElidedInTheMiddle() {
        Layer[] layers = new Layer[12];
        for (int i = 0; i < layers.length; i++) layers[i] = new Dense(2);
        String s = new Sequential(layers).build(2).toString();
        assertEquals("Sequential(dense: Dense, dense_1: Dense, dense_2: Dense, dense_3: Dense, dense_4: Dense, dense_5: Dense,"
                + " ... 5 more, dense_11: Dense; [batch, 2] -> [batch, 2], 72 parameters)", s);
        assertEquals(ModelSummary.LAYERS_SHOWN - 1, s.split(": Dense").length - 1, "all but the elided ones are listed");
    }

    @Test
    void aMultiInputModelShowsEveryInputShape() {
        Input a = Input.of(2).name("a");
        Input b = Input.of(3).name("b");
        var model = new Functional(List.of(a, b), SymbolicTensor.apply(new Concatenate(), a, b).then(new Dense(1)));
        assertEquals("Functional(concatenate: Concatenate, dense: Dense; ([batch, 2], [batch, 3]) -> [batch, 1], 6 parameters)",
                model.toString());
        assertEquals("TwoTower(a: Dense, b: Dense; ([batch, 3], [batch, 2]) -> [batch, 1], 7 parameters)",
                new MultiInputTest.TwoTower().toString());
    }

    @Test
    void aModelThatCannotDescribeItselfStillPrints() {
        Model broken = new Sequential() {
            @Override
            public List<Layer> layers() {
                throw new IllegalStateException("layers are loading");
            }
        };
        assertEquals("Sequential(cannot describe itself: java.lang.IllegalStateException: layers are loading)", broken.toString());
    }
}
