package dev.fathom.cuda;

import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.backend.Storage;

/** Device memory holding {@code size} elements; the last release hands the block back to the allocator's cache. */
final class CudaStorage extends Storage {
    private final CudaBackend backend;
    private final long pointer;
    private final long bytes;

    CudaStorage(CudaBackend backend, DType dtype, int size, long pointer, long bytes) {
        super(dtype, size);
        this.backend = backend;
        this.pointer = pointer;
        this.bytes = bytes;
    }

    /** The device address of element 0. */
    long pointer() {
        return pointer;
    }

    @Override
    public Device device() {
        return backend.device();
    }

    @Override
    protected void free() {
        backend.allocator().release(pointer, bytes);
    }
}
