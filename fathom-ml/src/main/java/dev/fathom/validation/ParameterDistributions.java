package dev.fathom.validation;

import dev.fathom.tensor.Generator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link RandomSearch} draws its configurations from: each named parameter has a list of
 * values (each equally likely) or a {@link Distribution}, as scikit-learn's
 * {@code ParameterSampler}. When every parameter is a list, configurations are drawn from the grid
 * without repeats (all of it when it has no more than {@code nIter} combinations); otherwise each
 * parameter is drawn independently, in the order added.
 *
 * <pre>{@code
 * ParameterDistributions space = new ParameterDistributions()
 *         .add("learning_rate", Distribution.logUniform(1e-4, 1e-1))
 *         .add("units", 32, 64, 128);
 * List<Params> draws = space.sample(20, 42);   // the same 20 for seed 42, every time
 * }</pre>
 */
public final class ParameterDistributions {
    private final Map<String, Distribution> entries = new LinkedHashMap<>();
    private final ParameterGrid asGrid = new ParameterGrid();
    private boolean allLists = true;

    /** An empty space; add parameters with {@link #add}. */
    public ParameterDistributions() {}

    /** Adds a parameter drawn from {@code distribution}. */
    public ParameterDistributions add(String name, Distribution distribution) {
        ParameterGrid.checkName("ParameterDistributions", name, entries.keySet());
        if (distribution == null) throw new IllegalArgumentException("ParameterDistributions.add(\"" + name + "\"): the distribution is null");
        entries.put(name, distribution);
        allLists = false;
        return this;
    }

    /** Adds a parameter drawn from {@code values}, each equally likely. */
    public ParameterDistributions add(String name, List<?> values) {
        ParameterGrid.checkName("ParameterDistributions", name, entries.keySet());
        asGrid.add(name, values);   // checks the values
        entries.put(name, Distribution.choice(values));
        return this;
    }

    /** Adds a parameter drawn from {@code values}, each equally likely. */
    public ParameterDistributions add(String name, Object... values) {
        if (values == null) throw new IllegalArgumentException("ParameterDistributions.add(\"" + name + "\"): the values are null");
        return add(name, Arrays.asList(values));
    }

    /** The parameter names, in order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Whether no parameter has been added. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * {@code nIter} configurations drawn with {@code seed}: the same ones for the same seed.
     *
     * @throws IllegalArgumentException when the space is empty or {@code nIter < 1}
     */
    public List<Params> sample(int nIter, long seed) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("ParameterDistributions: the space is empty, so there is nothing to search; add the"
                    + " parameters to draw, e.g. add(\"learning_rate\", Distribution.logUniform(1e-4, 1e-1))");
        }
        if (nIter < 1) throw new IllegalArgumentException("ParameterDistributions.sample: nIter must be >= 1, got " + nIter);
        Generator g = new Generator(seed);
        List<Params> out = new ArrayList<>(nIter);
        if (allLists) {
            long size = asGrid.size();
            if (size <= nIter) return asGrid.combinations();
            // Distinct grid points: a partial Fisher-Yates shuffle of the indices when the grid is small,
            // rejection of repeats otherwise (nIter is then far below the grid's size).
            if (size <= 1 << 20) {
                int[] index = new int[(int) size];
                Arrays.setAll(index, i -> i);
                for (int i = 0; i < nIter; i++) {
                    int j = i + g.nextInt(index.length - i);
                    int t = index[i];
                    index[i] = index[j];
                    index[j] = t;
                    out.add(asGrid.combination(index[i]));
                }
            } else {
                java.util.Set<Long> seen = new java.util.HashSet<>();
                while (out.size() < nIter) {
                    long i = (long) (g.nextDouble() * size);
                    if (seen.add(i)) out.add(asGrid.combination(i));
                }
            }
            return out;
        }
        for (int i = 0; i < nIter; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            entries.forEach((name, d) -> m.put(name, d.sample(g)));
            out.add(Params.of(m));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParameterDistributions{");
        entries.forEach((k, v) -> {
            if (sb.length() > 23) sb.append(", ");
            sb.append(k).append('=').append(v);
        });
        return sb.append('}').toString();
    }
}
