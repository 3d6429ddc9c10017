package dev.fathom.cli;

import dev.fathom.backend.Threads;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.concurrent.CyclicBarrier;

/**
 * The hardware limit the training figures are compared with: float32 multiply-adds per second
 * when every thread does nothing else (twelve independent fused multiply-add chains held in vector
 * registers, enough to cover the instruction's latency on two FMA units), measured rather than
 * taken from a data sheet, since a virtual machine's vCPUs may be hyper-threads of one core.
 * Prints {@code fathom_peak_gflops}; the {@code mlp} and {@code cnn} workloads divide their
 * epoch's floating-point work by it ({@code _hw_fraction}).
 *
 * <pre>{@code
 * ./fathom bench --threads 2 peak mlp
 * }</pre>
 */
final class PeakBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Iterations of the twelve chains per timed call: about 17 ms per call on a 3 GHz core with two FMA units. */
    private static final int ITERATIONS = 1 << 23;
    private static final int CHAINS = 12;

    private static double peak;

    private PeakBench() {}

    static void workload(dev.fathom.backend.Device d, PrintStream out) throws Exception {
        out.printf("fathom_peak_gflops %.1f GFLOPS (%d threads, %d-lane float32 FMA)%n", gflops(), Threads.count(), S.length());
    }

    /** The median of seven rounds, every thread at once; measured once per process. */
    static synchronized double gflops() throws Exception {
        if (peak > 0) return peak;
        int threads = Threads.count();
        long warmupEnd = System.nanoTime() + 500_000_000L;   // the JIT compiles the loop fully first
        while (System.nanoTime() < warmupEnd) chains(1 << 12, 1f);
        double[] seconds = new double[7];
        for (int round = 0; round < seconds.length; round++) {
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            CyclicBarrier end = new CyclicBarrier(threads + 1);
            float[] sink = new float[threads];
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers[t] = new Thread(() -> {
                    try {
                        start.await();
                        sink[id] = chains(ITERATIONS, 1f + id);
                        end.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                workers[t].start();
            }
            start.await();
            long t0 = System.nanoTime();
            end.await();
            seconds[round] = (System.nanoTime() - t0) / 1e9;
            for (Thread w : workers) w.join();
            if (Float.isNaN(sink[0])) throw new IllegalStateException("peak: the chains gave NaN");
        }
        Arrays.sort(seconds);
        double flops = 2.0 * CHAINS * S.length() * (double) ITERATIONS * threads;
        peak = flops / seconds[seconds.length / 2] / 1e9;
        return peak;
    }

    /**
     * Twelve independent accumulators, each {@code acc = x·y + acc} as a GEMM's inner loop does;
     * the result is returned so the JIT cannot drop the work. (The form matters: with the
     * accumulator as a multiplicand, {@code acc = acc·x + y}, the same twelve chains measured 20%
     * slower on one thread here.)
     */
    private static float chains(int iterations, float seed) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(S, seed), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = x.fma(y, c0); c1 = x.fma(y, c1); c2 = x.fma(y, c2); c3 = x.fma(y, c3);
            c4 = x.fma(y, c4); c5 = x.fma(y, c5); c6 = x.fma(y, c6); c7 = x.fma(y, c7);
            c8 = x.fma(y, c8); c9 = x.fma(y, c9); c10 = x.fma(y, c10); c11 = x.fma(y, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(
                jdk.incubator.vector.VectorOperators.ADD);
    }
}
