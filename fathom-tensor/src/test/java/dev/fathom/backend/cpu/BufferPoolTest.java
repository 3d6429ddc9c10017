package dev.fathom.backend.cpu;

import dev.fathom.backend.DType;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which released arrays come back, to which thread, and what a full cache lets go. */
class BufferPoolTest {

    @Test
    void aSmallArrayComesBackToTheThreadThatReleasedItOnly() throws Exception {
        BufferPool pool = new BufferPool();
        float[] a = new float[2048];
        pool.give(DType.FLOAT32, a);
        AtomicReference<Object> elsewhere = new AtomicReference<>("unset");
        Thread other = new Thread(() -> elsewhere.set(pool.take(DType.FLOAT32, 2048)));
        other.start();
        other.join();
        assertNull(elsewhere.get(), "another thread's cache is its own");
        assertNull(pool.take(DType.FLOAT64, 2048), "the type is part of the key");
        assertNull(pool.take(DType.FLOAT32, 2047), "so is the length");
        assertSame(a, pool.take(DType.FLOAT32, 2048));
        assertNull(pool.take(DType.FLOAT32, 2048), "handed out once");
    }

    @Test
    void aLargeArrayIsSharedAcrossThreads() throws Exception {
        BufferPool pool = new BufferPool();
        float[] a = new float[1 << 16];
        pool.give(DType.FLOAT32, a);
        AtomicReference<Object> elsewhere = new AtomicReference<>();
        Thread other = new Thread(() -> elsewhere.set(pool.take(DType.FLOAT32, 1 << 16)));
        other.start();
        other.join();
        assertSame(a, elsewhere.get());
    }

    @Test
    void aFullCacheLetsGoOfTheSizesUsedLeastRecently() {
        BufferPool pool = new BufferPool();
        // The thread's cache holds 2 MiB: arrays of 64 KiB (16,384 floats) fill it.
        int stale = 16_384;
        int current = 16_383;
        for (int i = 0; i < 32; i++) pool.give(DType.FLOAT32, new float[stale]);
        float[] kept = new float[current];
        pool.give(DType.FLOAT32, kept);   // the stale size makes room for the size in use
        assertSame(kept, pool.take(DType.FLOAT32, current));
        assertNull(pool.take(DType.FLOAT32, stale), "the least recently used size was dropped whole");
    }

    @Test
    void manySizesComingAndGoingDoNotFillTheShelf() {
        BufferPool pool = new BufferPool();
        // More distinct sizes than the shelf has places for: it starts afresh and keeps working.
        for (int size = 1; size <= 1000; size++) pool.give(DType.INT32, new int[size]);
        int[] last = new int[1000];
        assertNull(pool.take(DType.INT32, 1000 - 400), "sizes from before the fresh start are gone");
        pool.give(DType.INT32, last);
        assertSame(last, pool.take(DType.INT32, 1000));
        float[] f = new float[7];
        pool.give(DType.FLOAT32, f);
        assertSame(f, pool.take(DType.FLOAT32, 7));
    }

    @Test
    void emptyArraysAreNotKept() {
        BufferPool pool = new BufferPool();
        pool.give(DType.FLOAT32, new float[0]);
        assertNull(pool.take(DType.FLOAT32, 0));
    }
}
