package dev.fathom.workflow;

import dev.fathom.backend.Threads;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Small fits of a model on growing numbers of rows, which a {@link CostModel} extrapolates to the
 * folds' rows. The first fits {@value #FIRST_ROWS} rows and predicts as many others (it may also
 * pay for the model's code being compiled: the extrapolation reads the last two probes); the second
 * takes twice the rows, each next one four times the last's, while that is cheap: the probes stop
 * once one took {@value #ENOUGH_SECONDS} CPU seconds after at least two (its timing then says
 * enough), when the next would likely pass {@code capSeconds} of wall time for all of them (by the
 * growth the last two showed, at least linear), or when the rows run out. Larger probes make the estimate for a large table trustworthy: a
 * model whose fixed costs outweigh 500 rows (boosting's iterations) is not taken for a linear one,
 * and a tree model's deeper trees are seen.
 *
 * <p>Each probe runs on the calling thread alone ({@link Threads#serially}), as a fold does when
 * the folds fill the cores, and is timed by that thread's CPU seconds: the work one fold does,
 * which the folds then share the cores for (see {@link CostModel}).
 *
 * <pre>{@code
 * CostModel cost = CostProbe.run(factory, x, y, shuffledRows, 1.8, () -> true, CostProbe::threadCpuNanos, System::nanoTime, false, true);
 * }</pre>
 */
final class CostProbe {
    static final int FIRST_ROWS = 500;
    static final double ENOUGH_SECONDS = 0.5;
    /** The growth exponent the second probe is expected to show at most (trees show about 1.1, k-NN's prediction 2). */
    static final double FIRST_GROWTH = 1.5;

    private CostProbe() {}

    /**
     * Nanoseconds of CPU the calling thread has used: a probe runs on it alone, as each fold does,
     * so neither the JIT compiler's threads (a model's first fit in a process compiles its code,
     * which the folds do not pay again), nor the collector, nor other processes count. The wall
     * clock where the JVM has no thread CPU clock.
     */
    static long threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long t = mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : -1;
        return t >= 0 ? t : System.nanoTime();
    }

    /**
     * The probes' cost model for the model {@code factory} builds, fitting on the first rows of
     * {@code order} and predicting the next as many; {@code mayContinue} is asked before every probe
     * after the first (the budget, a stop). Throws what the model throws.
     */
    static CostModel run(Supplier<Estimator> factory, Tensor x, Tensor y, int[] order, double capSeconds, BooleanSupplier mayContinue,
                         LongSupplier cpuNanos, LongSupplier wallNanos, boolean quadraticPredict, boolean trees) {
        try {
            return Threads.serially(() -> probes(factory, x, y, order, capSeconds, mayContinue, cpuNanos, wallNanos, quadraticPredict, trees));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CostModel probes(Supplier<Estimator> factory, Tensor x, Tensor y, int[] order, double capSeconds,
                                    BooleanSupplier mayContinue, LongSupplier cpuNanos, LongSupplier wallNanos, boolean quadraticPredict,
                                    boolean trees) {
        CostModel cost = new CostModel(quadraticPredict, trees);
        long start = wallNanos.getAsLong();
        for (int rows = FIRST_ROWS; ; rows = next(cost)) {
            long w0 = wallNanos.getAsLong();
            int[] fit = Arrays.copyOfRange(order, 0, rows);
            Arrays.sort(fit);
            Tensor test = x.indexSelect(0, Tensor.of(Arrays.copyOfRange(order, rows, 2 * rows), rows));
            long t0 = cpuNanos.getAsLong();
            Estimator model = factory.get().fit(x, y, fit);
            long t1 = cpuNanos.getAsLong();
            model.predict(test);
            long t2 = cpuNanos.getAsLong();
            cost.add(rows, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            long w1 = wallNanos.getAsLong();
            double lastWall = (w1 - w0) / 1e9;
            double left = capSeconds - (w1 - start) / 1e9;
            if (!another(cost, order.length, left, lastWall) || !mayContinue.getAsBoolean()) return cost;
        }
    }

    /** The rows of the probe after the last: twice the first's, then four times the last's. */
    static int next(CostModel cost) {
        int last = cost.probes().getLast().rows();
        return cost.probes().size() == 1 ? 2 * last : 4 * last;
    }

    /**
     * Whether the {@link #next} probe is worth it and fits in {@code capSeconds}, the wall seconds
     * still allowed, the last probe having taken {@code lastWallSeconds}: see the class comment.
     */
    static boolean another(CostModel cost, int rows, double capSeconds, double lastWallSeconds) {
        int next = next(cost);
        double last = cost.lastProbeSeconds();
        if (2L * next > rows) return false;
        if (cost.probes().size() >= 2 && last >= ENOUGH_SECONDS) return false;
        double e = cost.probes().size() >= 2 ? Math.max(1, Math.min(2, cost.exponent())) : FIRST_GROWTH;
        return Math.max(last, lastWallSeconds) * Math.pow((double) next / cost.probes().getLast().rows(), e) <= capSeconds;
    }
}
