package dev.fathom.data;

import dev.fathom.backend.DType;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableLabelsTest {
    private final Table t = CsvReader.parse("""
            size,rooms,kind,sold,price
            50,2,flat,yes,1.5
            80,3,house,no,2.25
            120,4,flat,yes,3
            """);

    @Test
    void featuresAreEveryOtherColumn() {
        Tensor x = t.drop("kind").features("price");
        assertArrayEquals(new int[] {3, 3}, x.shape());
        assertArrayEquals(new float[] {50, 2, 1, 80, 3, 0, 120, 4, 1}, x.toFloatArray());
    }

    @Test
    void labelsFollowTheColumnType() {
        Tensor classes = t.labels("kind");
        assertEquals(DType.INT32, classes.dtype());
        assertArrayEquals(new int[] {0, 1, 0}, classes.toIntArray());
        assertArrayEquals(new float[] {1.5f, 2.25f, 3f}, t.labels("price").toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, t.labels("sold").toFloatArray());
    }

    @Test
    void aMissingTargetNamesTheClosestColumn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.labels("prize"));
        assertTrue(e.getMessage().startsWith("no column 'prize'; did you mean 'price'?"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> t.features("prize"));
        assertTrue(f.getMessage().startsWith("no column 'prize'; did you mean 'price'?"), f.getMessage());
    }

    @Test
    void aTargetWithGapsOrACategoricalFeatureSaysWhatToDo() {
        Table gaps = CsvReader.parse("x,y\n1,2\n2,\n3,4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gaps.labels("y"));
        assertTrue(e.getMessage().startsWith("the target column 'y' has 1 missing values (the first at row 1); drop those rows first"),
                e.getMessage());
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> t.features("price"));
        assertTrue(c.getMessage().startsWith("column 'kind' is categorical (2 levels); encode it first"), c.getMessage());
    }
}
