package dev.fathom.cli;

import dev.fathom.datasets.FashionMnist;
import dev.fathom.datasets.ImageDataset;
import dev.fathom.layers.Conv2D;
import dev.fathom.layers.Dense;
import dev.fathom.layers.Flatten;
import dev.fathom.layers.Initializer;
import dev.fathom.layers.MaxPool2D;
import dev.fathom.layers.Reshape;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.backend.Device;
import dev.fathom.tensor.Tensor;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The training workloads of the PyTorch anchor: one epoch of Fashion-MNIST with its MLP and its
 * CNN (batch 64, Adam at 1e-3), the test accuracy after that epoch, and the median latency of
 * predicting one sample. The epoch is timed from a freshly built model, as a user's first
 * {@code fit} runs: no warm-up, so the JIT's compile time is inside the figure.
 */
final class TrainingBench {
    private static final int BATCH = 64;
    private static final double LEARNING_RATE = 1e-3;

    /** Fashion-MNIST, read once per run: the MLP and CNN workloads train on the same images. */
    private static ImageDataset loaded;

    private TrainingBench() {}

    private static synchronized ImageDataset fashionMnist() {
        if (loaded == null) loaded = FashionMnist.load();
        return loaded;
    }

    /**
     * PyTorch's default initialization of {@code nn.Linear} and {@code nn.Conv2d} weights and biases,
     * uniform in ±1/sqrt(fan-in), so both sides train the same model from the same distribution.
     */
    private static final Initializer TORCH_DEFAULT = Initializer.varianceScaling(1.0 / 3, "fan_in", "uniform");

    /** The anchor's MLP: Flatten, 784→256 relu, 256→128 relu, 128→10. */
    static Sequential mlp() {
        return new Sequential(new Flatten(), dense(256, "relu"), dense(128, "relu"), dense(10, "linear"));
    }

    /** The anchor's CNN on 1×28×28 images (Fathom's images are channels-first). */
    static Sequential cnn() {
        return new Sequential(
                new Reshape(1, 28, 28),
                conv(32), new MaxPool2D(2),
                conv(64), new MaxPool2D(2),
                new Flatten(), dense(128, "relu"), dense(10, "linear"));
    }

    private static Dense dense(int units, String activation) {
        return new Dense(units, activation).kernelInitializer(TORCH_DEFAULT).biasInitializer(TORCH_DEFAULT);
    }

    private static Conv2D conv(int filters) {
        return new Conv2D(filters, 3).activation("relu").kernelInitializer(TORCH_DEFAULT).biasInitializer(TORCH_DEFAULT);
    }

    /** {@code fathom_mlp_epoch}, {@code fathom_mlp_acc_1epoch} and {@code fathom_mlp_predict1}. */
    static void mlpWorkload(Device d, PrintStream out) {
        requireCpu(d, "mlp");
        ImageDataset data = fashionMnist();
        Model model = compiled(mlp());
        double seconds = epochSeconds(model, data.trainImages(), data.trainLabels());
        out.printf("%smlp_epoch %.2f s%n", BenchCommand.prefix(d), seconds);
        hardwareFraction(d, out, "mlp", MLP_FLOPS_PER_SAMPLE * data.trainCount(), seconds);
        out.printf("%smlp_acc_1epoch %.4f acc%n", BenchCommand.prefix(d), accuracy(model, data));
        out.printf("%smlp_predict1 %.1f us%n", BenchCommand.prefix(d), predictOneMicros(model, data.testImages().slice(0, 0, 1)));
    }

