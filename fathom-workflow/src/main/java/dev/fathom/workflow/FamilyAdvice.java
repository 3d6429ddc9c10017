package dev.fathom.workflow;

import dev.fathom.diagnosis.Verdict;

import java.util.List;

/**
 * What to try next after a verdict, in the knobs the model's own family has: the regularization
 * strength C of logistic regression, the features and rows of plain least squares (which has no
 * knob), k and the weighting of k-NN, the depth, leaf size and features per split of a random forest,
 * the learning rate, leaves and L2 of boosted trees, dropout, weight decay, early stopping and size
 * of a network, the members of an ensemble. Advice that names another family's knob (fewer neighbours for a
 * linear model) would send the reader to a setting the model does not have.
 */
final class FamilyAdvice {
    private FamilyAdvice() {}

    /**
     * The advice for {@code verdict} (over-, underfitting or a good fit; other verdicts get none
     * here) to a model of {@code family}.
     */
    static List<String> of(Algorithm.Family family, Verdict verdict, boolean classification, boolean network) {
        if (family == Algorithm.Family.LINEAR && network) return linearNetwork(verdict);
        return switch (family) {
            case DUMMY -> List.of("engineer features that carry information about the target",
                    "check that the target can be predicted from these columns at all (a leak-free, labelled sample helps)");
            case LINEAR -> classification ? logistic(verdict) : leastSquares(verdict);
            case NEIGHBOURS -> neighbours(verdict);
            case FOREST -> forest(verdict);
            case BOOSTING -> boosting(verdict);
            case MLP, CNN, RNN, TEXT -> network(family, verdict);
            case ENSEMBLE -> ensemble(verdict);
            case PRETRAINED -> pretrained(verdict);
        };
    }

    private static List<String> logistic(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("a smaller C, which regularizes more strongly (the search tries C from 0.01 to 100)",
                    "fewer features: drop the columns that carry noise", "more rows");
            case UNDERFITTING -> List.of("a larger C, which regularizes less (e.g. C=10)",
                    "features a linear boundary cannot build itself: products or powers of the columns",
                    "a non-linear model, such as k-NN or an MLP");
            default -> List.of("keeping this setup: C was chosen by cross-validation",
                    "more rows or better features are the surest way to a higher score");
        };
    }

    private static List<String> leastSquares(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("fewer features: least squares has no regularization strength to tune, so drop the columns"
                    + " that carry noise", "more rows, at least 10 to 20 per feature");
            case UNDERFITTING -> List.of("features a straight line cannot build itself: products or powers of the columns",
                    "a non-linear model, such as k-NN or an MLP");
            default -> List.of("keeping this setup: least squares has no knob left to tune",
                    "more rows or better features are the surest way to a higher score");
        };
    }

    /** Logistic regression on pixels, trained as a network without hidden layers: no C, but weight decay and epochs. */
    private static List<String> linearNetwork(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("weight decay (L2 regularization) on the pixel weights", "more images, or augmentation (flips, shifts)");
            case UNDERFITTING -> List.of("a model that sees shapes rather than single pixels: the CNN",
                    "more epochs or a higher learning rate, if the loss was still falling");
            default -> List.of("keeping this setup: early stopping kept the best epoch",
                    "the CNN, if you need a better score: a linear model of pixels has no more to give");
        };
    }

    private static List<String> forest(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("larger leaves (minSamplesLeaf 5 or 10) or a depth limit: a forest's deep trees learn their"
                    + " training rows by heart by design, so judge it by the cross-validated score",
                    "fewer features per split (maxFeatures 0.33 or sqrt), which decorrelates the trees", "more rows");
            case UNDERFITTING -> List.of("deeper trees (no depth limit) and smaller leaves",
                    "boosted trees, which correct the errors that averaging leaves", "features that carry the signal");
            default -> List.of("keeping this setup: the forest's settings were chosen by cross-validation",
                    "more trees only steady the score; more rows or better features raise it");
        };
    }

    private static List<String> boosting(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("a smaller learning rate with more iterations, fewer leaves per tree, or L2 regularization"
                    + " (the search tries l2 from 0 to 10)", "fewer features per split (maxFeatures 0.5)", "more rows");
            case UNDERFITTING -> List.of("more leaves per tree or a higher learning rate", "more iterations, if early stopping did not end them",
                    "features that carry the signal");
            default -> List.of("keeping this setup: the boosting settings were chosen by cross-validation",
                    "more rows or better features are the surest way to a higher score");
        };
    }

    private static List<String> neighbours(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("more neighbours (a larger k, e.g. k=15): each prediction then averages more rows",
                    "uniform rather than distance weighting", "fewer, more relevant features: distances over noisy columns mislead k-NN");
            case UNDERFITTING -> List.of("fewer neighbours (a smaller k), or distance weighting",
                    "features that carry the signal: k-NN weighs every column alike");
            default -> List.of("keeping this setup: k was chosen by cross-validation", "more rows help k-NN more than any setting");
        };
    }

    private static List<String> network(Algorithm.Family family, Verdict v) {
        String rows = family == Algorithm.Family.CNN ? "more images, or augmentation (flips, shifts)" : "more rows";
        return switch (v) {
            case OVERFITTING -> List.of("more dropout (the search tries 0 to 0.3) or weight decay (L2 regularization)",
                    "a smaller network: fewer units or layers", "early stopping with less patience, so training stops nearer the best epoch",
                    rows);
            case UNDERFITTING -> List.of("a larger network: more units or layers", "less dropout",
                    "more epochs or a higher learning rate, if the loss was still falling");
            default -> List.of("keeping this setup: early stopping kept the best epoch",
                    "a larger network with more dropout, or " + rows + ", if you need a better score");
        };
    }

    private static List<String> pretrained(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("keep the body frozen and regularize the head more (a smaller C of the logistic regression)",
                    "more images, or augmentation (flips, shifts)", "a cut nearer the input (--base-cut): fewer, more general features");
            case UNDERFITTING -> List.of("unfreeze the body's last layer with a small learning rate (the search tries it)",
                    "a cut nearer the output, or a base trained on images more like these");
            default -> List.of("keeping this setup: the head was chosen by cross-validation",
                    "more images, or a base trained on images more like these, if you need a better score");
        };
    }

    private static List<String> ensemble(Verdict v) {
        return switch (v) {
            case OVERFITTING -> List.of("regularize the members in their own knobs (a smaller C, a larger k, more dropout)",
                    "more rows");
            case UNDERFITTING -> List.of("stronger members: the vote cannot beat what none of them learned",
                    "features that carry more information about the target");
            default -> List.of("keeping this setup: the vote beat its best member",
                    "a member of another family, which errs differently, may help the vote further");
        };
    }
}
