package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
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
        // Outside the scope the pool is used again: each chunk waits until the other has started, so
        // the two can only finish on two threads.
        java.util.Set<Thread> after = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        Parallel.forRange(1000, 1, (s, e) -> {
            after.add(Thread.currentThread());
            both.countDown();
            try {
                if (!both.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("the other chunk never started");
            } catch (InterruptedException ie) {
                throw new AssertionError(ie);
            }
        });
        assertEquals(2, after.size());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theCallerTakesTheChunksAWorkerHasNoTimeFor() throws Exception {
        // The worker is held inside the first chunk it claims until the caller has run seven: chunks
        // are claimed, not assigned, so the call completes with the caller doing all the others.
        Threads.set(2);
        Thread caller = Thread.currentThread();
        java.util.concurrent.CountDownLatch workerStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch callerRanSeven = new java.util.concurrent.CountDownLatch(7);
        AtomicIntegerArray ranOn = new AtomicIntegerArray(8);   // 1: the caller, 2: a worker
        Parallel.forChunks(8, 8, (s, e) -> {
            boolean mine = Thread.currentThread() == caller;
            try {
                if (mine) {
                    // The caller's first chunk waits for the worker to hold one, so the split is sure.
                    if (!workerStarted.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("no worker started");
                } else {
                    workerStarted.countDown();
                    if (!callerRanSeven.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("the caller stalled");
                }
            } catch (InterruptedException ie) {
                throw new AssertionError(ie);
            }
            for (int i = s; i < e; i++) ranOn.set(i, mine ? 1 : 2);
            if (mine) callerRanSeven.countDown();
        });
        int byCaller = 0;
        for (int i = 0; i < 8; i++) {
            if (ranOn.get(i) == 0) throw new AssertionError("chunk " + i + " never ran");
            if (ranOn.get(i) == 1) byCaller++;
        }
        assertEquals(7, byCaller);
    }

    @Test
    void chunksSplitTheRangeTheSameWayWhoeverRunsThem() {
        Threads.set(2);
        java.util.List<String> ranges = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Parallel.forChunks(10, 4, (s, e) -> ranges.add(s + "-" + e));
        java.util.Collections.sort(ranges);
        assertEquals(java.util.List.of("0-2", "2-5", "5-7", "7-10"), ranges);
        // More chunks than items: one item each.
        java.util.Set<Integer> single = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Parallel.forChunks(3, 8, (s, e) -> { assertEquals(s + 1, e); single.add(s); });
        assertEquals(java.util.Set.of(0, 1, 2), single);
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
