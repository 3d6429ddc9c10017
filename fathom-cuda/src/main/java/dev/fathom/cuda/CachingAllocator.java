package dev.fathom.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory with a cache, as PyTorch's caching allocator: cuMemAlloc and cuMemFree synchronize
 * the device and cost tens of microseconds, and a training step frees and allocates the same sizes
 * every time, so freed blocks are kept by size and handed out again. Sizes are rounded up (to 512
 * bytes below 1 MiB, to 1/8 of a power of two above) so near sizes share blocks. When the device
 * is out of memory, the cache is handed back and the allocation tried once more; if it still
 * fails, the error says how much was asked and is free.
 *
 * <p>Reuse is safe without events because every kernel runs on one stream: a block freed by the
 * host after queueing a kernel that reads it is reused only by kernels queued later.
 */
final class CachingAllocator {
    private final Driver driver;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long cachedBytes;
    private long allocatedBytes;

    CachingAllocator(Driver driver) {
        this.driver = driver;
    }

    /** The block size {@code bytes} is rounded up to. */
    static long rounded(long bytes) {
        if (bytes <= 0) return 512;
        if (bytes <= 1 << 20) return (bytes + 511) & ~511L;
        long power = Long.highestOneBit(bytes - 1) << 1;   // the next power of two
        long step = power / 8;
        return (bytes + step - 1) / step * step;
    }

    /** A device pointer to at least {@code bytes}. */
    synchronized long allocate(long bytes) {
        long size = rounded(bytes);
        ArrayDeque<Long> blocks = free.get(size);
        if (blocks != null && !blocks.isEmpty()) {
            cachedBytes -= size;
            allocatedBytes += size;
            return blocks.pop();
        }
        long p;
        try {
            p = driver.malloc(size);
        } catch (CudaException e) {
            if (e.code() != CudaException.OUT_OF_MEMORY) throw e;
            long handedBack = cachedBytes;
            emptyCache();
            try {
                p = driver.malloc(size);
            } catch (CudaException again) {
                if (again.code() != CudaException.OUT_OF_MEMORY) throw again;
                throw CudaException.outOfMemory(size, driver.memoryInfo()[0], handedBack);
            }
        }
        allocatedBytes += size;
        return p;
    }

    /** Keeps the block of {@code bytes} (as asked at allocation) for reuse. */
    synchronized void release(long pointer, long bytes) {
        long size = rounded(bytes);
        free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(pointer);
        cachedBytes += size;
        allocatedBytes -= size;
    }

    /** Hands every cached block back to the driver. */
    synchronized void emptyCache() {
        for (ArrayDeque<Long> blocks : free.values()) {
            for (long p : blocks) driver.free(p);
        }
        free.clear();
        cachedBytes = 0;
    }

    /** Bytes held in the cache, free for reuse. */
    synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Bytes in use by tensors. */
    synchronized long allocatedBytes() {
        return allocatedBytes;
    }
}