    /** {@code fathom_cnn_epoch_<N>} on the first N training images (CNN_SAMPLES, default 60000) and {@code fathom_cnn_acc_1epoch}. */
    static void cnnWorkload(Device d, PrintStream out) {
        requireCpu(d, "cnn");
        ImageDataset data = fashionMnist();
        int limit = Math.min(data.trainCount(), Integer.parseInt(System.getenv().getOrDefault("CNN_SAMPLES", "60000")));
        Model model = compiled(cnn());
        double seconds = epochSeconds(model, data.trainImages().slice(0, 0, limit), data.trainLabels().slice(0, 0, limit));
        out.printf("%scnn_epoch_%d %.2f s%n", BenchCommand.prefix(d), limit, seconds);
        hardwareFraction(d, out, "cnn", CNN_FLOPS_PER_SAMPLE * limit, seconds);
        out.printf("%scnn_acc_1epoch %.4f acc%n", BenchCommand.prefix(d), accuracy(model, data));
    }

    /**
     * Models train on the CPU only for now (fathom-cuda runs tensors, not yet models: a model's
     * weights cannot move to a device): refuse rather than print a CPU time under a GPU's name.
     */
    private static void requireCpu(Device d, String workload) {
        if (d.type() != Device.Type.CPU) {
            throw new IllegalArgumentException("the " + workload + " workload trains a model, and models run on the CPU only so far;"
                    + " on " + d + " run the tensor workloads: fathom bench --device " + d + " sgemm_256 sgemm_1024");
        }
    }

    /**
     * Floating-point operations of one training step per sample of the anchor's MLP: each Dense
     * layer's forward product (2·in·out), its weight gradient (the same) and its input gradient (the
     * same again), except the first layer's input gradient, which nothing needs.
     */
    static final double MLP_FLOPS_PER_SAMPLE = 3.0 * 2 * (784 * 256 + 256 * 128 + 128 * 10) - 2.0 * 784 * 256;
    /**
     * The same for the CNN: a convolution's product is 2·filters·channels·3·3 per output pixel
     * (26×26 after the first, 11×11 after the second); the first has no input gradient.
     */
    static final double CNN_FLOPS_PER_SAMPLE = 2.0 * 2 * 32 * 9 * 26 * 26
            + 3.0 * 2 * (64 * 32 * 9 * 11 * 11 + 1600 * 128 + 128 * 10);

    /** {@code <name>_hw_fraction}: the epoch's arithmetic over its seconds, as a share of {@link PeakBench#gflops}. */
    private static void hardwareFraction(Device d, PrintStream out, String name, double flops, double seconds) {
        try {
            double peak = PeakBench.gflops();
            out.printf(java.util.Locale.ROOT, "%s%s_hw_fraction %.3f of the peak (%.1f GFLOP per epoch at %.1f GFLOPS; peak %.1f GFLOPS)%n",
                    BenchCommand.prefix(d), name, flops / 1e9 / seconds / peak, flops / 1e9, flops / 1e9 / seconds, peak);
        } catch (Exception e) {
            throw new IllegalStateException("bench: measuring the peak failed: " + e, e);
        }
    }

    private static Model compiled(Sequential model) {
        model.seed(0).build(28, 28);
        return model.compile(new Adam(LEARNING_RATE), new SparseCategoricalCrossentropy(true));
    }

    private static double epochSeconds(Model model, Tensor x, Tensor y) {
        long t0 = System.nanoTime();
        model.fit(x, y, Fit.epochs(1).batchSize(BATCH).seed(0).silent());
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double accuracy(Model model, ImageDataset data) {
        int[] predicted = model.predictClasses(data.testImages()).toIntArray();
        int[] labels = data.testLabels().toIntArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        return (double) correct / labels.length;
    }

    /**
     * The median of 2000 single-sample predictions, as the anchor times them. The anchor warms up
     * with 200 calls; a JVM needs its JIT to have compiled the path first, so this warms up for the
     * same time as the GEMM workloads: the steady state a long-running service sees.
     */
    private static double predictOneMicros(Model model, Tensor one) {
        long warmupEnd = System.nanoTime() + BenchCommand.WARMUP_NANOS;
        for (int i = 0; i < 200 || System.nanoTime() < warmupEnd; i++) model.predict(one).close();
        long[] nanos = new long[2000];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            model.predict(one).close();
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e3;
    }
}
