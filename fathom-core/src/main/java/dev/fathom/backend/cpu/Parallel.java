package dev.fathom.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a loop over {@code [0, n)} across the CPU threads Fathom may use.
 *
 * <p>The thread count defaults to the number of available processors and can be set once per
 * process with {@link #setThreads(int)} (the {@code --threads} option of {@code fathom bench}) or
 * the {@code FATHOM_THREADS} environment variable. Work smaller than the caller's grain runs on the
 * calling thread, so tiny ops pay no hand-off cost.
 *
 * <pre>{@code
 * Parallel.forRange(rows, 16, (start, end) -> { for (int r = start; r < end; r++) work(r); });
 * }</pre>
 */
public final class Parallel {

    /** A body that processes the half-open range {@code [start, end)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int start, int end);
    }

    private static volatile int threads = defaultThreads();
    private static volatile ForkJoinPool pool;

    private Parallel() {}

    private static int defaultThreads() {
        String env = System.getenv("FATHOM_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("FATHOM_THREADS must be a positive integer, got '" + env + "'");
            }
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
            ForkJoinPool old = pool;
            pool = null;
            if (old != null) old.shutdown();
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, pool -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                        t.setDaemon(true);
                        t.setName("fathom-cpu-" + t.getPoolIndex());
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in at most {@link #threads()} contiguous chunks of at
     * least {@code grain} items each. Returns when all chunks are done.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int t = threads;
        int chunks = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks - 1];
        ForkJoinPool p = pool();
        for (int c = 1; c < chunks; c++) {
            int start = (int) ((long) n * c / chunks);
            int end = (int) ((long) n * (c + 1) / chunks);
            tasks[c - 1] = p.submit(new Chunk(body, start, end));
        }
        // The caller does the first chunk itself instead of waiting idle.
        body.run(0, (int) ((long) n / chunks));
        for (ForkJoinTask<?> task : tasks) task.join();
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int start;
        private final int end;

        Chunk(RangeBody body, int start, int end) {
            this.body = body;
            this.start = start;
            this.end = end;
        }

        @Override
        protected void compute() {
            body.run(start, end);
        }
    }
}
