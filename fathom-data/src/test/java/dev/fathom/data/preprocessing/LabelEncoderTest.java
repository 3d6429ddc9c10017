package dev.fathom.data.preprocessing;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.saving.Json;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelEncoderTest {
    private static final CategoricalColumn SPECIES = CategoricalColumn.of("species", "virginica", "setosa", "versicolor", "setosa");

    @Test
    void classesAreSortedAndPredictionsMapBack() {
        LabelEncoder labels = new LabelEncoder();
        Tensor y = labels.fitTransform(SPECIES);
        assertEquals(List.of("setosa", "versicolor", "virginica"), labels.classes());
        assertEquals(DType.INT32, y.dtype());
        assertArrayEquals(new int[] {2, 0, 1, 0}, y.toIntArray());
        CategoricalColumn back = labels.inverseTransform(Tensor.of(new int[] {1, 2}, 2));
        assertEquals("species", back.name());
        assertEquals(List.of("versicolor", "virginica"), List.of(back.get(0), back.get(1)));
        Tensor scores = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 3, 1, -1}, 2, 3);
        CategoricalColumn argmax = labels.inverseTransform(scores);
        assertEquals(List.of("versicolor", "setosa"), List.of(argmax.get(0), argmax.get(1)), "scores: the highest per row");
        assertEquals(List.of("1", "2", "10"), new LabelEncoder().fit(NumericColumn.of("y", 10, 2, 1)).classes());
    }

    @Test
    void unseenClassesMissingTargetsAndBadPredictionsAreExplained() {
        LabelEncoder labels = new LabelEncoder().fit(SPECIES);
        var unseen = assertThrows(IllegalArgumentException.class,
                () -> labels.transform(CategoricalColumn.of("species", "setosa", "setossa")));
        assertTrue(unseen.getMessage().contains("column 'species' at row 1 has class 'setossa' (did you mean 'setosa'?)")
                && unseen.getMessage().contains("not seen in fit"), unseen.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> new LabelEncoder().fit(CategoricalColumn.of("y", "a", null)));
        assertTrue(missing.getMessage().contains("1 missing values (the first at row 1)") && missing.getMessage().contains("drop"),
                missing.getMessage());
        var index = assertThrows(IllegalArgumentException.class, () -> labels.inverseTransform(Tensor.of(new int[] {0, 3}, 2)));
        assertTrue(index.getMessage().contains("prediction 1 is 3.0, which is not a class index")
                && index.getMessage().contains("indices 0 to 2"), index.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> labels.inverseTransform(Tensor.zeros(2, 4)));
        assertTrue(shape.getMessage().contains("[2, 4]") && shape.getMessage().contains("[rows, 3]"), shape.getMessage());
        var early = assertThrows(IllegalStateException.class, () -> new LabelEncoder().transform(SPECIES));
        assertTrue(early.getMessage().contains("not fitted"), early.getMessage());
    }

    @Test
    void configRoundTripsThroughJson() {
        LabelEncoder labels = new LabelEncoder().fit(SPECIES);
        LabelEncoder back = LabelEncoder.fromConfig(Json.parse(Json.write(labels.config()), "labels"));
        assertEquals(labels.classes(), back.classes());
        assertEquals("species", back.column());
        assertArrayEquals(labels.transform(SPECIES).toIntArray(), back.transform(SPECIES).toIntArray());
        assertTrue(!LabelEncoder.fromConfig(new LabelEncoder().config()).isFitted());
        var wrong = assertThrows(IllegalArgumentException.class,
                () -> LabelEncoder.fromConfig(java.util.Map.of("type", "Preprocessor")));
        assertTrue(wrong.getMessage().contains("not \"LabelEncoder\""), wrong.getMessage());
    }
}
