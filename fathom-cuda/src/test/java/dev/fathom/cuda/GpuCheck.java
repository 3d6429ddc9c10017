package dev.fathom.cuda;

import dev.fathom.backend.Device;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The device half of {@code bench/gpu-check}, run on a lent GPU machine (no Maven there): the
 * conformance suite on {@code cuda}, where a skipped test counts as a failure (the GPU must be
 * usable), then cuBLAS SGEMM throughput at n = 1024 and 4096 in the bench's line format.
 * Exits non-zero when anything failed.
 */
public final class GpuCheck {
    private GpuCheck() {}

    public static void main(String[] args) {
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                failed.incrementAndGet();
                System.out.println("SKIPPED (counts as failed on the GPU machine) " + test.getDisplayName() + ": " + reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) return;
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.incrementAndGet();
                    System.out.println("ok     " + test.getDisplayName());
                } else {
                    failed.incrementAndGet();
                    System.out.println("FAILED " + test.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::toString).orElse(result.getStatus().toString()));
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CudaConformanceTest.class)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        System.out.println("fathom_cuda_conformance " + passed.get() + " passed, " + failed.get() + " failed");
        if (failed.get() == 0) {
            for (int n : new int[] {1024, 4096}) System.out.printf("fathom_cuda_sgemm_%d %.1f GFLOPS%n", n, sgemm(n));
        }
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    /** GFLOPS of an n×n float32 product on the GPU: warm-up, then the median of five timed rounds. */
    static double sgemm(int n) {
        Device d = Device.cuda();
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, n, n).to(d);
        Tensor b = Tensor.randn(g, n, n).to(d);
        int reps = n >= 4096 ? 20 : 200;
        for (int i = 0; i < 20; i++) a.matmul(b).close();
        d.synchronize();
        double[] seconds = new double[5];
        for (int round = 0; round < seconds.length; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) a.matmul(b).close();
            d.synchronize();
            seconds[round] = (System.nanoTime() - t0) / 1e9 / reps;
        }
        Arrays.sort(seconds);
        return 2.0 * n * n * n / seconds[2] / 1e9;
    }
}
