package dev.fathom.datasets;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TabularDataset on small hand-made tables: labels, checks on the table, and its messages. */
class TabularDatasetTest {
    private static final ReferenceScore SCORE = new ReferenceScore("accuracy", 0.9, "a method", "a protocol", "a source");

    private static TabularDataset classification(Table t, List<String> classes) {
        return new TabularDataset("toy", "Toy", Task.CLASSIFICATION, t, "kind", classes, "d", "s", "l", List.of(SCORE), "toy.csv");
    }

    @Test
    void classLabelsFollowTheDeclaredOrderNotTheFileOrder() {
        Table t = Table.of(NumericColumn.of("x", 1, 2, 3, 4), CategoricalColumn.of("kind", "b", "a", "b", "c"));
        TabularDataset d = classification(t, List.of("a", "b", "c"));
        assertArrayEquals(new int[] {1, 0, 1, 2}, d.labels().toIntArray());
        assertEquals(DType.INT32, d.labels().dtype());
        assertArrayEquals(new int[] {1, 2, 1}, d.classCounts());
        assertEquals(List.of("a", "b", "c"), d.table().categorical("kind").levels());
        assertEquals("c", d.className(2));
        assertEquals(List.of("x"), d.featureNames());
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().toFloatArray());
    }

    @Test
    void numericClassValuesAreMatchedByTheirText() {
        Table t = Table.of(NumericColumn.of("x", 0.5, 1.5), NumericColumn.of("kind", 1, 0));
        TabularDataset d = classification(t, List.of("0", "1"));
        assertArrayEquals(new int[] {1, 0}, d.labels().toIntArray());
    }

    @Test
    void aValueThatIsNoClassIsNamedWithItsRowAndLine() {
        Table t = Table.of(NumericColumn.of("x", 1, 2, 3), CategoricalColumn.of("kind", "a", "b", "setosa"));
        var e = assertThrows(DatasetException.class, () -> classification(t, List.of("a", "b")));
        assertEquals("toy.csv: row 3 of the data (line 4 of the file), column 'kind': 'setosa' is not one of the classes [a, b]",
                e.getMessage());
    }

    @Test
    void aMissingTargetColumnListsTheColumns() {
        Table t = Table.of(NumericColumn.of("x", 1, 2), NumericColumn.of("y", 1, 2));
        var e = assertThrows(DatasetException.class, () -> classification(t, List.of("a")));
        assertTrue(e.getMessage().startsWith("toy.csv: no target column 'kind'; the columns are [x, y]"), e.getMessage());
    }

    @Test
    void missingValuesAreRefusedWithTheirPlace() {
        Table t = Table.of(NumericColumn.of("x", 1, Double.NaN, 3), CategoricalColumn.of("kind", "a", "a", "a"));
        var e = assertThrows(DatasetException.class, () -> classification(t, List.of("a")));
        assertEquals("toy.csv: column 'x' has 1 missing values (the first in row 2 of the data, line 3 of the file);"
                + " a built-in data set must be complete", e.getMessage());
    }

    @Test
    void regressionLabelsAreFloatsAndHaveNoClasses() {
        Table t = Table.of(NumericColumn.of("x", 1, 2), NumericColumn.of("y", 2.5, -1));
        TabularDataset d = new TabularDataset("toy", "Toy", Task.REGRESSION, t, "y", List.of(), "d", "s", "l",
                List.of(new ReferenceScore("r2", 0.5, "m", "p", "s")), "toy.csv");
        Tensor y = d.labels();
        assertEquals(DType.FLOAT32, y.dtype());
        assertArrayEquals(new float[] {2.5f, -1f}, y.toFloatArray());
        assertEquals(0, d.numClasses());
        var e = assertThrows(IllegalStateException.class, d::classCounts);
        assertEquals("classCounts: toy is a regression data set and has no classes", e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> d.className(0));
        assertTrue(e2.getMessage().contains("toy is a regression data set and has no classes"), e2.getMessage());
    }

    @Test
    void aTextColumnInARegressionSetIsNamed() {
        Table t = Table.of(CategoricalColumn.of("city", "Oslo", "Rome"), NumericColumn.of("y", 1, 2));
        var e = assertThrows(DatasetException.class, () -> new TabularDataset("toy", "Toy", Task.REGRESSION, t, "y", List.of(),
                "d", "s", "l", List.of(), "toy.csv"));
        assertEquals("toy.csv: column 'city' is categorical; every column of a regression data set must be numeric", e.getMessage());
    }

    @Test
    void classNamesGoWithClassificationOnly() {
        Table t = Table.of(NumericColumn.of("x", 1), NumericColumn.of("kind", 0));
        var e = assertThrows(IllegalArgumentException.class, () -> classification(t, List.of()));
        assertEquals("toy: a classification data set needs class names", e.getMessage());
    }

    @Test
    void classNameOutOfRangeSaysTheRange() {
        Table t = Table.of(NumericColumn.of("x", 1), CategoricalColumn.of("kind", "a"));
        TabularDataset d = classification(t, List.of("a", "b"));
        var e = assertThrows(IllegalArgumentException.class, () -> d.className(2));
        assertEquals("className: label 2 is outside 0..1 (toy has 2 classes [a, b])", e.getMessage());
    }

    @Test
    void referenceScoreByMetric() {
        Table t = Table.of(NumericColumn.of("x", 1), CategoricalColumn.of("kind", "a"));
        TabularDataset d = classification(t, List.of("a"));
        assertEquals(SCORE, d.referenceScore("accuracy"));
        var e = assertThrows(IllegalArgumentException.class, () -> d.referenceScore("r2"));
        assertEquals("referenceScore: toy has no reference score measured by 'r2'; its metrics are [accuracy]", e.getMessage());
    }

    @Test
    void referenceScoresCheckTheirParts() {
        assertEquals("accuracy 0.9: a method; a protocol [a source]", SCORE.toString());
        assertTrue(SCORE.higherIsBetter());
        assertFalse(new ReferenceScore("aic", 2622.637, "AR(2)", "p", "s").higherIsBetter());
        assertFalse(new ReferenceScore("mse", 2548.07, "OLS", "p", "s").higherIsBetter());
        var e = assertThrows(IllegalArgumentException.class, () -> new ReferenceScore("accuracy", Double.NaN, "m", "p", "s"));
        assertEquals("ReferenceScore accuracy of m: value must be finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReferenceScore("accuracy", 1, "m", "p", " "));
        assertEquals("ReferenceScore: source must not be blank", e.getMessage());
    }
}
