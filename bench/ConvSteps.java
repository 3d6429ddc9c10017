// Run: FATHOM_THREADS=1 ./fathom bench/ConvSteps.java [STEP...]
//   or, to A/B two builds of fathom-tensor (KERNELS=conv bench/sgemm_ab OLD.jar NEW.jar runs this file):
//   java --add-modules jdk.incubator.vector -cp OLD_OR_NEW.jar bench/ConvSteps.java [STEP...]
//
// Milliseconds per call of the pieces of the anchor's CNN step at batch 64 other than the GEMMs
// (bench/SgemmShapes.java times those): im2col of each convolution's input, max pooling of each
// convolution's output, and one whole training step of the two convolution blocks (conv 3x3 + relu +
// pool 2x2, forward and backward). Each warms up for 3 s, then prints the median of 5 rounds as
// `conv_<step> <ms by wall clock> ms <ms of CPU time> ms/cpu`; with FATHOM_THREADS=1 the CPU time is the
// calling thread's own, the figure to compare on a shared machine.

import dev.fathom.tensor.Convolution;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

public class ConvSteps {
    public static void main(String[] args) {
        Map<String, Runnable> steps = steps();
        for (String name : args.length > 0 ? Arrays.asList(args) : steps.keySet()) time(name, steps.get(name));
    }

    /** The steps by name, each a Runnable (bench/ConvAB.java runs two builds' steps in one JVM through this). */
    public static Map<String, Runnable> steps() {
        Generator g = new Generator(0);
        Tensor x1 = Tensor.randn(g, 64, 1, 28, 28);
        Tensor x2 = Tensor.randn(g, 64, 32, 13, 13);
        Tensor y1 = Tensor.randn(g, 64, 32, 26, 26);
        Tensor y2 = Tensor.randn(g, 64, 64, 11, 11);
        Tensor w1 = Tensor.randn(g, 32, 1, 3, 3).mul(0.3).requiresGrad(true);
        Tensor w2 = Tensor.randn(g, 64, 32, 3, 3).mul(0.06).requiresGrad(true);
        Tensor b1 = Tensor.zeros(32).requiresGrad(true);
        Tensor b2 = Tensor.zeros(64).requiresGrad(true);
        int[] valid = Convolution.valid();
        Map<String, Runnable> steps = new LinkedHashMap<>();
        steps.put("im2col1", () -> Convolution.unfold(x1, 3, 3, 1, 1, valid, 1, 1, 0).close());
        steps.put("im2col2", () -> Convolution.unfold(x2, 3, 3, 1, 1, valid, 1, 1, 0).close());
        steps.put("pool1", () -> Convolution.maxPool2d(y1, 2, 2, 2, 2).close());
        steps.put("pool2", () -> Convolution.maxPool2d(y2, 2, 2, 2, 2).close());
        // The same in training, where the winners are recorded for the gradient.
        Tensor y1r = y1.mul(1).requiresGrad(true);
        Tensor y2r = y2.mul(1).requiresGrad(true);
        steps.put("pool1_train", () -> Convolution.maxPool2d(y1r, 2, 2, 2, 2).close());
        steps.put("pool2_train", () -> Convolution.maxPool2d(y2r, 2, 2, 2, 2).close());
        steps.put("blocks", () -> {
            Tensor h = Convolution.maxPool2d(Convolution.conv2d(x1, w1, b1, 1, 1, valid, 1, 1).relu(), 2, 2, 2, 2);
            Tensor o = Convolution.maxPool2d(Convolution.conv2d(h, w2, b2, 1, 1, valid, 1, 1).relu(), 2, 2, 2, 2);
            o.sum().backward();
            w1.zeroGrad();
            w2.zeroGrad();
            b1.zeroGrad();
            b2.zeroGrad();
        });
        return steps;
    }

    static void time(String name, Runnable step) {
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) step.run();
        double[] wall = new double[5];
        double[] cpu = new double[5];
        int reps = 20;
        for (int round = 0; round < 5; round++) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) step.run();
            wall[round] = (System.nanoTime() - t0) / 1e6 / reps;
            cpu[round] = (cpuNanos() - c0) / 1e6 / reps;
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("conv_%s %.3f ms %.3f ms/cpu%n", name, wall[2], cpu[2]);
    }

    static long cpuNanos() {
        if (dev.fathom.backend.Parallel.threads() == 1) return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
