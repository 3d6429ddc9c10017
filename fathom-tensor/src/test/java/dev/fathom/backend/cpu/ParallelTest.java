package dev.fathom.backend.cpu;

import dev.fathom.backend.Threads;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParallelTest {
    private final int before = Threads.count();

    @AfterEach
    void restore() {
        Threads.set(before);
    }

    @Test
    void everyIndexRunsOnceAcrossThreads() {
        Threads.set(3);
        AtomicIntegerArray seen = new AtomicIntegerArray(1000);
        Parallel.forRange(1000, 1, (s, e) -> { for (int i = s; i < e; i++) seen.incrementAndGet(i); });
        for (int i = 0; i < 1000; i++) assertEquals(1, seen.get(i), "index " + i);
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // re-entering the pool used to hang
    void aNestedLoopRunsWhollyInsideItsChunk() {
        // The caller runs chunk 0 itself; a kernel it calls from there (a product inside a per-sample
        // loop) must run serially rather than re-enter the pool it is holding.
        Threads.set(2);
        int outer = 8;
        int inner = 500;
        AtomicIntegerArray seen = new AtomicIntegerArray(outer * inner);
        Parallel.forRange(outer, 1, (s, e) -> {
            for (int o = s; o < e; o++) {
                int base = o * inner;
                Parallel.forRange(inner, 1, (a, b) -> { for (int i = a; i < b; i++) seen.incrementAndGet(base + i); });
            }
        });
        for (int i = 0; i < outer * inner; i++) assertEquals(1, seen.get(i), "index " + i);
    }

    @Test
    void seriallyKeepsEveryKernelOnTheCallingThread() throws Exception {
        Threads.set(2);
        Thread caller = Thread.currentThread();
        java.util.Set<Thread> ran = java.util.concurrent.ConcurrentHashMap.newKeySet();
        int sum = Threads.serially(() -> {
            Parallel.forRange(1000, 1, (s, e) -> ran.add(Thread.currentThread()));
            return 7;
        });
        assertEquals(7, sum);
        assertEquals(java.util.Set.of(caller), ran);
        // Outside the scope the pool is used again.
        java.util.Set<Thread> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Parallel.forRange(1000, 1, (s, e) -> after.add(Thread.currentThread()));
        assertEquals(2, after.size());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)   // a pool stopped under its caller used to hang it
    void changingTheThreadCountWhileAnotherThreadRunsKernelsLosesNoWork() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.IntConsumer sums = rounds -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
                    Parallel.forRange(1000, 1, (s, e) -> { long t = 0; for (int i = s; i < e; i++) t += i; sum.addAndGet(t); });
                    if (sum.get() != 999L * 1000 / 2) throw new AssertionError("round " + r + ": sum " + sum.get());
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
        Thread kernels = new Thread(() -> sums.accept(20_000), "kernels");
        Thread resizer = new Thread(() -> {
            for (int r = 0; r < 500 && failure.get() == null; r++) {
                Threads.set(2 + r % 2);   // 2, 3, 2, ...: the pool is remade each time
                sums.accept(1);
            }
        }, "resizer");
        kernels.setDaemon(true);   // a hang must fail this test, not keep the test JVM alive
        resizer.setDaemon(true);
        kernels.start();
        resizer.start();
        kernels.join();
        resizer.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
    }
}
