package dev.fathom.workflow;

import dev.fathom.estimators.Estimator;

import java.util.function.Supplier;

/**
 * One model to try: its name on the leaderboard, its family (what the improve step searches
 * around), why it is on the list, and a factory of fresh, unfitted estimators (cross-validation fits
 * one per fold).
 */
record Algorithm(String name, Family family, String why, Supplier<Estimator> factory) {
    /** The kinds of models tried; each knows its search space in {@link Algorithms}. */
    enum Family {
        DUMMY("dummy"), LINEAR("linear"), NEIGHBOURS("k-NN"), FOREST("random forest"), BOOSTING("boosted trees"), MLP("MLP"),
        CNN("CNN"), RNN("recurrent"), ENSEMBLE("ensemble"),
        /** A network reading a text's token ids: an embedding, then a convolution, a bidirectional GRU or a Transformer encoder. */
        TEXT("text network"),
        /** A pretrained network's frozen body with a new head: a logistic regression on its features, or a fine-tuned Dense layer. */
        PRETRAINED("pretrained network");

        final String label;

        Family(String label) {
            this.label = label;
        }

        /** The family of a leaderboard entry, by its label. */
        static Family ofLabel(String label) {
            for (Family f : values()) if (f.label.equals(label)) return f;
            throw new IllegalArgumentException("no model family is labelled '" + label + "'");
        }
    }
}
