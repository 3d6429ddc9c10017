package dev.fathom.testing;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The promise a reader of untrusted bytes makes, checked on each input of a fuzz test: it returns,
 * or it refuses the input with one of its documented exceptions and a message of one line that is
 * not empty. Anything else (another exception type, a stack trace's worth of message, an
 * {@code OutOfMemoryError}, a {@code StackOverflowError}) fails with an {@link AssertionError} that
 * holds the input in Base64, so a finding can be replayed from the build log alone.
 *
 * <p>It also counts the inputs it saw, for the executions per second each fuzz run prints.
 *
 * <pre>{@code
 * private static final FuzzContract CONTRACT = new FuzzContract("CSV reader", List.of(CsvException.class));
 *
 * @FuzzTest
 * void readsOrRefuses(byte[] file) {
 *     CONTRACT.check(file, () -> CsvReader.load(new ByteArrayInputStream(file), "fuzz.csv", CsvOptions.defaults()));
 * }
 *
 * @AfterAll
 * static void report() {
 *     System.out.println(CONTRACT.summary());   // CSV reader: 41,210 inputs in 11.9 s, 3,463 per second
 * }
 * }</pre>
 */
public final class FuzzContract {
    /** Inputs up to this size are printed whole in a failure; larger ones are in the crash file Jazzer writes. */
    private static final int PRINTED = 16 * 1024;

    private final String target;
    private final List<Class<? extends Throwable>> refusals;
    private final AtomicLong inputs = new AtomicLong();
    private volatile long firstNanos;
    private volatile long lastNanos;

    /** What a reader under test may throw: {@code refusals}, each with a one-line message. */
    public FuzzContract(String target, List<Class<? extends Throwable>> refusals) {
        this.target = target;
        this.refusals = List.copyOf(refusals);
    }

    /** Code under test that may throw anything. */
    @FunctionalInterface
    public interface Read {
        /** Reads the input. */
        void run() throws Exception;
    }

    /**
     * Runs {@code read} on {@code input} and checks the promise.
     *
     * @throws AssertionError naming the broken promise, the input in Base64 and the throwable as its cause
     */
    public void check(byte[] input, Read read) {
        long now = System.nanoTime();
        if (inputs.getAndIncrement() == 0) firstNanos = now;
        try {
            read.run();
        } catch (Throwable t) {   // an Error too: an OutOfMemoryError or StackOverflowError is a finding
            String broken = broken(t);
            if (broken != null) throw new AssertionError(target + ": " + broken + " on the input " + shown(input), t);
        } finally {
            lastNanos = System.nanoTime();
        }
    }

    /** What is wrong with {@code t} as a refusal, or null when it is one. */
    private String broken(Throwable t) {
        if (refusals.stream().noneMatch(c -> c.isInstance(t))) {
            return "threw " + t.getClass().getName() + ", which is not one of the documented refusals "
                    + refusals.stream().map(Class::getSimpleName).toList();
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) return "refused with " + t.getClass().getSimpleName() + " but no message";
        if (m.contains("\n") || m.contains("\r")) {
            return "refused with a message of more than one line (" + m.lines().count() + "): "
                    + m.replace("\r", "\\r").replace("\n", "\\n");
        }
        return null;
    }

    private static String shown(byte[] input) {
        if (input.length > PRINTED) return "of " + input.length + " bytes (too long to print; see the crash file Jazzer wrote)";
        return "of " + input.length + " bytes, Base64 " + Base64.getEncoder().encodeToString(input);
    }

    /** How many inputs were checked. */
    public long inputs() {
        return inputs.get();
    }

    /** One line: the target, the inputs checked, the seconds from the first to the last, and inputs per second. */
    public String summary() {
        long n = inputs.get();
        double seconds = n == 0 ? 0 : (lastNanos - firstNanos) / 1e9;
        String rate = seconds >= 1 ? String.format(java.util.Locale.ROOT, ", %,d per second", Math.round(n / seconds)) : "";
        return String.format(java.util.Locale.ROOT, "fuzz %s: %,d inputs in %.1f s%s", target, n, seconds, rate);
    }
}
