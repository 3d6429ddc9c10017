// Run: FATHOM_THREADS=1 ./fathom bench/CnnFirstSteps.java [SAMPLES]   (default 6400: 100 steps of 64)
//
// Where a cold CNN epoch's time goes: the anchor's Fashion-MNIST CNN (bench/compare cnn) fitted once
// from a fresh JVM, printing each of the first 20 steps' milliseconds (wall clock and the fitting
// thread's CPU time), then the median step of each later block of 20, so the first steps' extra cost
// (the JIT compiling the kernels) shows beside the steady step's, and the fit's process CPU time (the
// JIT's compiler threads included). With FATHOM_THREADS=1 the step figures are the calling thread's own
// CPU time: compare those on a shared machine. WARM_STEPS=K first fits a throw-away copy of the model
// for K steps of WARM_BATCH (default 4) images, to see what a warm JIT saves.

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Callback;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class CnnFirstSteps {
    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 6400;
        ImageDataset data = FashionMnist.load();
        Initializer torch = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");
        int warmSteps = Integer.parseInt(System.getenv().getOrDefault("WARM_STEPS", "0"));
        int warmBatch = Integer.parseInt(System.getenv().getOrDefault("WARM_BATCH", "4"));
        if (warmSteps > 0) {
            long w0 = System.nanoTime();
            long p0 = processCpu();
            Model warm = cnn(torch).compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
            warm.fit(data.trainImages().slice(0, 0, warmSteps * warmBatch), data.trainLabels().slice(0, 0, warmSteps * warmBatch),
                    Fit.epochs(1).batchSize(warmBatch).seed(1).silent());
            System.out.printf("warm-up %d steps of %d: %.0f ms, process cpu %.0f ms%n", warmSteps, warmBatch,
                    (System.nanoTime() - w0) / 1e6, (processCpu() - p0) / 1e6);
        }
        Sequential model = cnn(torch);
        long p0 = processCpu();
        Model m = model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<double[]> steps = new ArrayList<>();
        long[] last = {System.nanoTime(), mx.getCurrentThreadCpuTime()};
        long t0 = last[0];
        dev.fathom.models.History history = m.fit(data.trainImages().slice(0, 0, samples), data.trainLabels().slice(0, 0, samples),
                Fit.epochs(1).batchSize(64).seed(0).silent().callbacks(new Callback() {
                    @Override
                    public void onBatchEnd(Model model, int batch, Map<String, Double> logs) {
                        long now = System.nanoTime();
                        long cpu = mx.getCurrentThreadCpuTime();
                        steps.add(new double[] {(now - last[0]) / 1e6, (cpu - last[1]) / 1e6});
                        last[0] = now;
                        last[1] = cpu;
                    }
                }));
        double total = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < Math.min(20, steps.size()); i++) {
            System.out.printf("step %3d %8.1f ms %8.1f ms/cpu%n", i + 1, steps.get(i)[0], steps.get(i)[1]);
        }
        for (int s = 20; s < steps.size(); s += 20) {
            int e = Math.min(steps.size(), s + 20);
            double[] w = new double[e - s];
            double[] c = new double[e - s];
            for (int i = s; i < e; i++) {
                w[i - s] = steps.get(i)[0];
                c[i - s] = steps.get(i)[1];
            }
            Arrays.sort(w);
            Arrays.sort(c);
            System.out.printf("steps %3d-%3d median %6.1f ms %6.1f ms/cpu%n", s + 1, e, w[w.length / 2], c[c.length / 2]);
        }
        // The loss's exact bits and a checksum of the weights: two builds that must train alike print the same line.
        long weights = 0;
        for (dev.fathom.layers.Weight w : m.weights()) for (float v : w.value().toFloatArray()) weights = weights * 31 + Float.floatToIntBits(v);
        System.out.printf("loss %s weights %016x%n", Double.toHexString(history.get("loss")[0]), weights);
        System.out.printf("fit %.2f s for %d steps, process cpu %.2f s%n", total, steps.size(), (processCpu() - p0) / 1e9);
    }

    static Sequential cnn(Initializer torch) {
        Sequential model = new Sequential(new Reshape(1, 28, 28),
                new Conv2D(32, 3).activation("relu").kernelInitializer(torch).biasInitializer(torch), new MaxPool2D(2),
                new Conv2D(64, 3).activation("relu").kernelInitializer(torch).biasInitializer(torch), new MaxPool2D(2),
                new Flatten(), new Dense(128, "relu").kernelInitializer(torch).biasInitializer(torch),
                new Dense(10, "linear").kernelInitializer(torch).biasInitializer(torch));
        model.seed(0).build(28, 28);
        return model;
    }

    static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
