package dev.fathom.trees;

import dev.fathom.backend.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
        CountDownLatch done = new CountDownLatch(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            boolean[] inside = INSIDE.get();
            inside[0] = true;
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    try {
                        body.accept(i);
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                        int unclaimed = next.getAndSet(n);   // no more claims; the unclaimed items count as done
                        for (int k = Math.max(unclaimed, i + 1); k < n; k++) done.countDown();
                    } finally {
                        done.countDown();
                    }
                }
            } finally {
                inside[0] = false;
            }
        };
        ExecutorService p = pool(threads - 1);
        List<Future<?>> helpers = new ArrayList<>(threads - 1);
        for (int t = 0; t < threads - 1; t++) helpers.add(p.submit(worker));
        worker.run();
        try {
            done.await();   // every item finished, on whichever thread claimed it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, new IllegalStateException("interrupted while the tree threads worked", e));
        }
        for (Future<?> f : helpers) f.cancel(false);   // helpers still queued behind other work have nothing left to do
        Throwable e = failure.get();
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
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
