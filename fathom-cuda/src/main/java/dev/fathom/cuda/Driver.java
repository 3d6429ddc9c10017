package dev.fathom.cuda;

import java.lang.foreign.MemorySegment;

/**
 * The CUDA driver calls the backend makes, behind an interface so that what decides things (the
 * allocator's bookkeeping, launch geometry, where a kernel's arguments go) is tested without a GPU.
 * {@link FfmDriver} is the real one. Device pointers are {@code long}s; every call runs on the
 * backend's one stream.
 */
interface Driver {

    /** Device memory of {@code bytes}; throws {@link CudaException} (out of memory among others). */
    long malloc(long bytes);

    void free(long pointer);

    /** Free and total device memory in bytes. */
    long[] memoryInfo();

    /** Queues a copy of {@code bytes} from host memory to the device. */
    void copyToDevice(long dst, MemorySegment src, long bytes);

    /** Queues a copy from the device to host memory; the host memory is valid after {@link #synchronize()}. */
    void copyToHost(MemorySegment dst, long src, long bytes);

    void copyOnDevice(long dst, long src, long bytes);

    /** Queues {@code kernel} on {@code grid} blocks of {@code block} threads; {@code arguments} as cuLaunchKernel takes them. */
    void launch(Kernels.Function kernel, Launch launch, MemorySegment arguments);

    /** Waits for everything queued so far. */
    void synchronize();
}
