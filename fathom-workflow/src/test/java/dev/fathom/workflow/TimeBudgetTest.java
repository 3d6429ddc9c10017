package dev.fathom.workflow;

import dev.fathom.data.Table;
import dev.fathom.datasets.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time budget on a fake clock: plans from estimated costs, the deadline that stops training, and a run that keeps it. */
class TimeBudgetTest {
    @TempDir
    static Path dir;

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aModelRunsWholeOnASubsampleOrNotAtAllByItsEstimateAgainstTheTimeLeft() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        TimeBudget budget = new TimeBudget(Duration.ofSeconds(100), now::get);
        now.addAndGet(50 * SECOND);   // 50 s left; a plan may use 80% of them: 40 s
        assertEquals(50, budget.remainingSeconds(), 1e-9);

        TimeBudget.Plan full = budget.plan("logistic regression", 30, 100_000, false);
        assertEquals(TimeBudget.Plan.Kind.FULL, full.kind());
        assertEquals(100_000, full.rows());
        assertNull(full.reason());

        TimeBudget.Plan linear = budget.plan("MLP 64", 80, 100_000, false);   // half the cost fits: half the rows
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, linear.kind());
        assertEquals(50_000, linear.rows());
        assertEquals(40, linear.estimatedSeconds(), 1e-9);
        assertTrue(linear.reason().contains("MLP 64 would take about 80 s on all 100000 training rows and 50 s of the budget are left:"
                + " its folds train on a random 50000 of them"), linear.reason());

        TimeBudget.Plan quadratic = budget.plan("k-NN k=5", 160, 100_000, true);   // a quarter of the cost: half the rows
        assertEquals(TimeBudget.Plan.Kind.SUBSAMPLE, quadratic.kind());
        assertEquals(50_000, quadratic.rows());

        TimeBudget.Plan skip = budget.plan("CNN", 1e6, 100_000, false);
        assertEquals(TimeBudget.Plan.Kind.SKIP, skip.kind());
        assertTrue(skip.reason().contains("too little even for 1000 rows: skipped (a larger --time-budget tries it)"), skip.reason());

        now.addAndGet(60 * SECOND);
        assertTrue(budget.expired());
        assertEquals(TimeBudget.Plan.Kind.SKIP, budget.plan("dummy", 1e-3, 100, false).kind(), "nothing fits a spent budget");
    }

    @Test
    void costsScaleFromTheSmallFitByHowTheModelsWorkGrows() {
        // 0.1 s for 500 rows fitted and 500 predicted; 5 folds of 8,000 training and 2,000 test rows
        assertEquals(5 * 0.1 * (8000 + 2000) / 1000.0, TimeBudget.estimate(0.1, 500, 8000, 2000, 5, false), 1e-9);
        assertEquals(5 * 0.1 * 8000.0 * 2000 / (500.0 * 500), TimeBudget.estimate(0.1, 500, 8000, 2000, 5, true), 1e-9);
        assertEquals(5 * 0.1, TimeBudget.estimate(0.1, 500, 100, 20, 5, false), 1e-9, "never below the probe itself");
    }

    @Test
    void theDeadlineStopsTrainingOnceItPassesAndSaysSoOnce() {
        AtomicLong now = new AtomicLong();
        StopSignal s = new StopSignal();
        s.deadline(now::get, 10 * SECOND);
        assertFalse(s.isRequested());
        assertFalse(s.takeDeadlineReached());
        now.set(11 * SECOND);
        assertTrue(s.isRequested(), "a network's epoch-end check sees the budget's end");
        assertTrue(s.takeDeadlineReached());
        assertFalse(s.takeDeadlineReached(), "reset once taken");
        s.clear();
        assertFalse(s.isRequested(), "the final fit runs to its end");
    }

    @Test
    void noModelStartsAfterTheBudgetEndsAndTheRunStillFinishes() {
        // The fake clock stands still until the logistic regression's line is printed, then jumps past the budget.
        AtomicBoolean late = new AtomicBoolean();
        List<String> lines = new ArrayList<>();
        TrainOptions o = TrainOptions.defaults().folds(2).maxEpochs(2).timeBudget(Duration.ofSeconds(90))
                .outputDir(dir.resolve("budget")).progress(line -> {
                    lines.add(line);
                    if (line.trim().startsWith("logistic regression")) late.set(true);
                });
        Table iris = Datasets.load("iris").table();
        TrainResult r = new Workflow(o, () -> late.get() ? 1000 * SECOND : 0).table("iris", iris, "species", null);
        List<String> names = r.leaderboard().ranked().stream().map(LeaderboardEntry::name).toList();
        assertEquals(List.of("logistic regression", "dummy (most frequent class)"), names, "nothing started after the budget");
        assertTrue(r.decisions().stream().anyMatch(d -> d.startsWith("time budget of 90 s used up: k-NN k=5 and the models after it are not tried")),
                r.decisions().toString());
        assertFalse(r.interrupted(), "a budget is not a stop: the run ends normally");
        assertEquals("logistic regression", r.leaderboard().best().name());
    }

    @Test
    void aModelThatFailsIsListedWithItsReasonAndTheRunGoesOn() {
        // 10 rows: 8 for training, 4 per fold of 2, too few for k-NN's 5 neighbours.
        StringBuilder csv = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 10; i++) csv.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "yes" : "no").append('\n');
        List<String> lines = new ArrayList<>();
        TrainResult r = Fathom.train("tiny", dev.fathom.data.CsvReader.parse(csv.toString()), "label", TrainOptions.defaults().folds(2)
                .maxEpochs(2).outputDir(dir.resolve("failing")).progress(lines::add));
        LeaderboardEntry knn = r.leaderboard().entry("k-NN k=5");
        assertFalse(knn.evaluated());
        assertTrue(knn.failure().contains("k = 5 neighbours but only 4 training samples"), knn.failure());
        // The networks after it were tried too, and fail as well (too few rows to hold a tenth out for validation).
        LeaderboardEntry mlp = r.leaderboard().entry("MLP 64 dropout 0.1 lr 0.001");
        assertTrue(mlp.failure().contains("validationSplit 0.1 of 4 samples"), mlp.failure());
        List<LeaderboardEntry> ranked = r.leaderboard().ranked();
        int firstFailed = ranked.indexOf(knn);
        assertTrue(ranked.subList(0, firstFailed).stream().allMatch(LeaderboardEntry::evaluated)
                && ranked.subList(firstFailed, ranked.size()).stream().noneMatch(LeaderboardEntry::evaluated),
                "the evaluated models first, failures after them: " + ranked);
        assertTrue(ranked.subList(0, firstFailed).stream().map(LeaderboardEntry::name).toList()
                .containsAll(List.of("logistic regression", "dummy (most frequent class)")), ranked.toString());
        assertTrue(r.leaderboard().best().evaluated());
        assertTrue(r.leaderboard().toString().contains("failed: "), r.leaderboard().toString());
        List<Object> row = r.leaderboard().rows().stream().filter(x -> x.get(1).equals("k-NN k=5")).findFirst().orElseThrow();
        assertEquals("failed", row.get(3));
        assertEquals(knn.failure(), row.get(5), "the reason in the report's table");
        assertTrue(r.decisions().stream().anyMatch(d -> d.startsWith("k-NN k=5 failed and is listed without a score: ")), r.decisions().toString());
    }
}
