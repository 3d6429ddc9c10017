package dev.fathom.validation;

import dev.fathom.estimators.Estimator;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Exhaustive search over a {@link ParameterGrid}: every combination of the named values is built by
 * the factory, cross-validated, and ranked by mean score; the best is refitted on all the data, as
 * scikit-learn's {@code GridSearchCV}. Any hyperparameter the factory reads can be searched: a
 * learning rate, layer sizes, dropout, batch size, epochs, a regularization strength, k of k-NN.
 *
 * <pre>{@code
 * ParameterGrid grid = new ParameterGrid().add("units", 32, 64).add("learning_rate", 1e-3, 1e-2);
 * SearchResult r = new GridSearch(p -> new NetworkClassifier(
 *             () -> new Sequential(new Dense(p.getInt("units"), "relu"), new Dense(10)).seed(0).build(64)
 *                     .compile(new Adam(p.getDouble("learning_rate")), new SparseCategoricalCrossentropy(true)),
 *             Fit.epochs(10).batchSize(32).silent()), grid)
 *         .cv(new StratifiedKFold(3))
 *         .fit(x, y);
 * System.out.println(r);        // rank, units, learning_rate, accuracy mean ± std, fit s
 * r.best().predict(xTest);      // the best configuration, trained on all of x
 * }</pre>
 */
public final class GridSearch extends Search<GridSearch> {
    private final ParameterGrid grid;

    /**
     * A search of every combination in {@code grid}, each estimator built by {@code factory}.
     *
     * @throws IllegalArgumentException when the grid is empty
     */
    public GridSearch(Function<Params, ? extends Estimator> factory, ParameterGrid grid) {
        super(factory);
        this.grid = Objects.requireNonNull(grid, "grid");
        grid.checkNotEmpty("GridSearch");
    }

    /** The grid searched. */
    public ParameterGrid grid() {
        return grid;
    }

    @Override
    String name() {
        return "GridSearch";
    }

    @Override
    List<Params> candidates() {
        grid.checkNotEmpty("GridSearch");
        return grid.combinations();
    }
}
