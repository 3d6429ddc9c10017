package dev.fathom.models;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a REPL prints for a History: the epochs, the last values, then the table. */
class HistoryTest {

    private static History history(int epochs) {
        History h = new History();
        for (int e = 1; e <= epochs; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 1.0 / e);
            logs.put("accuracy", 1 - 0.5 / e);
            logs.put(History.LEARNING_RATE, 1e-3);
            h.add(logs);
        }
        return h;
    }

    @Test
    void showsTheLastValuesThenOneRowPerEpoch() {
        assertEquals("""
                History: 2 epochs; last: loss=0.5000, accuracy=0.7500, lr=0.001000
                epoch          loss     accuracy           lr
                1            1.0000       0.5000     0.001000
                2            0.5000       0.7500     0.001000""", history(2).toString().replace(System.lineSeparator(), "\n"));
        assertEquals("History: 0 epochs", new History().toString());
    }

    @Test
    void aLongHistoryShowsItsFirstAndLastFiveEpochs() {
        List<String> lines = history(30).toString().lines().toList();
        assertEquals(2 + 5 + 1 + 5, lines.size(), String.join("\n", lines));
        assertEquals("History: 30 epochs; last: loss=0.0333, accuracy=0.9833, lr=0.001000", lines.get(0));
        assertEquals(List.of("1", "2", "3", "4", "5", "...", "26", "27", "28", "29", "30"),
                lines.subList(2, lines.size()).stream().map(l -> l.split(" +")[0]).toList());
    }

    @Test
    void doesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);   // decimal comma
            assertEquals("History: 2 epochs; last: loss=0.5000, accuracy=0.7500, lr=0.001000", history(2).toString().lines().findFirst().orElseThrow());
        } finally {
            Locale.setDefault(saved);
        }
    }
}
