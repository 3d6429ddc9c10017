package dev.fathom.pipeline;

import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.data.preprocessing.Preprocessor;
import dev.fathom.estimators.LogisticRegression;
import dev.fathom.estimators.Ridge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pipeline of several numeric targets: fitted side by side, predicted as one column each, saved and loaded with its targets. */
class MultiTargetPipelineTest {
    @TempDir
    Path dir;

    private static Table table() {
        Random r = new Random(2);
        int n = 60;
        double[] a = new double[n], b = new double[n], heating = new double[n], cooling = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
            heating[i] = 2 * a[i] + 1;
            cooling[i] = -3 * b[i] + 0.5 * a[i];
        }
        return Table.of(NumericColumn.of("a", a), NumericColumn.of("b", b), NumericColumn.of("heating", heating), NumericColumn.of("cooling", cooling));
    }

    @Test
    void twoTargetsArePredictedSideBySideAndSurviveSaving() {
        Table t = table();
        Pipeline p = Pipeline.fit(t, List.of("heating", "cooling"), Preprocessor.builder().numeric(List.of("a", "b")).build(), new Ridge(1e-6));
        assertEquals(List.of("heating", "cooling"), p.targets());
        assertEquals("heating", p.target());
        assertEquals(List.of("a", "b"), p.inputs().stream().map(InputColumn::name).toList(), "no target is an input");
        assertArrayEquals(new int[] {60, 2}, p.predict(t).shape());
        List<Column> columns = p.predictColumns(t);
        assertEquals(List.of("heating", "cooling"), columns.stream().map(Column::name).toList());
        NumericColumn heating = (NumericColumn) columns.get(0), cooling = (NumericColumn) columns.get(1);
        for (int i = 0; i < 60; i++) {
            assertEquals(((NumericColumn) t.column("heating")).get(i), heating.get(i), 1e-3);
            assertEquals(((NumericColumn) t.column("cooling")).get(i), cooling.get(i), 1e-3);
        }
        Path file = dir.resolve("two.fathom");
        p.save(file);
        Pipeline back = Pipeline.load(file);
        assertEquals(p.targets(), back.targets());
        assertArrayEquals(p.predict(t).toFloatArray(), back.predict(t).toFloatArray(), 0f);
        var single = assertThrows(IllegalStateException.class, () -> back.predictColumn(t));
        assertTrue(single.getMessage().contains("use predict(table)"), single.getMessage());
    }

    @Test
    void wrongTargetsAreExplained() {
        Table t = table();
        Preprocessor prep = Preprocessor.builder().numeric(List.of("a")).build();
        var classifier = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.fit(t, List.of("heating", "cooling"), prep, new LogisticRegression()));
        assertTrue(classifier.getMessage().contains("need a regressor"), classifier.getMessage());
        var twice = assertThrows(IllegalArgumentException.class, () -> Pipeline.fit(t, List.of("heating", "heating"), prep, new Ridge()));
        assertTrue(twice.getMessage().contains("named twice"), twice.getMessage());
        var missing = assertThrows(IllegalArgumentException.class, () -> Pipeline.fit(t, List.of("heating", "coolin"), prep, new Ridge()));
        assertTrue(missing.getMessage().contains("'coolin'") && missing.getMessage().contains("cooling"), missing.getMessage());
        var reads = assertThrows(IllegalArgumentException.class, () -> Pipeline.fit(t, List.of("heating", "a"),
                Preprocessor.builder().numeric(List.of("a", "b")).build(), new Ridge()));
        assertTrue(reads.getMessage().contains("'a'"), reads.getMessage());
    }
}
