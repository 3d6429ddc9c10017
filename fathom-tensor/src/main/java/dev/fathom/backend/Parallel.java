package dev.fathom.backend;

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
 *
 * <p>Chunks are claimed, not assigned: the caller and the workers take the next unclaimed chunk
 * until none is left, so a worker that has not started yet (descheduled on a busy machine, or
 * sharing its core with the JIT compiler during warm-up) costs the caller nothing but doing that
 * chunk itself, instead of a wait for the late thread. The chunks' bounds depend only on
 * {@code n} and their count, never on which thread runs them, so results are the same bits
 * however the chunks were shared out. Spinning threads yield their core every microsecond or so,
 * so a thread that has work gets it.
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
     * How many threads a parallel call made here and now would use: 1 inside a parallel call's
     * work, on a worker, or inside {@link Threads#serially}; else {@link Threads#count()}.
     */
    public static int available() {
        return Thread.currentThread() instanceof Worker || Threads.isSerial() || INSIDE.get()[0] ? 1 : Threads.count();
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
        forChunks(n, Math.min(Threads.count(), Math.max(1, n / Math.max(1, grain))), body);
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into {@code min(n, chunks)} contiguous chunks of
     * near-equal size, which the calling thread and the workers claim one at a time. More chunks
     * than threads let a thread that got its core back late take fewer of them (a large matrix
     * product asks for two per thread). Returns when all chunks are done; rethrows the first failure.
     */
    public static void forChunks(int n, int chunks, RangeBody body) {
        if (n <= 0) return;
        chunks = Math.max(1, Math.min(n, chunks));
        // Small work, work inside a worker's chunk or this thread's own parallel call, and work
        // asked to stay on its thread run serially.
        int threads = available();
        if (chunks <= 1 || threads <= 1) {
            body.run(0, n);
            return;
        }
        boolean[] inside = INSIDE.get();
        Pool p = pool(threads);
        if (!p.lock.tryLock()) {   // a concurrent caller has the workers
            body.run(0, n);
            return;
        }
        inside[0] = true;
        try {
            // A pool retired after pool() returned it was stopped before this thread got its lock.
            if (p.stopped) body.run(0, n);
            else p.run(n, chunks, body);
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
        /** The next chunk to claim; at or past {@code chunks} when all are claimed. */
        final AtomicInteger next = new AtomicInteger();
        /** Chunks not finished yet. */
        final AtomicInteger pending;
        volatile Throwable failure;

        Task(RangeBody body, int n, int chunks) {
            this.body = body;
            this.n = n;
            this.chunks = chunks;
            this.pending = new AtomicInteger(chunks);
        }

        /** Claims and runs chunks until none is left unclaimed. */
        void work() {
            for (int chunk; (chunk = next.getAndIncrement()) < chunks; ) {
                try {
                    body.run((int) ((long) n * chunk / chunks), (int) ((long) n * (chunk + 1) / chunks));
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /**
     * One wait of a spinning thread: a pause, and every {@value #YIELD_EVERY} pauses (about a
     * microsecond) a yield, so that a thread waiting for a core (the worker this one waits for, the
     * JIT compiler) gets it instead of this loop.
     */
    private static void spinOnce(int spins) {
        if (spins % YIELD_EVERY == YIELD_EVERY - 1) Thread.yield();
        else Thread.onSpinWait();
    }

    private static final int YIELD_EVERY = 32;

    private static final class Worker extends Thread {
        private final Pool pool;
        private Task seen;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("fathom-cpu-" + index);
            this.pool = pool;
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
                if (t != null) t.work();
            }
        }

        private void idle() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            for (int spins = 0; pool.task == seen && !pool.stopped; spins++) {
                if (System.nanoTime() < deadline) {
                    spinOnce(spins);
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
            for (int i = 0; i < Math.min(chunks - 1, workers.length); i++) {
                if (workers[i].parked) LockSupport.unpark(workers[i]);
            }
            t.work();
            // Only chunks a worker claimed and is still running are left.
            for (int spins = 0; t.pending.get() > 0; spins++) spinOnce(spins);
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
