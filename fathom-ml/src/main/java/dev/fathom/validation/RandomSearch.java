package dev.fathom.validation;

import dev.fathom.estimators.Estimator;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Random search: {@code nIter} configurations drawn with a seed from {@link ParameterDistributions}
 * (value lists, uniform, log-uniform and integer ranges), each cross-validated and ranked; the best
 * is refitted on all the data, as scikit-learn's {@code RandomizedSearchCV}. For the same budget it
 * usually beats a grid when only a few of many hyperparameters matter, and continuous ones (a
 * learning rate) are not forced onto a few grid points. The same seed draws the same configurations.
 *
 * <pre>{@code
 * ParameterDistributions space = new ParameterDistributions()
 *         .add("learning_rate", Distribution.logUniform(1e-4, 1e-1))
 *         .add("dropout", Distribution.uniform(0, 0.5))
 *         .add("units", Distribution.intRange(16, 128));
 * SearchResult r = new RandomSearch(p -> buildNetwork(p), space, 20, 42).cv(new KFold(3)).fit(x, y);
 * r.bestParams();   // e.g. {learning_rate=0.0031, dropout=0.12, units=97}
 * }</pre>
 */
public final class RandomSearch extends Search<RandomSearch> {
    private final ParameterDistributions space;
    private final int nIter;
    private final long seed;

    /**
     * A search of {@code nIter} configurations drawn from {@code space} with {@code seed}.
     *
     * @throws IllegalArgumentException when the space is empty or {@code nIter < 1}
     */
    public RandomSearch(Function<Params, ? extends Estimator> factory, ParameterDistributions space, int nIter, long seed) {
        super(factory);
        this.space = Objects.requireNonNull(space, "space");
        if (nIter < 1) throw new IllegalArgumentException("RandomSearch: nIter must be >= 1, got " + nIter);
        this.nIter = nIter;
        this.seed = seed;
        if (space.isEmpty()) space.sample(1, seed);   // throws, explaining how to fill the space
    }

    /** The configurations this search tries, in order: the same for the same seed. */
    public List<Params> configurations() {
        return space.sample(nIter, seed);
    }

    @Override
    String name() {
        return "RandomSearch";
    }

    @Override
    List<Params> candidates() {
        return configurations();
    }
}
