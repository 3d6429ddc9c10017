package dev.fathom.backend.cpu;

import dev.fathom.backend.Storage;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;

/** Host memory for the CPU backend: a {@code float[]}, {@code double[]} or {@code int[]}. */
public final class CpuStorage extends Storage {
    private Object array;
    /** Whether the array goes back to the buffer pool when released: not when the caller still owns it. */
    private final boolean recyclable;

    CpuStorage(DType dtype, Object array, int size) {
        this(dtype, array, size, true);
    }

    CpuStorage(DType dtype, Object array, int size, boolean recyclable) {
        super(dtype, size);
        this.array = array;
        this.recyclable = recyclable;
    }

    @Override
    public Device device() {
        return Device.cpu();
    }

    /** The backing array; its length may exceed {@link #size()} when it came from the buffer pool. */
    public Object array() {
        Object a = array;
        if (a == null) throw new IllegalStateException("tensor memory was already released (closed); it cannot be used again");
        return a;
    }

    @Override
    protected void free() {
        Object a = array;
        array = null;
        if (recyclable) CpuBackend.INSTANCE.recycle(dtype(), a);
    }
}
