package dev.fathom.saving;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** JSON read within bounds: nesting capped, numbers that overflow refused; trees checked finite before writing. */
class JsonTest {
    @Test
    void aNumberThatOverflowsToInfinityIsRefusedNamingItsPath() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"preprocessor\": {\"mean\": [1.5, -1e999]}}", "pipeline.json"));
        assertEquals("pipeline.json: the number at preprocessor.mean[1] is out of range (it reads as infinity); the file is"
                + " damaged or was edited", e.getMessage());
    }

    @Test
    void nestingIsCappedWithoutExhaustingTheStack() {
        String ok = "{\"a\":".repeat(Json.MAX_DEPTH - 1) + "1" + "}".repeat(Json.MAX_DEPTH - 1);
        assertEquals(1, Json.parse(ok, "x").size());
        for (int depth : new int[] {Json.MAX_DEPTH + 1, 100_000}) {
            String deep = "[".repeat(depth - 1);
            var e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":" + deep, "fathom.json"));
            assertEquals("fathom.json nests deeper than " + Json.MAX_DEPTH + " levels (or holds a longer number or string than"
                    + " JSON readers accept); it is not a file Fathom wrote", e.getMessage());
        }
    }

    @Test
    void requireFiniteNamesTheFirstNonFiniteNumber() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("ok", 1.0);
        tree.put("steps", List.of(Map.of("scale", List.of(1.0, 2.0)), Map.of("mean", List.of(0.5, Double.NaN, Double.POSITIVE_INFINITY))));
        var e = assertThrows(IllegalArgumentException.class, () -> Json.requireFinite(tree, "pipeline.json"));
        assertEquals("pipeline.json: steps[1].mean[1] is NaN; a saved value must be finite (JSON has no NaN or infinity)",
                e.getMessage());
        Json.requireFinite(Map.of("a", List.of(1, 2.5, "x")), "fine");
    }
}
