package dev.fathom.pipeline;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.HandleUnknown;
import dev.fathom.data.preprocessing.OrdinalEncoder;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.DummyClassifier;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A column of more distinct values than categories have (free text) keeps them out of the schema. */
class SchemaOfFreeTextTest {
    private static Pipeline fitted(int distinct) {
        int n = distinct;
        String[] text = new String[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            text[i] = "value " + i;
            y[i] = i % 2;
        }
        Table t = Table.of(CategoricalColumn.of("note", text), NumericColumn.of("y", y));
        Preprocessor prep = Preprocessor.builder()
                .categorical(List.of("note"), new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1)).build();
        return Pipeline.fit(t, "y", prep, new DummyClassifier());
    }

    @Test
    void categoriesAreListedUpToTheLimitOnly() {
        assertEquals(Pipeline.MAX_SCHEMA_CATEGORIES, fitted(Pipeline.MAX_SCHEMA_CATEGORIES).inputs().getFirst().categories().size());
        assertEquals(List.of(), fitted(Pipeline.MAX_SCHEMA_CATEGORIES + 1).inputs().getFirst().categories());
    }
}
