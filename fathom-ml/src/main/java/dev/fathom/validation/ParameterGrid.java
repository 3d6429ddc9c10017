package dev.fathom.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named lists of hyperparameter values whose every combination a {@link GridSearch} tries, as
 * scikit-learn's {@code ParameterGrid}. Combinations come in a fixed order: the parameters in the
 * order they were added, the last one varying fastest.
 *
 * <pre>{@code
 * ParameterGrid grid = new ParameterGrid()
 *         .add("units", 32, 64, 128)
 *         .add("learning_rate", 1e-3, 1e-2);
 * grid.size();            // 6
 * grid.combinations();    // [{units=32, learning_rate=0.001}, {units=32, learning_rate=0.01}, {units=64, ...}, ...]
 * }</pre>
 */
public final class ParameterGrid {
    private final Map<String, List<Object>> values = new LinkedHashMap<>();

    /** An empty grid; add parameters with {@link #add}. */
    public ParameterGrid() {}

    /**
     * Adds a parameter and the values to try.
     *
     * @throws IllegalArgumentException for a blank or repeated name, no values, or a null value
     */
    public ParameterGrid add(String name, Object... values) {
        if (values == null) throw new IllegalArgumentException("ParameterGrid.add(\"" + name + "\"): the values are null");
        return add(name, Arrays.asList(values));
    }

    /** Adds a parameter and the values to try, from a list. */
    public ParameterGrid add(String name, List<?> values) {
        checkName("ParameterGrid", name, this.values.keySet());
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("ParameterGrid.add(\"" + name + "\"): no values to try; give at least one,"
                    + " e.g. add(\"" + name + "\", 1, 2, 3)");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) throw new IllegalArgumentException("ParameterGrid.add(\"" + name + "\"): value " + i + " is null");
        }
        this.values.put(name, List.copyOf(values));
        return this;
    }

    static void checkName(String who, String name, java.util.Set<String> existing) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException(who + ".add: a parameter name is blank");
        if (existing.contains(name)) {
            throw new IllegalArgumentException(who + ".add: parameter '" + name + "' was already added; give all its values in one call");
        }
    }

    /** The parameter names, in order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** The values of {@code name}. */
    public List<Object> values(String name) {
        List<Object> v = values.get(name);
        if (v == null) {
            String near = Params.closest(name, names());
            throw new IllegalArgumentException("ParameterGrid: no parameter '" + name + "'" + (near != null ? "; did you mean '" + near + "'?" : "")
                    + " The parameters are " + names());
        }
        return v;
    }

    /** Whether no parameter has been added. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The number of combinations: the product of the list sizes (0 for an empty grid). */
    public long size() {
        if (values.isEmpty()) return 0;
        long n = 1;
        for (List<Object> v : values.values()) n = Math.multiplyExact(n, v.size());
        return n;
    }

    /**
     * Every combination, the last parameter varying fastest.
     *
     * @throws IllegalArgumentException when the grid is empty or has more than 2^31 - 1 combinations
     */
    public List<Params> combinations() {
        checkNotEmpty("ParameterGrid");
        long size = size();
        if (size > Integer.MAX_VALUE) throw new IllegalArgumentException("ParameterGrid: " + size + " combinations are too many to list");
        List<Params> out = new ArrayList<>((int) size);
        for (int i = 0; i < size; i++) out.add(combination(i));
        return out;
    }

    /** The combination at {@code index} in {@link #combinations()} order, without listing the others. */
    Params combination(long index) {
        List<String> names = names();
        Object[] picked = new Object[names.size()];
        long rest = index;
        for (int j = names.size() - 1; j >= 0; j--) {
            List<Object> v = values.get(names.get(j));
            picked[j] = v.get((int) (rest % v.size()));
            rest /= v.size();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int j = 0; j < picked.length; j++) m.put(names.get(j), picked[j]);
        return Params.of(m);
    }

    void checkNotEmpty(String who) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException(who + ": the parameter grid is empty, so there is nothing to search; add the"
                    + " parameters to try, e.g. new ParameterGrid().add(\"k\", 1, 3, 5)");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterGrid{");
        values.forEach((k, v) -> {
            if (sb.length() > 14) sb.append(", ");
            sb.append(k).append('=').append(v.stream().map(Params::show).toList());
        });
        return sb.append('}').toString();
    }
}
