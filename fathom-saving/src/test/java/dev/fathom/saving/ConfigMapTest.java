package dev.fathom.saving;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Typed reads refuse a value of the wrong type, a non-finite number or one out of range, naming the owner and key. */
class ConfigMapTest {
    @Test
    void numbersMustBeFinite() {
        ConfigMap c = new ConfigMap("Dropout", Map.of("rate", Double.NaN, "fast", "fast"));
        assertEquals("Dropout config: 'rate' must be a finite number, got NaN",
                assertThrows(IllegalArgumentException.class, () -> c.number("rate", 0.5)).getMessage());
        assertEquals("Dropout config: 'fast' must be a finite number, got \"fast\"",
                assertThrows(IllegalArgumentException.class, () -> c.number("fast")).getMessage());
        assertEquals(0.5, c.number("absent", 0.5));
    }

    @Test
    void integersInARange() {
        ConfigMap c = new ConfigMap("fathom.json training", Map.of("epochs", -1, "seed", 7));
        assertEquals("fathom.json training config: 'epochs' must be an integer from 0 to 2147483647, got -1",
                assertThrows(IllegalArgumentException.class, () -> c.integer("epochs", 0, 0, Integer.MAX_VALUE)).getMessage());
        assertEquals(7, c.integer("seed", 0, 0, 10));
        assertEquals(3, c.integer("absent", 3, 0, 10));
    }
}
