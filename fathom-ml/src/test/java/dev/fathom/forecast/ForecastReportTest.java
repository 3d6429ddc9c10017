package dev.fathom.forecast;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForecastReportTest {

    @Test
    void scoresSkillAndBest() {
        double[] y = {1, 5, 2, 6, 3, 7, 4, 8};
        ForecastReport r = ForecastReport.oneStep(y, 4, 8, NaiveForecaster.persistence(), NaiveForecaster.seasonal(2));
        // persistence: [6, 3, 7, 4] against [3, 7, 4, 8]: errors 3, 4, 3, 4
        assertEquals(Math.sqrt(12.5), r.rmse("persistence"), 1e-12);
        assertEquals(3.5, r.mae("persistence"), 1e-12);
        // seasonal: [2, 6, 3, 7]: errors 1 each
        assertEquals(1, r.rmse("seasonal naive (m=2)"), 1e-12);
        assertEquals(1 - 1 / Math.sqrt(12.5), r.skill("seasonal naive (m=2)"), 1e-12);
        assertEquals("seasonal naive (m=2)", r.best());
        String table = r.toString();
        assertTrue(table.contains("4 steps from step 4") && table.contains("persistence") && table.contains("3.5355"), table);
    }

    @Test
    void badInputIsNamed() {
        Map<String, double[]> f = new LinkedHashMap<>();
        f.put("short", new double[] {1});
        var e = assertThrows(IllegalArgumentException.class, () -> ForecastReport.of(0, new double[] {1, 2}, f));
        assertTrue(e.getMessage().contains("'short' has 1 values but the actual span has 2"), e.getMessage());
        var r = ForecastReport.of(0, new double[] {1}, f);
        e = assertThrows(IllegalArgumentException.class, () -> r.rmse("shrot"));
        assertTrue(e.getMessage().contains("no forecast named 'shrot'") && e.getMessage().contains("[short]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForecastReport.oneStep(new double[] {1, 2, 3}, 1, 3,
                NaiveForecaster.persistence(), NaiveForecaster.seasonal(1)));
        assertTrue(e.getMessage().contains("two forecasters are named 'persistence'"), e.getMessage());
    }
}
