package dev.fathom.workflow;

import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Column;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The define step tells free text from IDs and from categories of several words. */
class TextColumnDetectionTest {
    private static final int N = 60;
    private static final String[] WORDS = {"good", "bad", "film", "plot", "actors", "slow", "funny", "long", "great", "music"};

    private static Column reviews() {
        String[] v = new String[N];
        for (int i = 0; i < N; i++) v[i] = WORDS[i % 10] + " " + WORDS[(i / 10) % 10] + " and " + WORDS[(i * 7) % 10] + " " + i;
        return CategoricalColumn.of("review", v);
    }

    @Test
    void freeTextIsKeptAsTextNotDroppedAsAnId() {
        String[] ids = new String[N];
        String[] cities = new String[N];
        String[] y = new String[N];
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            ids[i] = "cust-" + (1000 + i);
            cities[i] = i % 3 == 0 ? "New York City" : i % 3 == 1 ? "Salt Lake City" : "Rio de Janeiro";
            y[i] = i % 2 == 0 ? "yes" : "no";
            x[i] = i % 7;
        }
        Table t = Table.of(reviews(), CategoricalColumn.of("customer", ids), CategoricalColumn.of("city", cities), NumericColumn.of("x", x),
                CategoricalColumn.of("y", y));
        DefineStep.Definition d = DefineStep.run(t, "y", null);
        assertEquals(List.of("review"), List.copyOf(d.text().keySet()));
        assertTrue(d.text().get("review").contains("a median of 5 words per value, 100% of the values distinct"), d.text().get("review"));
        assertFalse(d.dropped().containsKey("review"));
        assertTrue(d.dropped().containsKey("customer"), "one word per value: an ID, dropped");
        assertFalse(d.dropped().containsKey("city"));
        assertNull(DefineStep.text(t.column("city")), "three words but three values: categories, not text");
        assertNull(DefineStep.text(t.column("x")));
    }

    @Test
    void theTextPlanNamesBothRepresentations() {
        String[] y = new String[N];
        for (int i = 0; i < N; i++) y[i] = i % 2 == 0 ? "yes" : "no";
        double[] stars = new double[N];
        for (int i = 0; i < N; i++) stars[i] = i % 5;
        Table t = Table.of(reviews(), NumericColumn.of("stars", stars), CategoricalColumn.of("y", y));
        DefineStep.Definition d = DefineStep.run(t, "y", null);
        PrepareStep.Preparation p = PrepareStep.run(t, "y", d.dropped(), d.text());
        assertEquals(List.of("review"), p.text());
        ColumnPlan plan = p.plans().getFirst();
        assertTrue(plan.kept());
        assertEquals("text: TF-IDF of 1- and 2-grams (in at least 2 texts, at most 5000), and the first 8 token ids for the text network",
                plan.steps());
        assertEquals("median imputation, standardized on the training split", p.plans().get(1).steps(),
                "beside TF-IDF columns, which the linear model reads unscaled, numbers are scaled in the preparation");
        assertEquals(List.of("numeric", "text"), p.preprocessor().groupNames());
    }
}
