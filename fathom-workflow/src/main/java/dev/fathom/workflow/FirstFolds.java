package dev.fathom.workflow;

import dev.fathom.data.Table;
import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;
import dev.fathom.tensor.Tensor;

import java.util.List;

/**
 * The first {@code count} folds of another splitter, unchanged (same rows, same indices): a
 * learning curve that cannot afford every fold of the leaderboard's cross-validation is drawn on
 * some of the same folds, not on new ones.
 *
 * <pre>{@code
 * Splitter two = new FirstFolds(new StratifiedKFold(5).shuffle(42), 2);   // folds 0 and 1 of the five
 * }</pre>
 */
record FirstFolds(Splitter splitter, int count) implements Splitter {
    FirstFolds {
        if (count < 1) throw new IllegalArgumentException("FirstFolds: count must be >= 1, got " + count);
    }

    @Override
    public List<Fold> split(int n) {
        return first(splitter.split(n));
    }

    @Override
    public List<Fold> split(int[] labels) {
        return first(splitter.split(labels));
    }

    @Override
    public List<Fold> split(Tensor y) {
        return first(splitter.split(y));
    }

    @Override
    public List<Fold> split(Table table) {
        return first(splitter.split(table));
    }

    @Override
    public List<Fold> split(Table table, String labelColumn) {
        return first(splitter.split(table, labelColumn));
    }

    private List<Fold> first(List<Fold> folds) {
        return List.copyOf(folds.subList(0, Math.min(count, folds.size())));
    }

    @Override
    public String toString() {
        return "the first " + count + " folds of " + splitter;
    }
}
