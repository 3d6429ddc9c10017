package dev.fathom.ensembles;

/**
 * How a {@link VotingClassifier} combines its members, as scikit-learn's {@code voting} argument.
 *
 * <pre>{@code
 * new VotingClassifier(members).voting(Voting.SOFT);
 * }</pre>
 */
public enum Voting {
    /** Each member votes for its predicted class (with its weight); the most votes win, ties to the smallest class. */
    HARD,
    /** The members' class probabilities are averaged (weighted); the most probable class wins. */
    SOFT
}
