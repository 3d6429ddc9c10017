package dev.fathom.ensembles;

import dev.fathom.data.split.Fold;
import dev.fathom.data.split.Splitter;

import java.util.List;

/**
 * The cross-validation of a stack loaded from a file: splitters are not saved (a stack only needs
 * its folds to fit, not to predict), so this one remembers the original's description and, if the
 * stack is fitted again, says to set the splitter anew rather than silently using another.
 */
final class UnsavedSplitter implements Splitter {
    private final String owner;
    private final String description;

    UnsavedSplitter(String owner, String description) {
        this.owner = owner;
        this.description = description;
    }

    @Override
    public List<Fold> split(int n) {
        throw new IllegalStateException(owner + " was loaded from a file, which does not keep its cross-validation ("
                + description + "); set it again with cv(...) before fitting the stack anew");
    }

    @Override
    public String toString() {
        return description;
    }
}
