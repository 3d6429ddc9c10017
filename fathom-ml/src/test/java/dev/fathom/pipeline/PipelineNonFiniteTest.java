package dev.fathom.pipeline;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.data.preprocessing.SimpleImputer;
import dev.fathom.data.preprocessing.StandardScaler;
import dev.fathom.estimators.LogisticRegression;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.fathom.pipeline.PipelineTesting.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values a model cannot compute with (infinities, numbers beyond float32) are refused at predict, or read as missing on request. */
class PipelineNonFiniteTest {
    /** 'age' is imputed and scaled; 'income' only scaled. */
    private static Pipeline pipeline() {
        Table train = Table.of(
                NumericColumn.of("age", 22, 38, 26, 35, 54, 2, 27, 14, 58, 20),
                NumericColumn.of("income", 1, 5, 2, 4, 8, 0, 3, 1, 9, 2),
                CategoricalColumn.of("outcome", "no", "yes", "yes", "yes", "no", "yes", "no", "no", "yes", "no"));
        Preprocessor prep = Preprocessor.builder()
                .numeric(List.of("age"), new SimpleImputer(SimpleImputer.Strategy.MEDIAN), new StandardScaler())
                .numeric(List.of("income"), new StandardScaler())
                .build();
        return Pipeline.fit(train, "outcome", prep, new LogisticRegression());
    }

    private static Table rows(double[] age, double[] income) {
        return Table.of(NumericColumn.of("age", age), NumericColumn.of("income", income));
    }

    @Test
    void anInfinityIsRefusedNamingRowAndColumn() {
        Pipeline p = pipeline();
        Table t = rows(new double[] {30, Double.POSITIVE_INFINITY, 40}, new double[] {1, 2, 3});
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.predict(t));
        assertEquals("row 1, column 'age' holds Infinity, which the model cannot compute with; fix the value, or read such values as"
                + " missing with Pipeline.nonFiniteAsMissing(table): the pipeline imputes 'age'", e.getMessage());
        assertEquals(1, e.record());
        assertEquals("age", e.field());
        // Read as missing, it is imputed exactly as an empty value would be.
        Table empty = rows(new double[] {30, Double.NaN, 40}, new double[] {1, 2, 3});
        assertBitIdentical(p.predictProba(empty), p.predictProba(p.nonFiniteAsMissing(t)), "probabilities");
    }

    @Test
    void aNumberBeyondFloat32IsRefusedToo() {
        Pipeline p = pipeline();
        Table t = rows(new double[] {30, 31}, new double[] {1, -1e39});
        NonFiniteValue v = p.nonFiniteValue(t);
        assertEquals(new NonFiniteValue(1, "income", -1e39, false), v);
        PipelineInputException e = assertThrows(PipelineInputException.class, () -> p.predictColumn(t));
        assertEquals("row 1, column 'income' holds -1e+39, beyond the range of float32 (±3.403e+38), which the model computes in; fix"
                + " the value: the pipeline does not impute 'income' (it has no SimpleImputer for it), so it cannot be"
                + " read as missing", e.getMessage());
        PipelineInputException m = assertThrows(PipelineInputException.class, () -> p.nonFiniteAsMissing(t));
        assertEquals("row 1, column 'income' holds -1e+39, beyond the range of float32 (±3.403e+38), which the model computes in, and it"
                + " cannot be read as missing: the pipeline does not impute 'income' (it was trained without an imputer for it); fix the"
                + " value", m.getMessage());
    }

    @Test
    void finiteDataPassesUntouched() {
        Pipeline p = pipeline();
        Table t = rows(new double[] {30, Double.NaN}, new double[] {1, 3.4e38});
        assertNull(p.nonFiniteValue(t));
        assertTrue(p.nonFiniteAsMissing(t) == t);
        assertEquals(2, p.predict(t).shape(0));
    }
}
