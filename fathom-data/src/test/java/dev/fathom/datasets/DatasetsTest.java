package dev.fathom.datasets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry: names, lookup, and what a wrong name is told. */
class DatasetsTest {

    @Test
    void listsEveryDataSetTabularFirst() {
        assertEquals(List.of("iris", "wine", "breast_cancer", "digits", "diabetes", "sunspots"), Datasets.tabularNames());
        assertEquals(List.of("mnist", "fashion_mnist"), Datasets.imageNames());
        assertEquals(List.of("iris", "wine", "breast_cancer", "digits", "diabetes", "sunspots", "mnist", "fashion_mnist"),
                Datasets.names());
    }

    @Test
    void namesIgnoreCaseAndSeparators() {
        assertEquals("breast_cancer", Datasets.load("Breast-Cancer").name());
        assertEquals("breast_cancer", Datasets.load(" breast cancer ").name());
        assertEquals("iris", Datasets.load("IRIS").name());
    }

    @Test
    void eachLoadIsANewDataSet() {
        assertNotSame(Datasets.load("iris"), Datasets.load("iris"));
    }

    @Test
    void anUnknownNameListsTheNamesAndSuggestsTheClosest() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("irs"));
        assertTrue(e.getMessage().startsWith("Datasets.load: no data set named 'irs'; did you mean 'iris'?"), e.getMessage());
        assertTrue(e.getMessage().contains("[iris, wine, breast_cancer, digits, diabetes, sunspots, mnist, fashion_mnist]"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("breast"));
        assertTrue(e.getMessage().contains("did you mean 'breast_cancer'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("diabetis"));
        assertTrue(e.getMessage().contains("did you mean 'diabetes'?"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.loadImages("fashion"));
        assertTrue(e.getMessage().startsWith("Datasets.loadImages: no data set named 'fashion'; did you mean 'fashion_mnist'?"),
                e.getMessage());
    }

    @Test
    void aFarNameGetsNoSuggestion() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar10"));
        assertEquals("Datasets.load: no data set named 'cifar10'. The data sets are "
                + "[iris, wine, breast_cancer, digits, diabetes, sunspots, mnist, fashion_mnist]", e.getMessage());
    }

    @Test
    void aBlankNameIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(" "));
        assertTrue(e.getMessage().contains("must not be blank"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.load(null));
    }

    @Test
    void imageAndTabularNamesPointToTheRightLoader() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("fashion-mnist"));
        assertEquals("Datasets.load: 'fashion-mnist' is an image data set; load it with"
                + " Datasets.loadImages(\"fashion_mnist\"), which returns an ImageDataset", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.loadImages("wine"));
        assertEquals("Datasets.loadImages: 'wine' is a tabular data set; load it with"
                + " Datasets.load(\"wine\"), which returns a TabularDataset", e.getMessage());
    }
}
