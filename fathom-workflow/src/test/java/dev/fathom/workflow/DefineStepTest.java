package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.datasets.Task;
import dev.fathom.tensor.Generator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefineStepTest {
    private static final int N = 200;

    /** Two informative numeric columns and a binary text target that depends on them, plus {@code extra} columns. */
    private static Table table(String[] target, Column... extra) {
        Random r = new Random(1);
        double[] a = new double[N];
        double[] b = new double[N];
        for (int i = 0; i < N; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        List<Column> cols = new ArrayList<>(List.of(NumericColumn.of("a", a), NumericColumn.of("b", b)));
        cols.addAll(List.of(extra));
        cols.add(CategoricalColumn.of("y", target));
        return Table.of(cols);
    }

    private static String[] balanced() {
        String[] y = new String[N];
        for (int i = 0; i < N; i++) y[i] = i % 2 == 0 ? "yes" : "no";
        return y;
    }

    private static DataWarning warning(DefineStep.Definition d, DataWarning.Kind kind) {
        return d.warnings().stream().filter(w -> w.kind() == kind).findFirst().orElse(null);
    }

    @Test
    void aCleanTableHasNoWarningAndIsClassification() {
        DefineStep.Definition d = DefineStep.run(table(balanced()), "y", null);
        assertEquals(Task.CLASSIFICATION, d.problem().task());
        assertEquals(List.of("no", "yes"), d.problem().classes());
        assertTrue(d.problem().reason().contains("text labels: 2 classes"), d.problem().reason());
        assertEquals(List.of(), d.warnings());
        assertEquals("accuracy", d.scoring());
    }

    @Test
    void anIdColumnIsFoundAndDropped() {
        String[] ids = new String[N];
        double[] rowNumber = new double[N];
        for (int i = 0; i < N; i++) {
            ids[i] = "cust-" + (1000 + i);
            rowNumber[i] = i + 1;
        }
        DefineStep.Definition d = DefineStep.run(table(balanced(), CategoricalColumn.of("customer", ids),
                NumericColumn.of("row_no", rowNumber)), "y", null);
        List<DataWarning> ids2 = d.warnings().stream().filter(w -> w.kind() == DataWarning.Kind.ID_LIKE_COLUMN).toList();
        assertEquals(List.of("customer", "row_no"), ids2.stream().map(DataWarning::column).toList());
        assertTrue(ids2.get(0).message().contains("200 distinct values in 200 rows"), ids2.get(0).message());
        assertTrue(ids2.get(1).message().contains("whole numbers 1 to 200, each once"), ids2.get(1).message());
        assertTrue(d.dropped().containsKey("customer") && d.dropped().containsKey("row_no"));
    }

    @Test
    void aLeakingColumnIsFoundAndDropped() {
        String[] y = balanced();
        String[] copy = new String[N];
        double[] code = new double[N];
        for (int i = 0; i < N; i++) {
            copy[i] = y[i].equals("yes") ? "approved" : "rejected";
            code[i] = y[i].equals("yes") ? 1 : 0;
        }
        copy[6] = "rejected";   // near-identical: one row in 200 disagrees (99.5%)
        DefineStep.Definition d = DefineStep.run(table(y, CategoricalColumn.of("status", copy), NumericColumn.of("outcome", code)),
                "y", null);
        List<DataWarning> leaks = d.warnings().stream().filter(w -> w.kind() == DataWarning.Kind.LEAKING_COLUMN).toList();
        assertEquals(List.of("status", "outcome"), leaks.stream().map(DataWarning::column).toList());
        assertTrue(leaks.get(0).message().contains("99.5% of the rows"), leaks.get(0).message());
        assertTrue(leaks.get(1).message().contains("100.0% of the rows"), leaks.get(1).message());
        assertFalse(d.dropped().containsKey("a"));
    }

    @Test
    void aRegressionTargetLeaksThroughAnAlmostPerfectCorrelation() {
        Random r = new Random(3);
        double[] x = new double[N], price = new double[N], priceInCents = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = r.nextGaussian();
            price[i] = 100 + 20 * x[i] + 15 * r.nextGaussian();
            priceInCents[i] = price[i] * 100 + r.nextGaussian();
        }
        DefineStep.Definition d = DefineStep.run(Table.of(NumericColumn.of("x", x), NumericColumn.of("cents", priceInCents),
                NumericColumn.of("price", price)), "price", null);
        assertEquals(Task.REGRESSION, d.problem().task());
        assertEquals("r2", d.scoring());
        DataWarning leak = warning(d, DataWarning.Kind.LEAKING_COLUMN);
        assertEquals("cents", leak.column());
        assertTrue(leak.message().startsWith("correlation 1.0000"), leak.message());
        assertFalse(d.dropped().containsKey("x"));
    }

    @Test
    void heavyImbalanceSwitchesToBalancedAccuracy() {
        String[] y = new String[N];
        for (int i = 0; i < N; i++) y[i] = i % 20 == 0 ? "fraud" : "ok";   // 10 against 190
        DefineStep.Definition d = DefineStep.run(table(y), "y", null);
        DataWarning w = warning(d, DataWarning.Kind.CLASS_IMBALANCE);
        assertTrue(w.message().contains("class 'ok' has 190 rows but class 'fraud' only 10 (19.0×)"), w.message());
        assertEquals("balanced_accuracy", d.scoring());
    }

    @Test
    void fewRowsPerFeatureAndConstantColumnsAreWarned() {
        Generator g = new Generator(0);
        List<Column> cols = new ArrayList<>();
        float[] v = dev.fathom.tensor.Tensor.randn(g, 30, 5).toFloatArray();
        for (int c = 0; c < 5; c++) {
            double[] col = new double[30];
            for (int r = 0; r < 30; r++) col[r] = v[r * 5 + c];
            cols.add(NumericColumn.of("f" + c, col));
        }
        cols.add(NumericColumn.of("always", new double[30]));
        String[] y = new String[30];
        for (int i = 0; i < 30; i++) y[i] = i % 3 == 0 ? "a" : "b";
        cols.add(CategoricalColumn.of("y", y));
        DefineStep.Definition d = DefineStep.run(Table.of(cols), "y", null);
        assertTrue(warning(d, DataWarning.Kind.CONSTANT_COLUMN).message().startsWith("every value is '0"),
                warning(d, DataWarning.Kind.CONSTANT_COLUMN).message());
        assertTrue(warning(d, DataWarning.Kind.TOO_FEW_ROWS).message().startsWith("30 rows for 5 feature columns (6.0 per feature"),
                warning(d, DataWarning.Kind.TOO_FEW_ROWS).message());
    }

    @Test
    void wholeNumberCodesAreClassesAndMeasurementsAreQuantities() {
        double[] codes = new double[N], amounts = new double[N], x = new double[N];
        for (int i = 0; i < N; i++) {
            codes[i] = i % 4 + 1;
            amounts[i] = 3.5 * i + 0.25;
            x[i] = i % 7;
        }
        DefineStep.Definition c = DefineStep.run(Table.of(NumericColumn.of("x", x), NumericColumn.of("grade", codes)), "grade", null);
        assertEquals(Task.CLASSIFICATION, c.problem().task());
        assertEquals(List.of("1", "2", "3", "4"), c.problem().classes());
        assertTrue(c.problem().reason().contains("4 distinct whole numbers"), c.problem().reason());
        DefineStep.Definition r = DefineStep.run(Table.of(NumericColumn.of("x", x), NumericColumn.of("amount", amounts)), "amount", null);
        assertEquals(Task.REGRESSION, r.problem().task());
        assertTrue(r.problem().reason().contains("200 distinct values, not all whole"), r.problem().reason());
    }

    @Test
    void aTargetWithMissingValuesOrOneValueIsRefused() {
        Table missing = Table.of(NumericColumn.of("x", 1, 2, 3), NumericColumn.of("y", 1, Double.NaN, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DefineStep.run(missing, "y", null));
        assertTrue(e.getMessage().contains("1 missing values"), e.getMessage());
        Table constant = Table.of(NumericColumn.of("x", 1, 2, 3), NumericColumn.of("y", 5.5, 5.5, 5.5));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> DefineStep.run(constant, "y", null));
        assertTrue(c.getMessage().contains("same value in every row"), c.getMessage());
    }
}
