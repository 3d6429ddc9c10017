package dev.fathom.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many CPU threads Fathom's kernels split their work across, and a way to keep a piece of
 * work on its own thread.
 *
 * <p>The count defaults to the number of available processors, or the {@code FATHOM_THREADS}
 * environment variable when set (the {@code --threads} option of {@code fathom bench}).
 *
 * <pre>{@code
 * Threads.set(1);                                   // every kernel on the calling thread
 * var model = Threads.serially(() -> fitOneFold()); // this work's kernels stay on this thread
 * }</pre>
 */
public final class Threads {
    private static volatile int count = defaultCount();
    /** Set on threads inside {@link #serially}: their kernels run on them alone. */
    private static final ThreadLocal<boolean[]> SERIAL = ThreadLocal.withInitial(() -> new boolean[1]);

    private Threads() {}

    private static int defaultCount() {
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
    public static int count() {
        return count;
    }

    /** Sets the number of threads kernels use; 1 runs everything on the calling thread. */
    public static void set(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        count = n;
    }

    /**
     * Calls {@code work} with every kernel it runs on this thread kept on this thread: for callers
     * that keep the cores busy with threads of their own (cross-validation runs its folds at once),
     * where kernels handing work to the pool would only queue behind one another and spin.
     */
    public static <T> T serially(Callable<T> work) throws Exception {
        boolean[] flag = SERIAL.get();
        boolean before = flag[0];
        flag[0] = true;
        try {
            return work.call();
        } finally {
            flag[0] = before;
        }
    }

    /** Whether this thread is inside {@link #serially}: a backend then runs its kernels on it alone. */
    public static boolean isSerial() {
        return SERIAL.get()[0];
    }

    /**
     * Runs independent jobs on {@code threads} threads of their own (named {@code name-1}, ...) and
     * returns their results in job order; with fewer than two threads or jobs, one after another on
     * the calling thread. With {@code serialKernels} each job runs {@link #serially}, for callers
     * whose jobs fill the cores. The first failure in job order is rethrown as it was (a checked
     * exception wrapped in an IllegalStateException) and the jobs not finished are cancelled; an
     * interrupt while waiting is an IllegalStateException with the message {@code interrupted}.
     *
     * <pre>{@code
     * List<Model> fitted = Threads.runAll("fathom-fit", jobs, Threads.count(), true, "fitting: interrupted");
     * }</pre>
     */
    public static <T> List<T> runAll(String name, List<? extends Callable<T>> jobs, int threads, boolean serialKernels, String interrupted) {
        List<T> out = new ArrayList<>(jobs.size());
        if (threads <= 1 || jobs.size() <= 1) {
            for (Callable<T> job : jobs) out.add(call(job));
            return out;
        }
        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-" + made.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(jobs.size());
            for (Callable<T> job : jobs) futures.add(pool.submit(serialKernels ? () -> serially(job) : job));
            for (Future<T> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) throw re;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                } catch (InterruptedException e) {
                    futures.forEach(other -> other.cancel(true));
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted, e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> job) {
        try {
            return job.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
