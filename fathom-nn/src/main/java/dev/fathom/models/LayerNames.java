package dev.fathom.models;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keras' default names, unique within one model: the first unnamed {@code Dense} is {@code dense},
 * the next {@code dense_1}, then {@code dense_2}, ..., skipping names the model already holds
 * (saved weights are keyed by layer name, so two layers must never share one).
 */
final class LayerNames {
    private final Predicate<String> taken;
    /** Per stem, the suffix to try next, so naming n layers takes O(n) and not O(n²). */
    private final Map<String, Integer> next = new HashMap<>();

    /** Names that avoid those for which {@code taken} is true (it must also see the names given here). */
    LayerNames(Predicate<String> taken) {
        this.taken = taken;
    }

    /** {@code stem} if it is free, else {@code stem_1}, {@code stem_2}, ...: the first not taken. */
    String free(String stem) {
        int k = next.getOrDefault(stem, 0);
        String name = k == 0 ? stem : stem + "_" + k;
        while (taken.test(name)) {
            k++;
            name = stem + "_" + k;
        }
        next.put(stem, k + 1);
        return name;
    }
}
