package dev.fathom.tensor;


import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tensors created on this thread while a scope is open, so that code which knows they are
 * done with (a backward pass, a training step) can close them: their memory goes back to the
 * backend's buffer pool for the next step, instead of waiting for the garbage collector while the
 * next step allocates (and zeroes) fresh arrays. A training step of a small CNN creates some 100 MB
 * of activations and gradients; left to the collector that is most of the step's memory traffic.
 *
 * <p>Closing a tensor hands back only its own reference: memory still used by another tensor (a
 * view, a detached copy kept by a metric) stays until that one is closed or collected.
 *
 * <pre>{@code
 * try (Temporaries step = Temporaries.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();
 *     step.closeIf(t -> t.gradFn() != null);   // the step's graph: nothing outside it holds these
 * }
 * }</pre>
 */
public final class Temporaries implements AutoCloseable {
    private static final ThreadLocal<Temporaries> CURRENT = new ThreadLocal<>();

    private final Temporaries outer;
    private final List<Tensor> created = new ArrayList<>();
    private boolean open = true;

    private Temporaries(Temporaries outer) {
        this.outer = outer;
    }

    /** Starts collecting the tensors this thread creates, until {@link #close()}. Scopes nest. */
    public static Temporaries open() {
        Temporaries scope = new Temporaries(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /** Called for every new tensor: the innermost open scope of this thread collects it. */
    public static void created(Tensor t) {
        Temporaries scope = CURRENT.get();
        if (scope != null) scope.created.add(t);
    }

    /** Whether {@code t} was created on this thread while this scope was the innermost one open. */
    public boolean contains(Tensor t) {
        for (Tensor c : created) if (c == t) return true;
        return false;
    }

    /**
     * Closes the collected tensors that {@code done} accepts; the others go on to the enclosing
     * scope, if any. Ends collecting, as {@link #close()}.
     */
    public void closeIf(Predicate<Tensor> done) {
        finish(done, true);
    }

    /**
     * Stops collecting and lets the collected tensors outlive every enclosing scope: for what lasts
     * beyond a step, such as an optimizer's state made on its first step.
     */
    public void keep() {
        finish(t -> false, false);
    }

    /**
     * Closes the collected tensors that {@code done} accepts and lets the others outlive every
     * enclosing scope, for tensors that have an owner who closes them (a leaf its gradient). Ends
     * collecting, as {@link #close()}.
     */
    public void closeOrKeep(Predicate<Tensor> done) {
        finish(done, false);
    }

    /** Stops collecting (without closing anything); the collected tensors go on to the enclosing scope. */
    @Override
    public void close() {
        finish(t -> false, true);
    }

    /** Ends the scope: closes what {@code done} accepts and hands the rest on to the enclosing scope or lets it go. */
    private void finish(Predicate<Tensor> done, boolean handOn) {
        if (!end()) return;
        for (Tensor t : created) {
            if (done.test(t)) {
                t.close();
            } else if (handOn && outer != null) {
                outer.created.add(t);
            }
        }
        created.clear();
    }

    /** Makes the enclosing scope current again; false if this one had already ended. */
    private boolean end() {
        if (!open) return false;
        if (CURRENT.get() != this) {
            throw new IllegalStateException("Temporaries scopes must close in the reverse order they were opened");
        }
        open = false;
        CURRENT.set(outer);
        return true;
    }
}
