package dev.fathom.backend;

import java.util.concurrent.Callable;

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
}
