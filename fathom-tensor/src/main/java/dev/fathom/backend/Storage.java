package dev.fathom.backend;


import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A handle to a block of elements owned by a backend: host arrays on the CPU, device memory on a
 * GPU. Tensors never see the memory itself, only this handle, so the same tensor code runs on any
 * device.
 *
 * <p>Several tensors (views) may share one storage. Each holder {@link #retain() retains} it and
 * {@link #release() releases} it when done; the last release hands the memory back to the backend
 * at once, which is how GPU memory is freed deterministically and how the CPU backend reuses
 * buffers instead of allocating new ones in a training loop. Storages nobody released are simply
 * garbage collected.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    /** The number of holders, changed atomically through {@link #HOLDERS} (a field, not an AtomicInteger per tensor). */
    private volatile int holders = 1;
    private static final VarHandle HOLDERS;

    static {
        try {
            HOLDERS = MethodHandles.lookup().findVarHandle(Storage.class, "holders", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    /** The element type. */
    public final DType dtype() {
        return dtype;
    }

    /** The number of elements. */
    public final int size() {
        return size;
    }

    /** The device whose memory this is. */
    public abstract Device device();

    /** Whether the memory was handed back; using a freed storage is a bug in the caller. */
    public final boolean isFreed() {
        return holders <= 0;
    }

    /** Adds a holder. */
    public final void retain() {
        if ((int) HOLDERS.getAndAdd(this, 1) <= 0) {
            HOLDERS.getAndAdd(this, -1);
            throw new IllegalStateException("tensor memory was already released (closed); it cannot be used again");
        }
    }

    /** Drops a holder; the last one frees the memory. Extra releases are ignored. */
    public final void release() {
        int left = (int) HOLDERS.getAndAdd(this, -1) - 1;
        if (left == 0) {
            free();
        } else if (left < 0) {
            holders = 0;
        }
    }

    /** Hands the memory back to its backend. Called once, by the last {@link #release()}. */
    protected abstract void free();
}
