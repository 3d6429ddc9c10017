package dev.fathom.workflow;

import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cost estimates from probes of known cost (a fake CPU clock): growth exponents, fixed costs, k-NN, folds sharing cores. */
class CostModelTest {
    @Test
    void aPowerLawIsReadFromTwoProbesAndGoesOn() {
        // Fitting grows as n^1.5 between 500 and 2,000 rows: 0.1 s, then 0.8 s.
        CostModel c = new CostModel(false, false).add(500, 0.1, 0.0).add(2000, 0.8, 0.0);
        assertEquals(1.5, c.exponent(), 1e-9);
        assertEquals(0.8 * Math.pow(100, 1.5), c.fitSeconds(200_000), 1e-6);
        // At most quadratic, whatever the noise of small probes says.
        CostModel steep = new CostModel(false, false).add(500, 0.01, 0).add(2000, 1.0, 0);
        assertEquals(1.0 * 100 * 100, steep.fitSeconds(200_000), 1e-6);
    }

    @Test
    void aFixedCostThatOutweighsTheRowsIsNotScaledWithThem() {
        // Boosting's iterations: 0.3 s whatever the rows, plus 0.1 ms a row; the probes see 0.5 s and 1.1 s.
        CostModel c = new CostModel(false, true).add(2000, 0.5, 0).add(8000, 1.1, 0);
        assertTrue(c.exponent() < 1);
        assertEquals(0.3 + 1e-4 * 200_000, c.fitSeconds(200_000), 1e-6, "the line through both probes, not 1.1 s x 25");
        // Near-flat probes: the slope is at least half the mean cost per row.
        CostModel flat = new CostModel(false, false).add(500, 0.3, 0).add(2000, 0.31, 0);
        assertEquals(0.31 + 0.5 * 0.31 / 2000 * 198_000, flat.fitSeconds(200_000), 1e-9);
        // A larger probe no slower than the first (which compiled the model's code): linear from the larger.
        CostModel warm = new CostModel(false, false).add(500, 0.3, 0).add(1000, 0.05, 0);
        assertEquals(0.05 * 200, warm.fitSeconds(200_000), 1e-9);
    }

    @Test
    void oneProbeScalesLinearlyOrAsNLogNForTrees() {
        assertEquals(0.1 * 400, new CostModel(false, false).add(500, 0.1, 0).fitSeconds(200_000), 1e-9);
        assertEquals(0.1 * 400 * Math.log(200_000) / Math.log(500), new CostModel(false, true).add(500, 0.1, 0).fitSeconds(200_000), 1e-9);
        assertEquals(0.05, new CostModel(false, true).add(500, 0.1, 0).fitSeconds(250), 1e-12, "below the probe: linear");
    }

    @Test
    void predictingGrowsWithTheTestRowsAndForKnnWithTheTrainingRowsToo() {
        CostModel linear = new CostModel(false, false).add(1000, 0, 0.01);
        assertEquals(0.01 * 50, linear.predictSeconds(200_000, 50_000), 1e-12);
        CostModel knn = new CostModel(true, false).add(1000, 0, 0.01);
        assertEquals(0.01 * 50 * 200, knn.predictSeconds(200_000, 50_000), 1e-9);
        assertEquals(0.01 * 50 * 2, knn.predictSeconds(2000, 50_000), 1e-12, "a subsample's model compares with fewer rows");
    }

    @Test
    void foldsRunningAtOnceShareTheCores() {
        CostModel c = new CostModel(false, false).add(1000, 1, 0.5);
        // 5 folds of 4,000 training and 1,000 test rows: 4 s + 0.5 s each, 22.5 CPU seconds over 2 cores.
        assertEquals(22.5 / 2, c.crossValidationSeconds(4000, 1000, 5, 2), 1e-9);
        assertEquals(22.5 / 5, c.crossValidationSeconds(4000, 1000, 5, 16), 1e-9, "no more cores than folds");
        assertEquals(22.5, c.crossValidationSeconds(4000, 1000, 5, 1), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> c.add(1000, 1, 1), "probes grow");
    }

