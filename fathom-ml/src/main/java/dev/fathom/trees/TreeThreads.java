package dev.fathom.trees;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.Threads;

import java.util.function.IntConsumer;

/**
 * The CPU threads the tree models spread their work over: the engine's {@link Parallel} pool,
 * {@link Threads#count()} threads (the cores, {@code FATHOM_THREADS} or {@code Threads.set}), none
 * inside {@link Threads#serially} (a cross-validation that already runs a fold per core) or inside
 * another parallel call. Work items are claimed one at a time by the caller and the pool's workers,
 * and each item writes only its own results, so what is computed does not depend on the number of
 * threads.
 *
 * <p>Why the engine's pool and not an executor: a boosting fit makes some 10,000 parallel calls
 * (histograms, splits and partitions of every node), and waking an executor's parked thread costs
 * 20–60 µs a call, time in which the caller works alone; the pool's workers spin between calls.
 *
 * <pre>{@code
 * TreeThreads.forEach(trees, t -> fitted[t] = growTree(t));
 * }</pre>
 */
final class TreeThreads {

    private TreeThreads() {}

    /** How many threads a call may use now. */
    static int available() {
        return Parallel.available();
    }

    /** Calls {@code body} for every index in {@code [0, n)}, spread over the threads; returns when all are done. */
    static void forEach(int n, IntConsumer body) {
        Parallel.forChunks(n, n, (start, end) -> {
            for (int i = start; i < end; i++) body.accept(i);
        });
    }
}
