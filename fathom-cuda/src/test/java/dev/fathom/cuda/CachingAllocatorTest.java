package dev.fathom.cuda;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachingAllocatorTest {

    /** A device with {@code capacity} bytes that hands out increasing addresses and records every call. */
    private static final class FakeDriver implements Driver {
        final long capacity;
        long used;
        long next = 0x1000;
        final Map<Long, Long> live = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        FakeDriver(long capacity) {
            this.capacity = capacity;
        }

        @Override public long malloc(long bytes) {
            calls.add("malloc " + bytes);
            if (used + bytes > capacity) throw new CudaException("cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY", CudaException.OUT_OF_MEMORY);
            long p = next;
            next += bytes;
            used += bytes;
            live.put(p, bytes);
            return p;
        }

        @Override public void free(long pointer) {
            calls.add("free " + pointer);
            used -= live.remove(pointer);
        }

        @Override public long[] memoryInfo() {
            return new long[] {capacity - used, capacity};
        }

        @Override public void copyToDevice(long dst, MemorySegment src, long bytes) {}
        @Override public void copyToHost(MemorySegment dst, long src, long bytes) {}
        @Override public void copyOnDevice(long dst, long src, long bytes) {}
        @Override public void launch(Kernels.Function kernel, Launch launch, MemorySegment arguments) {}
        @Override public void synchronize() {}
    }

    @Test
    void sizesRoundUpSoNearSizesShareBlocks() {
        assertEquals(512, CachingAllocator.rounded(1));
        assertEquals(512, CachingAllocator.rounded(512));
        assertEquals(1024, CachingAllocator.rounded(513));
        assertEquals(1 << 20, CachingAllocator.rounded((1 << 20) - 3));
        // Above 1 MiB: to an eighth of the next power of two (3 MiB + 1 byte -> 3.5 MiB).
        assertEquals(3_670_016, CachingAllocator.rounded(3 * (1 << 20) + 1));
        for (long b : new long[] {1, 700, 1 << 20, 5_000_000, 123_456_789}) {
            long r = CachingAllocator.rounded(b);
            assertTrue(r >= b && r <= b * 1.25 + 512, b + " -> " + r);
        }
    }

    @Test
    void aFreedBlockIsHandedOutAgainWithoutTheDriver() {
        FakeDriver driver = new FakeDriver(1 << 30);
        CachingAllocator allocator = new CachingAllocator(driver);
        long a = allocator.allocate(1000);
        allocator.release(a, 1000);
        assertEquals(1024, allocator.cachedBytes());
        long b = allocator.allocate(900);   // rounds to the same 1024-byte block
        assertEquals(a, b);
        assertEquals(List.of("malloc 1024"), driver.calls);
        assertEquals(0, allocator.cachedBytes());
        assertEquals(1024, allocator.allocatedBytes());
    }

    @Test
    void outOfMemoryHandsTheCacheBackAndTriesAgain() {
        FakeDriver driver = new FakeDriver(4096);
        CachingAllocator allocator = new CachingAllocator(driver);
        long a = allocator.allocate(2048);
        long b = allocator.allocate(1024);
        allocator.release(a, 2048);
        allocator.release(b, 1024);
        long c = allocator.allocate(3072);   // fits only once the cached 3 KiB go back
        assertTrue(driver.live.containsKey(c));
        assertEquals(0, allocator.cachedBytes());
        assertEquals(3072, driver.used);
    }

    @Test
    void outOfMemoryForGoodSaysWhatWasAskedWhatIsFreeAndTheFix() {
        FakeDriver driver = new FakeDriver(4096);
        CachingAllocator allocator = new CachingAllocator(driver);
        allocator.allocate(3072);
        CudaException e = assertThrows(CudaException.class, () -> allocator.allocate(2048));
        assertEquals(CudaException.OUT_OF_MEMORY, e.code());
        assertTrue(e.getMessage().contains("asked for 2048 bytes, 1024 bytes free"), e.getMessage());
        assertTrue(e.getMessage().contains("smaller batch size"), e.getMessage());
    }
}
