package dev.fathom.workflow;

import dev.fathom.backend.Threads;
import dev.fathom.estimators.Classifier;
import dev.fathom.estimators.Estimator;
import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Compiles the kernels of the spot-check's model families before anything is timed, so that the
 * leaderboard's seconds per fold are the models' own and not the JIT compiler's.
 *
 * <p>Why: the JVM runs a kernel interpreted, then compiled quickly, and only after a few thousand
 * calls compiled fully (C2, the only compiler that turns the Vector API into vector instructions).
 * On two cores the first fit of a network pays seconds for that where the later ones take a tenth
 * of a second, so a leaderboard timed from a cold start ranks the first family tried as the slowest,
 * and the cost-frugal probes overestimate it. JDK 25's AOT cache keeps classes and profiles but no
 * compiled code (measured: no gain on {@code fathom train digits}), so the compiling has to happen
 * somewhere; here it is done once per process, on a small slice of the real training rows (the same
 * shapes and code paths), and its cost is printed apart.
 *
 * <p>Each family's first model is fitted and used to predict, again and again, until a fit is no
 * longer much faster than the one before (the compiler has caught up) or the family's share of
 * {@link #MAX_NANOS_PER_FAMILY} is spent. The models are thrown away: results do not depend on
 * the warm-up, only the times do.
 */
final class JitWarmup {
    /**
     * Rows of the training split the warm-up fits on: not a multiple of the kernels' vector widths
     * and blocks (4, 6, 8, 16, 32), so their remainder loops run and are compiled too, as on the
     * folds' rows, which are seldom a round number (a branch the compiled code never saw taken
     * sends the first fold that takes it back to the interpreter).
     */
    static final int ROWS = 250;
    /** A family's fits stop once one takes more than this share of the fit before it. */
    static final double SETTLED = 0.75;
    static final int MIN_FITS = 2;
    static final int MAX_FITS = 12;
    static final long MAX_NANOS_PER_FAMILY = 3_000_000_000L;
    /** The whole warm-up stops after this long, warm or not: it must never cost more than it saves. */
    static final long MAX_NANOS = 8_000_000_000L;

    /** The process's warm-up: the JIT's work is per process, so a family warmed once stays warm for later runs. */
    static final JitWarmup PROCESS = new JitWarmup();

    /** The families already warmed. */
    private final Set<Algorithm.Family> warm = EnumSet.noneOf(Algorithm.Family.class);

    /** What the warm-up did: the families it warmed, in order, and the seconds it took. */
    record Result(List<String> families, int rows, double seconds) {
        boolean ran() {
            return !families.isEmpty();
        }

        String line() {
            return String.format(Locale.ROOT, "JIT warm-up (%.1f s): %s fitted a few times on %d training rows first, so that the seconds"
                    + " per fold below are the models' own; the JVM compiles its kernels fully only after some use, once per process",
                    seconds, String.join(", ", families), rows);
        }
    }

    /**
     * Warms the families of {@code spotCheck} not yet warm in this process on the rows {@code rows}
     * of {@code x, y}; stops early when {@code stop} says so.
     */
    Result run(List<Algorithm> spotCheck, Tensor x, Tensor y, int[] rows, BooleanSupplier stop, LongSupplier nanoTime) {
        long start = nanoTime.getAsLong();
        List<String> warmed = new ArrayList<>();
        Tensor probe = x.indexSelect(0, Tensor.of(rows, rows.length));
        for (Algorithm a : representatives(spotCheck)) {
            if (stop.getAsBoolean() || nanoTime.getAsLong() - start > MAX_NANOS) break;
            if (warm(a, x, y, rows, probe, stop, nanoTime)) warmed.add(a.family().label);
        }
        return new Result(warmed, rows.length, (nanoTime.getAsLong() - start) / 1e9);
    }

    /**
     * The first model of each family not yet warm, but for the {@link #SKIPPED} ones; networks
     * first, as their first fit pays the most (thousands of small steps through many kernels), so a
     * warm-up cut short by {@link #MAX_NANOS} leaves the cheaper families cold.
     */
    List<Algorithm> representatives(List<Algorithm> spotCheck) {
        Set<Algorithm.Family> seen = EnumSet.noneOf(Algorithm.Family.class);
        List<Algorithm> out = new ArrayList<>();
        synchronized (warm) {
            for (Algorithm a : spotCheck) {
                if (SKIPPED.contains(a.family()) || warm.contains(a.family()) || !seen.add(a.family())) continue;
                out.add(a);
            }
        }
        out.sort(java.util.Comparator.comparingInt(a -> NETWORKS.contains(a.family()) ? 0 : 1));   // stable: spot-check order otherwise
        return out;
    }

    /**
     * Dummies have no kernels; a pretrained network's body is large enough that one fit on a slice
     * of the rows costs far more than compiling it (the JIT's share of its time is small); an
     * ensemble's members are warmed as their own families.
     */
    private static final Set<Algorithm.Family> SKIPPED =
            EnumSet.of(Algorithm.Family.DUMMY, Algorithm.Family.PRETRAINED, Algorithm.Family.ENSEMBLE);
    private static final Set<Algorithm.Family> NETWORKS =
            EnumSet.of(Algorithm.Family.MLP, Algorithm.Family.CNN, Algorithm.Family.RNN, Algorithm.Family.TEXT);

    /**
     * One fit and prediction as a cross-validation fold makes them, so the code compiled is the
     * code the folds run: the kernels on this thread alone ({@link Threads#serially}, as the folds
     * run theirs), then the predictions a fold scores and keeps (a classifier's probabilities too).
     * Warmed on another path, the first real fold met branches the compiled code had never seen
     * (kernels running inline rather than on the pool), threw the compiled code away and ran
     * interpreted until it was compiled again: seconds in the first model of a family.
     */
    private static void asAFold(Estimator e, Tensor x, Tensor y, int[] rows, Tensor probe) {
        try {
            Threads.serially(() -> {
                e.fit(x, y, rows);
                e.predict(probe);
                if (e instanceof Classifier c && e.isClassifier()) c.predictProba(probe);
                return null;
            });
        } catch (RuntimeException | Error failure) {
            throw failure;
        } catch (Exception checked) {
            throw new IllegalStateException(checked);
        }
    }

    /** Fits {@code a} until its fit time settles; true when it did (a model that fails is left to the spot-check to report). */
    private boolean warm(Algorithm a, Tensor x, Tensor y, int[] rows, Tensor probe, BooleanSupplier stop, LongSupplier nanoTime) {
        long familyStart = nanoTime.getAsLong();
        long previous = Long.MAX_VALUE;
        for (int fit = 0; fit < MAX_FITS && !stop.getAsBoolean(); fit++) {
            long t0 = nanoTime.getAsLong();
            try {
                asAFold(a.factory().get(), x, y, rows, probe);
            } catch (RuntimeException | OutOfMemoryError e) {
                return false;
            }
            long t1 = nanoTime.getAsLong();
            long took = t1 - t0;
            boolean settled = fit + 1 >= MIN_FITS && took > SETTLED * previous;
            if (settled || t1 - familyStart > MAX_NANOS_PER_FAMILY) break;
            previous = took;
        }
        synchronized (warm) {
            warm.add(a.family());
        }
        return true;
    }
}
