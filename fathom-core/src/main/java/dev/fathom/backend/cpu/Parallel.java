package dev.fathom.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a loop over {@code [0, n)} across the CPU threads Fathom may use.
 *
 * <p>The thread count defaults to the number of available processors and can be set with
 * {@link #setThreads(int)} (the {@code --threads} option of {@code fathom bench}) or the
 * {@code FATHOM_THREADS} environment variable. Work smaller than the caller's grain runs on the
 * calling thread, so tiny ops pay no hand-off cost.
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

    private static volatile int threads = defaultThreads();
    /** Set on threads inside {@link #serially}: their kernels run on them alone. */
    private static final ThreadLocal<boolean[]> SERIAL = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile Pool pool;

    private Parallel() {}

    private static int defaultThreads() {
        String env = System.getenv("FATHOM_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("FATHOM_THREADS must be a positive integer, got '" + env + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads kernels split their work across. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use; 1 runs everything on the calling thread. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (n != threads) {
            threads = n;
            Pool old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static Pool pool() {
        Pool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new Pool(threads - 1);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Calls {@code work} with every kernel it runs on this thread kept on this thread: for callers
     * that keep the cores busy with threads of their own (cross-validation runs its folds at once),
     * where kernels handing work to the pool would only queue behind one another and spin.
     */
    public static <T> T serially(java.util.concurrent.Callable<T> work) throws Exception {
        boolean[] flag = SERIAL.get();
        boolean before = flag[0];
        flag[0] = true;
        try {
            return work.call();
        } finally {
            flag[0] = before;
        }
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks of at
     * least {@code grain} items each. Returns when all chunks are done; rethrows the first failure.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        // Nested calls (a kernel inside a parallel kernel) and concurrent callers run serially.
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || SERIAL.get()[0]) {
            body.run(0, n);
            return;
        }
        Pool p = pool();
        // The caller runs chunk 0 itself while holding the lock: a call from inside that chunk is nested too.
        if (p.lock.isHeldByCurrentThread() || !p.lock.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            p.run(n, Math.min(chunks, p.workers.length + 1), body);
        } finally {
            p.lock.unlock();
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
