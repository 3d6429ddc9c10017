// Run: FATHOM_THREADS=2 ./fathom bench/SgemmShapes.java [SHAPE...]
//   or, to A/B two builds of fathom-tensor, alternating in one go: bench/sgemm_ab OLD.jar NEW.jar
//   java --add-modules jdk.incubator.vector -cp OLD_OR_NEW.jar bench/SgemmShapes.java [SHAPE...]
//
// GFLOPS of Sgemm.gemm on the shapes that the figures exercise: the square products of
// `fathom bench sgemm_256/sgemm_1024` and the products of one training step of the anchor's CNN at
// batch 64 (forward kernel x cols, the kernel gradient dY x cols^T, the input gradient W^T x dY).
// SHAPE is one of the names below or TA:TB:M:N:K with TA/TB as t or n (e.g. n:t:64:288:7744).
// Each shape warms up for 3 s (C2 compiles a new path after 1-2 s on a loaded machine), then prints the median of 5 rounds as
// `sgemm_<shape> <GFLOPS by wall clock> GFLOPS <GFLOPS per CPU-second of all threads> GFLOPS/cpu`; the
// second figure is the one to compare on a shared machine (it does not count time spent waiting for a core;
// with one thread it is the calling thread's CPU time, so the JIT's and GC's threads do not count either).

import dev.fathom.backend.cpu.Sgemm;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

public class SgemmShapes {
    static final Map<String, String> NAMED = new LinkedHashMap<>();
    static {
        NAMED.put("256", "n:n:256:256:256");
        NAMED.put("1024", "n:n:1024:1024:1024");
        // conv 1 (1 -> 32 channels, 28x28 -> 26x26, batch 64): forward and kernel gradient
        NAMED.put("conv1_fwd", "n:n:32:43264:9");
        NAMED.put("conv1_dw", "n:t:32:9:43264");
        // conv 2 (32 -> 64 channels, 13x13 -> 11x11): forward, kernel gradient, input gradient
        NAMED.put("conv2_fwd", "n:n:64:7744:288");
        NAMED.put("conv2_dw", "n:t:64:288:7744");
        NAMED.put("conv2_dx", "t:n:288:7744:64");
        // the dense layer 1600 -> 128 at batch 64: forward, kernel gradient, input gradient
        NAMED.put("dense_fwd", "n:n:64:128:1600");
        NAMED.put("dense_dw", "t:n:1600:128:64");
        NAMED.put("dense_dx", "n:t:64:1600:128");
        // predicting one sample with the anchor's MLP: its 128 -> 10 output layer (the m <= 2 path)
        NAMED.put("predict_out", "n:n:1:10:128");
    }

    public static void main(String[] args) {
        String[] shapes = args.length > 0 ? args : NAMED.keySet().toArray(new String[0]);
        for (String name : shapes) run(name, NAMED.getOrDefault(name, name));
    }

    static void run(String name, String spec) {
        String[] p = spec.split(":");
        boolean ta = p[0].equals("t");
        boolean tb = p[1].equals("t");
        int m = Integer.parseInt(p[2]), n = Integer.parseInt(p[3]), k = Integer.parseInt(p[4]);
        Random r = new Random(0);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        int lda = ta ? m : k;
        int ldb = tb ? k : n;
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(1, 2e9 / flops);
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) Sgemm.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        double[] wall = new double[5];
        double[] cpu = new double[5];
        for (int round = 0; round < 5; round++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) Sgemm.gemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            wall[round] = (System.nanoTime() - t0) / 1e9;
            cpu[round] = (processCpuNanos() - c0) / 1e9;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("sgemm_%s %.1f GFLOPS %.1f GFLOPS/cpu%n", name, flops * reps / wall[2] / 1e9, flops * reps / cpu[2] / 1e9);
    }

    /** The calling thread's CPU time when Sgemm runs on it alone (FATHOM_THREADS=1), else the process's. */
    static long processCpuNanos() {
        if (dev.fathom.backend.Parallel.threads() == 1) return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
