package dev.fathom.trees;

import dev.fathom.backend.Threads;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The tree threads run every item once, pass a failure on, and run nested calls on the calling thread. */
class TreeThreadsTest {
    static void withThreads(int n, Runnable r) {
        int before = Threads.count();
        try {
            Threads.set(n);
            r.run();
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void everyItemRunsOnceAndNestedCallsStayOnTheirThread() {
        withThreads(3, () -> {
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            AtomicIntegerArray nested = new AtomicIntegerArray(100);
            TreeThreads.forEach(100, i -> {
                runs.incrementAndGet(i);
                Thread outer = Thread.currentThread();
                TreeThreads.forEach(4, k -> {
                    if (Thread.currentThread() == outer) nested.incrementAndGet(i);
                });
            });
            for (int i = 0; i < 100; i++) {
                assertEquals(1, runs.get(i), "item " + i);
                assertEquals(4, nested.get(i), "nested items of " + i + " on its thread");
            }
        });
    }

    @Test
    void aFailureIsPassedOnAndTheRestStop() {
        withThreads(3, () -> {
            IllegalArgumentException boom = new IllegalArgumentException("item 7 is bad");
            var e = assertThrows(IllegalArgumentException.class, () -> TreeThreads.forEach(1000, i -> {
                if (i == 7) throw boom;
            }));
            assertSame(boom, e);
            AtomicIntegerArray after = new AtomicIntegerArray(10);
            TreeThreads.forEach(10, after::incrementAndGet);   // the pool still works
            for (int i = 0; i < 10; i++) assertEquals(1, after.get(i));
        });
    }
}
