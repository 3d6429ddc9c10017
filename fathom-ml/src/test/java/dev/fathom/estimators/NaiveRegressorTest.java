package dev.fathom.estimators;

import dev.fathom.saving.Json;
import dev.fathom.saving.SafeTensors;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NaiveRegressorTest {
    private static final Tensor X = Tensor.of(new float[] {1, 10, 2, 20, 3, 30}, 3, 2);
    private static final Tensor Y = Tensor.of(new float[] {5, 6, 7}, 3);

    @Test
    void predictsTheChosenFeatureAsItIs() {
        NaiveRegressor last = new NaiveRegressor(1, "y[t-1]").fit(X, Y);
        assertArrayEquals(new float[] {10, 20, 30}, last.predict(X).toFloatArray());
        assertArrayEquals(new int[] {3}, last.predict(X).shape());
        assertEquals(1 - (25 + 196 + 529) / 2.0, last.score(X, Y), 1e-9);   // the sum of squares of 5, 6, 7 about their mean is 2
        assertEquals("NaiveRegressor(y[t-1])", last.toString());
    }

    @Test
    void savesAndRestoresTheColumn() {
        NaiveRegressor r = new NaiveRegressor(0, "y[t-2]").fit(X, Y);
        EstimatorTree tree = EstimatorTree.of(r);
        Map<String, Object> json = Json.parse(Json.write(tree.root()), "tree");
        Object back = EstimatorTree.restore(json, SafeTensors.read(SafeTensors.write(tree.tensors()), "weights"), tree.files());
        assertArrayEquals(r.predict(X).toFloatArray(), ((NaiveRegressor) back).predict(X).toFloatArray());
        assertEquals(0, ((NaiveRegressor) back).column());
    }

    @Test
    void aMissingColumnOrAnUnfittedModelIsRefusedWithTheReason() {
        IllegalArgumentException narrow = assertThrows(IllegalArgumentException.class, () -> new NaiveRegressor(2, "y[t-1]").fit(X, Y));
        assertTrue(narrow.getMessage().contains("copies y[t-1] (feature 2) but the features have shape [3, 2]"), narrow.getMessage());
        assertThrows(IllegalStateException.class, () -> new NaiveRegressor(0, "y[t-1]").predict(X));
        assertThrows(IllegalArgumentException.class, () -> new NaiveRegressor(-1, "y"));
    }
}
