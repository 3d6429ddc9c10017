package dev.fathom.workflow;

import dev.fathom.datasets.Task;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Fathom#train} decided it is asked to do, and why: classify rows into {@link #classes}
 * or predict a number, from which target.
 *
 * <pre>{@code
 * Problem p = Fathom.train(table, "species", options).problem();
 * p.task();     // CLASSIFICATION
 * p.reason();   // "the target 'species' holds text labels: 3 classes"
 * }</pre>
 *
 * @param task    {@link Task#CLASSIFICATION} or {@link Task#REGRESSION}
 * @param target  the column predicted ("label" for images)
 * @param reason  why this task, in one sentence
 * @param classes the class names in index order (the order of predicted indices and probability
 *                columns); empty for regression
 * @param rows    the samples of usable data: rows of a table, images, or steps of a series
 * @param kind    what the data is, so that reports count it in its own words ("100 images")
 */
public record Problem(Task task, String target, String reason, List<String> classes, int rows, DataKind kind) {
    /** A problem on the rows of a table. */
    public Problem(Task task, String target, String reason, List<String> classes, int rows) {
        this(task, target, reason, classes, rows, DataKind.TABLE);
    }

    /** Checks the parts fit together. */
    public Problem {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        classes = List.copyOf(classes);
        if (task == Task.CLASSIFICATION && classes.size() < 2) {
            throw new IllegalArgumentException("a classification problem needs at least 2 classes, got " + classes);
        }
    }

    /** Whether the task is classification. */
    public boolean isClassification() {
        return task == Task.CLASSIFICATION;
    }

    @Override
    public String toString() {
        return task.label() + " of '" + target + "': " + reason;
    }
}
