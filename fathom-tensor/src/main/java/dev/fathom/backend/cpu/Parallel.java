package dev.fathom.backend.cpu;

import dev.fathom.backend.Threads;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a loop over {@code [0, n)} across the CPU threads Fathom may use.
 *
 * <p>The thread count is {@link Threads#count()} (the processors, {@code FATHOM_THREADS} or
 * {@link Threads#set(int)}). Work smaller than the caller's grain runs on the calling thread, so
 * tiny ops pay no hand-off cost, and so does work inside {@link Threads#serially}.
 *
 * <pre>{@code
 * Parallel.forRange(rows, 16, (start, end) -> { for (int r = start; r < end; r++) work(r); });
 * }</pre>
 *
 * <p>Why not a {@code ForkJoinPool}: waking a parked thread costs 20–60 µs on a virtual machine,
 * as long as a whole 256×256 matrix product. Like OpenMP's runtime, the workers here spin for a
 * short while after each task before they park, so back-to-back ops (a training step) hand work
 * over in well under a microsecond, and idle workers still sleep.
 */
public final class Parallel {

    /** A body that processes the half-open range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    /** How long an idle worker keeps polling for the next task before parking. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile Pool pool;
    /** Set while this thread runs a parallel call: a call from inside it runs serially. */
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);

    private Parallel() {}

    /** The number of threads kernels split their work across ({@link Threads#count()}). */
    public static int threads() {
        return Threads.count();
    }

    /**
     * The pool for {@code threads} threads (the caller and {@code threads - 1} workers), remade when
     * the count changed. A pool is stopped only by a thread holding its lock, so never under a
     * caller that is running on it: the old one is stopped here if it is free, else by its holder
     * when that one is done ({@link #forRange}'s {@code finally}).
     */
    private static Pool pool(int threads) {
        Pool p = pool;
        if (p != null && p.workers.length == threads - 1) return p;
        synchronized (Parallel.class) {
            p = pool;
            if (p == null || p.workers.length != threads - 1) {
                Pool old = p;
                p = new Pool(threads - 1);
                pool = p;
                if (old != null) {
                    old.retired = true;
                    stopIfFree(old);
                }
            }
        }
        return p;
    }

    /** Stops a retired pool unless a caller is running on it (that caller stops it when done). */
    private static void stopIfFree(Pool old) {
        if (!old.lock.isHeldByCurrentThread() && old.lock.tryLock()) {
            try {
                if (!old.stopped) old.shutdown();
            } finally {
                old.lock.unlock();
            }
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks of at
     * least {@code grain} items each. Returns when all chunks are done; rethrows the first failure.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int threads = Threads.count();
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        // Small work, work inside a worker's chunk and work asked to stay on its thread run serially.
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || Threads.isSerial()) {
            body.run(0, n);
            return;
        }
        boolean[] inside = INSIDE.get();
        if (inside[0]) {   // nested: a kernel inside this thread's own parallel call
            body.run(0, n);
            return;
        }
        Pool p = pool(threads);
        if (!p.lock.tryLock()) {   // a concurrent caller has the workers
            body.run(0, n);
            return;
        }
        inside[0] = true;
        try {
            // A pool retired after pool() returned it was stopped before this thread got its lock.
            if (p.stopped) body.run(0, n);
            else p.run(n, Math.min(chunks, p.workers.length + 1), body);
        } finally {
            inside[0] = false;
            p.lock.unlock();
            if (p.retired) stopIfFree(p);   // the count changed while this call ran on it
        }
    }

    /** One call's work, published to the workers as a whole so consecutive calls never mix. */
    private static final class Task {
        final RangeBody body;
        final int n;
        final int chunks;
        final AtomicInteger pending;
        volatile Throwable failure;

        Task(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks - 1);
        }

        void runChunk(int chunk) {
            try {
                body.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        private final int chunk;
        private Task seen;
        volatile boolean parked;

        Worker(Pool pool, int chunk) {
            super("fathom-cpu-" + chunk);
            this.pool = pool;
            this.chunk = chunk;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!pool.stopped) {
                Task t = pool.task;
                if (t == seen) {
                    idle();
                    continue;
                }
                seen = t;
                if (t != null && chunk < t.chunks) {
                    t.runChunk(chunk);
                    t.pending.decrementAndGet();
                }
            }
        }

        private void idle() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (pool.task == seen && !pool.stopped) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    // Re-check after announcing, so a task published in between is not missed.
                    if (pool.task == seen && !pool.stopped) LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }

    private static final class Pool {
        final ReentrantLock lock = new ReentrantLock();
        final Worker[] workers;
        volatile Task task;
        volatile boolean stopped;
        /** Replaced by a pool of another size; stopped as soon as no caller runs on it. */
        volatile boolean retired;

        Pool(int size) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, i + 1);
                workers[i].start();
            }
        }

        void run(int n, int chunks, RangeBody body) {
            Task t = new Task(body, n, chunks);
            task = t;
            for (int i = 0; i < chunks - 1; i++) {
                if (workers[i].parked) LockSupport.unpark(workers[i]);
            }
            t.runChunk(0);
            while (t.pending.get() > 0) Thread.onSpinWait();
            task = null; // let the body's captured arrays be collected
            Throwable failure = t.failure;
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error err) throw err;
            if (failure != null) throw new RuntimeException(failure);
        }

        void shutdown() {
            stopped = true;
            for (Worker w : workers) LockSupport.unpark(w);
        }
    }
}
