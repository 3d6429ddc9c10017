package dev.fathom.workflow;

import dev.fathom.data.NumericColumn;
import dev.fathom.data.CategoricalColumn;
import dev.fathom.data.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table of ten rows, five per class: after the test split each class has four training rows,
 * so stratified cross-validation can make four folds, not the five asked for (it refused with
 * "every class has fewer than 5 members" before). Every model separates the classes, so the
 * spot-check's comparison is a tie and must not say one "beats" the other.
 */
class FewRowsTest {
    @TempDir
    Path dir;

    private static Table tenRows(int perClassB) {
        double[] a = new double[10];
        String[] label = new String[10];
        for (int i = 0; i < 10; i++) {
            boolean b = i >= 10 - perClassB;
            a[i] = (b ? 10 : 0) + i * 0.1;
            label[i] = b ? "b" : "a";
        }
        return Table.of(NumericColumn.of("a", a), CategoricalColumn.of("label", label));
    }

    @Test
    void foldsFollowTheSmallestClassAndTheFiguresSaySo() {
        List<String> log = new ArrayList<>();
        TrainResult r = Fathom.train("ten", tenRows(5), "label", TrainOptions.defaults().maxEpochs(2).timeBudget(Duration.ofHours(1))
                .outputDir(dir.resolve("run")).progress(log::add));
        assertTrue(log.stream().anyMatch(l -> l.contains("the models are chosen by 4-fold cross-validation on the other 8")), log.toString());
        assertTrue(log.contains("  - 4 folds instead of 5: the smallest class has 4 training rows, and every fold needs one of each class"),
                log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("  leaderboard (4-fold cross-validation")), log.toString());
        r.leaderboard().ranked().stream().filter(e -> e.foldScores().length > 0).forEach(e -> assertEquals(4, e.foldScores().length, e.name()));
        assertTrue(log.stream().noneMatch(l -> l.contains(" beats ") && l.contains("by 0.0000")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("score the same on average over the folds (difference 0)")), log.toString());
    }

    @Test
    void aClassWithOneTrainingRowIsRefusedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fathom.train("tiny", tenRows(2), "label",
                TrainOptions.defaults().maxEpochs(2).outputDir(dir.resolve("tiny")).progress(l -> { })));
        assertEquals("a class has 1 training row after the test split, too few to cross-validate (each of at least 2 folds needs one);"
                + " add rows of every class, or drop the classes with fewer than 3 rows", e.getMessage());
    }
}
