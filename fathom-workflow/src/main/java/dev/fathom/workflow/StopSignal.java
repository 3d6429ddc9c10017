package dev.fathom.workflow;

/**
 * A request, from another thread, that {@link Fathom#train} stop early and keep the best model so
 * far: the command line's Ctrl-C handler raises it. Training checks it between models and after
 * every epoch of a network; once raised, no new model is started, the best one evaluated so far is
 * fitted on the training split if it is not yet, and the outputs are written as usual, marked as
 * interrupted, by the thread that called {@code train}, which then returns.
 *
 * <p>Raise it from a button, a timer or a signal handler, not from a shutdown hook: once the JVM
 * is shutting down, the run may be cut off before its files are written.
 *
 * <pre>{@code
 * StopSignal stop = new StopSignal();
 * stopButton.addActionListener(e -> stop.request());
 * TrainResult r = Fathom.train(table, "price", TrainOptions.defaults().stopSignal(stop));
 * r.interrupted();   // true when stopped early
 * }</pre>
 */
public final class StopSignal {
    private volatile boolean requested;
    /** A time after which the signal reads as requested (the time budget's end), on {@code clock}; none when clock is null. */
    private volatile java.util.function.LongSupplier clock;
    private volatile long deadline;
    private volatile boolean deadlineReached;

    /** A signal not yet raised. */
    public StopSignal() {}

    /** Asks training to stop at the next check. Safe to call from any thread, any number of times. */
    public void request() {
        requested = true;
    }

    /** Lowers the signal again (the workflow's own signal to networks, before the final fit). */
    void clear() {
        requested = false;
        clock = null;
        deadlineReached = false;
    }

    /** Reads as requested once {@code clock} passes {@code deadlineNanos}: training stops at the time budget's end. */
    void deadline(java.util.function.LongSupplier clock, long deadlineNanos) {
        this.deadline = deadlineNanos;
        this.clock = clock;
    }

    /** Whether the deadline made {@link #isRequested} true since the last call (a training was cut by the budget); resets it. */
    boolean takeDeadlineReached() {
        boolean reached = deadlineReached;
        deadlineReached = false;
        return reached;
    }

    /** Whether a stop was requested. */
    public boolean isRequested() {
        if (requested) return true;
        java.util.function.LongSupplier c = clock;
        if (c != null && c.getAsLong() > deadline) {
            deadlineReached = true;
            return true;
        }
        return false;
    }
}
