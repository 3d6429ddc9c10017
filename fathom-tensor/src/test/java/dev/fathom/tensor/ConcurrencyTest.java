package dev.fathom.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The engine used from several threads at once, and failures inside parallel loops. */
class ConcurrencyTest {

    @Test
    void threadsSharingTheCpuWorkersGetTheSameResults() throws InterruptedException {
        Generator g = new Generator(70);
        Tensor a = Tensor.randn(g, 300, 200);
        Tensor b = Tensor.randn(g, 200, 150);
        // Exact ops only: the Vector API's transcendentals may differ by an ulp before and after JIT compilation.
        float[] product = a.matmul(b).toFloatArray();
        float[] rowSums = a.t().sum(1, false).toFloatArray();
        float[] elementwise = a.mul(a).add(a.t().t()).maximum(0.5).toFloatArray();
        Throwable[] failure = new Throwable[1];
        Runnable work = () -> {
            try {
                for (int i = 0; i < 60; i++) {
                    assertArrayEquals(product, a.matmul(b).toFloatArray());
                    assertArrayEquals(rowSums, a.t().sum(1, false).toFloatArray());
                    assertArrayEquals(elementwise, a.mul(a).add(a.t().t()).maximum(0.5).toFloatArray());
                }
            } catch (Throwable e) {
                failure[0] = e;
            }
        };
        Thread t1 = new Thread(work);
        Thread t2 = new Thread(work);
        t1.start();
        t2.start();
        work.run();
        t1.join();
        t2.join();
        if (failure[0] != null) throw new AssertionError("concurrent use gave different results", failure[0]);
    }

    @Test
    void anExceptionInAParallelLoopReachesTheCaller() {
        int[] idx = new int[400 * 300];
        idx[idx.length - 1] = 999; // in the last chunk, which a worker thread runs
        Tensor x = Tensor.zeros(400, 300);
        for (int i = 0; i < 3; i++) {
            assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.of(idx, 400, 300)));
        }
        // The workers are still usable afterwards.
        assertEquals(400 * 300, Tensor.ones(400, 300).sum().item());
        assertEquals(0, x.gather(1, Tensor.of(new int[400 * 300], 400, 300)).sum().item());
    }
}