    /** A model whose fit costs {@code perRow} CPU seconds a row plus {@code fixed}, on a fake CPU clock. */
    private record Fake(AtomicLong cpu, double fixed, double perRow, List<Integer> fitted) implements Estimator {
        @Override
        public Estimator fit(Tensor x, Tensor y) {
            fitted.add(x.shape(0));
            cpu.addAndGet((long) ((fixed + perRow * x.shape(0)) * 1e9));
            return this;
        }

        @Override
        public Tensor predict(Tensor x) {
            cpu.addAndGet((long) (1e-6 * x.shape(0) * 1e9));
            return Tensor.zeros(x.shape(0));
        }

        @Override
        public boolean isClassifier() {
            return false;
        }
    }

    @Test
    void probesGrowFourfoldWhileCheapAndStopAtTheirCap() {
        int n = 200_000;
        Tensor x = Tensor.zeros(n, 1);
        Tensor y = Tensor.zeros(n);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        AtomicLong cpu = new AtomicLong();

        // A cheap model (1 µs a row): probes up to 64,000 rows; 256,000 would leave too few rows to predict.
        List<Integer> cheap = new ArrayList<>();
        CostModel c = CostProbe.run(() -> new Fake(cpu, 0, 1e-6, cheap), x, y, order, 1.8, () -> true, cpu::get, cpu::get, false, false);
        assertEquals(List.of(500, 1000, 4000, 16000, 64000), cheap);
        assertEquals(1e-6 * 160_000, c.fitSeconds(160_000), 1e-9);

        // A costly one (1 ms a row): 0.5 s at 500 rows; 1,000 rows (up to 2^1.5 times that) would pass the 1.2 s cap.
        List<Integer> costly = new ArrayList<>();
        CostProbe.run(() -> new Fake(cpu, 0, 1e-3, costly), x, y, order, 1.2, () -> true, cpu::get, cpu::get, false, false);
        assertEquals(List.of(500), costly);

        // Enough once a probe takes 0.5 s after at least two.
        List<Integer> middle = new ArrayList<>();
        CostProbe.run(() -> new Fake(cpu, 0, 1e-4, middle), x, y, order, 100, () -> true, cpu::get, cpu::get, false, false);
        assertEquals(List.of(500, 1000, 4000, 16000), middle);

        // A fixed cost: after the second, the growth seen (at least linear), not the worst case, says whether the next fits the cap,
        // which holds all of the model's probes.
        List<Integer> fixed = new ArrayList<>();
        CostProbe.run(() -> new Fake(cpu, 0.3, 1e-6, fixed), x, y, order, 3.0, () -> true, cpu::get, cpu::get, false, true);
        assertEquals(List.of(500, 1000, 4000, 16000, 64000), fixed, "0.3 s each and 1.7 s in all: each next fits what is left");
        List<Integer> capped = new ArrayList<>();
        CostProbe.run(() -> new Fake(cpu, 0.3, 1e-6, capped), x, y, order, 1.5, () -> true, cpu::get, cpu::get, false, true);
        assertEquals(List.of(500, 1000), capped, "0.9 s left after two, and the next may take 1.2 s");

        // The budget's end stops them after the first.
        List<Integer> stopped = new ArrayList<>();
        CostProbe.run(() -> new Fake(cpu, 0, 1e-6, stopped), x, y, order, 1.8, () -> false, cpu::get, cpu::get, false, false);
        assertEquals(List.of(500), stopped);
        assertTrue(CostProbe.another(new CostModel(false, false).add(500, 0.1, 0), 10_000, 1, 0.1));
        assertFalse(CostProbe.another(new CostModel(false, false).add(500, 0.1, 0), 10_000, 1, 0.5), "a loaded machine's wall time counts");
        assertFalse(CostProbe.another(new CostModel(false, false).add(500, 0.1, 0), 1999, 100, 0.1), "2 x 500 rows twice need 2,000");
    }
}
