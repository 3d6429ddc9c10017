package dev.fathom.backend.cpu;

import dev.fathom.tensor.DType;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;

/**
 * Released host arrays kept for reuse, so a training loop that closes its intermediates gets the
 * same arrays back each step instead of allocating (and zeroing) fresh ones.
 *
 * <p>Small arrays (a tiny network's activations and gradients) stay with the thread that released
 * them: a step's few hundred kilobytes then stay in that core's cache, where fresh arrays would
 * stream gigabytes a second through memory (a 64-unit MLP allocated 3.5 GB/s), and threads training
 * side by side (cross-validation folds) never wait on one another's lock. Large arrays go to one
 * shared pool, as a thread's cache would hold too much of the heap.
 */
final class BufferPool {
    /** SameSize below this many elements go to the releasing thread's cache. */
    private static final int SMALL_MAX_ELEMENTS = 1 << 15;
    /** Per thread: a small network's step, not a dataset (a server may run many threads). */
    private static final long THREAD_LIMIT_BYTES = 2L << 20;
    /** At most 256 MB and an eighth of the heap: a step's temporaries, not a second copy of the data. */
    private static final long SHARED_LIMIT_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final ThreadLocal<Shelf> small = ThreadLocal.withInitial(() -> new Shelf(THREAD_LIMIT_BYTES));
    private final Shelf large = new Shelf(SHARED_LIMIT_BYTES);

    /** A released array of exactly this type and size, or null when none is kept. */
    Object take(DType dtype, int size) {
        if (size < SMALL_MAX_ELEMENTS) return small.get().take(dtype, size);
        synchronized (large) {
            return large.take(dtype, size);
        }
    }

    /** Keeps {@code array} for a later {@link #take}, unless the limit is reached. */
    void give(DType dtype, Object array) {
        int size = java.lang.reflect.Array.getLength(array);
        if (size < SMALL_MAX_ELEMENTS) {
            small.get().put(dtype, size, array);
            return;
        }
        synchronized (large) {
            large.put(dtype, size, array);
        }
    }

    /**
     * SameSize by type and length, up to a number of bytes. When full, the sizes used least recently
     * make room: a size that stopped coming up (the last, shorter batch of another data set) must
     * not hold the space the current loop needs.
     */
    private static final class Shelf {
        /** In access order: the first entry is the size taken or given longest ago. */
        private final LinkedHashMap<Long, SameSize> bySize = new LinkedHashMap<>(16, 0.75f, true);
        private final long limitBytes;
        private long bytes;

        Shelf(long limitBytes) {
            this.limitBytes = limitBytes;
        }

        private static long key(DType dtype, int size) {
            return ((long) dtype.ordinal() << 32) | size;
        }

        Object take(DType dtype, int size) {
            SameSize same = bySize.get(key(dtype, size));
            Object a = same == null ? null : same.free.pollLast();
            if (a != null) bytes -= same.bytesEach;
            return a;
        }

        void put(DType dtype, int size, Object array) {
            long each = (long) size * dtype.byteSize();
            if (each > limitBytes) return;
            SameSize same = bySize.computeIfAbsent(key(dtype, size), k -> new SameSize(each));
            if (bytes + each > limitBytes) {
                for (var it = bySize.values().iterator(); bytes + each > limitBytes && it.hasNext(); ) {
                    SameSize old = it.next();
                    if (old == same) continue;
                    bytes -= old.bytesEach * old.free.size();
                    it.remove();
                }
                if (bytes + each > limitBytes) return;   // this size's own arrays fill the shelf
            }
            same.free.addLast(array);
            bytes += each;
        }
    }

    /** The kept arrays of one type and length. */
    private record SameSize(long bytesEach, ArrayDeque<Object> free) {
        SameSize(long bytesEach) {
            this(bytesEach, new ArrayDeque<>());
        }
    }
}
