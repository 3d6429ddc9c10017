package dev.fathom.workflow;

import dev.fathom.datasets.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The words a report uses for each kind of data: an image-folder report never speaks of rows or columns. */
class DataKindTest {
    @Test
    void samplesAreCountedInTheirOwnWords() {
        assertEquals("200 rows", DataKind.TABLE.count(200));
        assertEquals("1 row", DataKind.TABLE.count(1));
        assertEquals("100 images", DataKind.IMAGES.count(100));
        assertEquals("1 image", DataKind.IMAGES.count(1));
        assertEquals("58 time steps", DataKind.SERIES.count(58));
    }

    @Test
    void theChecksNamedAreThoseMadeOnThatKind() {
        assertEquals("no ID-like, leaking or constant column, classes balanced enough, enough rows per feature",
                DataKind.TABLE.checked(true));
        assertEquals("no ID-like, leaking or constant column, enough rows per feature", DataKind.TABLE.checked(false),
                "regression has no classes to balance");
        String images = DataKind.IMAGES.checked(true);
        assertEquals("classes balanced enough (the largest has fewer than 5 times the images of the smallest)", images);
        for (String tableWord : List.of("row", "column", "ID-like", "leaking")) assertFalse(images.contains(tableWord), images);
        assertTrue(DataKind.SERIES.checked(false).contains("constant"));
    }

    @Test
    void aProblemIsOnATableUnlessItSaysOtherwise() {
        Problem table = new Problem(Task.REGRESSION, "y", "numeric", List.of(), 10);
        assertEquals(DataKind.TABLE, table.kind());
        Problem images = new Problem(Task.CLASSIFICATION, "label", "a folder", List.of("a", "b"), 100, DataKind.IMAGES);
        assertEquals("100 images", images.kind().count(images.rows()));
    }
}
