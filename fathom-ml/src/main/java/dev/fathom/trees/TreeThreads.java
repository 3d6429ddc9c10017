package dev.fathom.trees;

import dev.fathom.backend.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The CPU threads the tree models spread their work over: {@link Threads#count()} of them (the
 * cores, {@code FATHOM_THREADS} or {@code Threads.set}), none inside {@link Threads#serially} (a
 * cross-validation that already runs a fold per core). Work items are claimed from a shared counter
 * by the caller and the pool's workers, and each item writes only its own results, so what is
 * computed does not depend on the number of threads.
 *
 * <pre>{@code
 * TreeThreads.forEach(trees, t -> fitted[t] = growTree(t));
 * }</pre>
 */
final class TreeThreads {
    private static ExecutorService pool;
    private static int poolSize;
    /** Set while this thread works inside a {@link #forEach}: a nested call runs on it alone (no waiting on queued helpers). */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private TreeThreads() {}

    /** How many threads a call may use now. */
    static int available() {
        return Threads.isSerial() || INSIDE.get()[0] ? 1 : Threads.count();
    }

    /** Calls {@code body} for every index in {@code [0, n)}, spread over the threads; returns when all are done. */
    static void forEach(int n, IntConsumer body) {
        int threads = Math.min(available(), n);
        if (threads <= 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            boolean[] inside = INSIDE.get();
            inside[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) body.accept(i);
            } finally {
                inside[0] = false;
            }
        };
        ExecutorService p = pool(threads - 1);
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        for (int t = 0; t < threads - 1; t++) helpers.add(p.submit(worker));
        RuntimeException failure = null;
        try {
            worker.run();
        } catch (RuntimeException e) {
            failure = e;
            next.set(n);   // the helpers stop at their next claim
        }
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : e.getCause() instanceof Error err ? rethrow(err) : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException("interrupted while the tree threads worked", e);
            }
        }
        if (failure != null) throw failure;
    }

    private static RuntimeException rethrow(Error e) {
        throw e;
    }

    /** A shared pool of at least {@code workers} daemon threads, grown when more are asked for. */
    private static synchronized ExecutorService pool(int workers) {
        if (pool == null || poolSize < workers) {
            if (pool != null) pool.shutdown();   // running tasks finish; new ones go to the new pool
            AtomicInteger made = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "fathom-trees-" + made.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolSize = workers;
        }
        return pool;
    }
}
