// Run: FATHOM_THREADS=2 ./fathom bench/MlpEpoch.java
//   or, to A/B two builds of fathom-tensor (and fathom-nn), alternating in one go: bench/mlp_ab
//
// One epoch of the PyTorch anchor's MLP on Fashion-MNIST (Flatten, 784→256 relu, 256→128 relu, 128→10;
// batch 64, Adam at 1e-3, PyTorch's default initialization), from a freshly built model as
// `fathom bench mlp` times it (the JIT's compile time inside the figure), without the peak and
// prediction workloads around it. Prints `mlp_epoch <wall> s <cpu> s/cpu <accuracy> acc`: the epoch's
// wall clock, the CPU time of the whole process over the epoch (all threads: spinning and the JIT's
// compiler threads count; on a shared machine it is the steadier of the two), and the test accuracy
// after it, which must be the same in both builds of an A/B (the same seed gives the same bits).

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Initializer;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;

import java.lang.management.ManagementFactory;

public class MlpEpoch {
    public static void main(String[] args) {
        ImageDataset data = FashionMnist.load();
        Initializer torchDefault = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");
        Sequential mlp = new Sequential(new Flatten(),
                new Dense(256, "relu").kernelInitializer(torchDefault).biasInitializer(torchDefault),
                new Dense(128, "relu").kernelInitializer(torchDefault).biasInitializer(torchDefault),
                new Dense(10, "linear").kernelInitializer(torchDefault).biasInitializer(torchDefault));
        mlp.seed(0).build(28, 28);
        Model model = mlp.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        model.fit(data.trainImages(), data.trainLabels(), Fit.epochs(1).batchSize(64).seed(0).silent());
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        int[] predicted = model.predictClasses(data.testImages()).toIntArray();
        int[] labels = data.testLabels().toIntArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        System.out.printf(java.util.Locale.ROOT, "mlp_epoch %.2f s %.2f s/cpu %.4f acc%n", wall, cpu, (double) correct / labels.length);
    }
}
