package dev.fathom.backend.cpu;

import dev.fathom.backend.DType;

import java.util.ArrayDeque;

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
    /** Arrays below this many elements go to the releasing thread's cache. */
    private static final int SMALL_MAX_ELEMENTS = 1 << 15;
    /** Per thread: a small network's step, not a dataset (a server may run many threads). */
    private static final long THREAD_LIMIT_BYTES = 2L << 20;
    /** At most 256 MB and an eighth of the heap: a step's temporaries, not a second copy of the data. */
    private static final long SHARED_LIMIT_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** What an array costs the heap beyond its elements, so a shelf of one-element arrays is bounded too. */
    private static final long ARRAY_HEADER_BYTES = 16;

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
        if (size == 0) return;   // nothing to save, and it would cost the shelf nothing to hold any number of them
        if (size < SMALL_MAX_ELEMENTS) {
            small.get().put(dtype, size, array);
            return;
        }
        synchronized (large) {
            large.put(dtype, size, array);
        }
    }

    /**
     * Arrays by type and length, up to a number of bytes. When full, the sizes used least recently
     * make room: a size that stopped coming up (the last, shorter batch of another data set) must
     * not hold the space the current loop needs. An open-addressed table of primitive keys, since
     * every op of a training step looks here twice (a map of boxed keys was 5% of a small step).
     */
    private static final class Shelf {
        /** Distinct (type, length) pairs before the shelf starts afresh; a step uses a few dozen. */
        private static final int SLOTS = 256;
        private final long[] keys = new long[SLOTS];   // 0: empty
        private final long[] bytesEach = new long[SLOTS];
        private final long[] lastUse = new long[SLOTS];
        @SuppressWarnings("unchecked")
        private final ArrayDeque<Object>[] free = new ArrayDeque[SLOTS];
        private final long limitBytes;
        private int used;
        private long clock;
        private long bytes;

        Shelf(long limitBytes) {
            this.limitBytes = limitBytes;
        }

        Object take(DType dtype, int size) {
            int i = find(key(dtype, size));
            if (keys[i] == 0) return null;
            lastUse[i] = ++clock;
            Object a = free[i].pollLast();
            if (a != null) bytes -= bytesEach[i];
            return a;
        }

        void put(DType dtype, int size, Object array) {
            long each = ARRAY_HEADER_BYTES + (long) size * dtype.byteSize();
            if (each > limitBytes) return;
            long key = key(dtype, size);
            int i = find(key);
            if (keys[i] == 0) {
                if (used == SLOTS * 3 / 4) {   // many sizes came and went: start afresh
                    java.util.Arrays.fill(keys, 0);
                    java.util.Arrays.fill(free, null);
                    used = 0;
                    bytes = 0;
                    i = find(key);
                }
                keys[i] = key;
                bytesEach[i] = each;
                free[i] = new ArrayDeque<>();
                used++;
            }
            lastUse[i] = ++clock;
            while (bytes + each > limitBytes) {
                int stale = leastRecentlyUsed(i);
                if (stale < 0) return;   // this size's own arrays fill the shelf
                bytes -= bytesEach[stale] * free[stale].size();
                free[stale].clear();
            }
            free[i].addLast(array);
            bytes += each;
        }

        /** The slot holding {@code key}, or the empty slot where it would go. */
        private int find(long key) {
            int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> 56) & (SLOTS - 1);
            while (keys[i] != 0 && keys[i] != key) i = (i + 1) & (SLOTS - 1);
            return i;
        }

        /** The slot other than {@code keep} that holds arrays and was used longest ago; -1 if none. */
        private int leastRecentlyUsed(int keep) {
            int best = -1;
            for (int j = 0; j < SLOTS; j++) {
                if (j != keep && keys[j] != 0 && !free[j].isEmpty() && (best < 0 || lastUse[j] < lastUse[best])) best = j;
            }
            return best;
        }

        /** Never 0, which marks an empty slot. */
        private static long key(DType dtype, int size) {
            return ((long) (dtype.ordinal() + 1) << 32) | size;
        }
    }
}
