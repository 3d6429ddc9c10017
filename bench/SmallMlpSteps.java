// Run: FATHOM_THREADS=1 ./fathom bench/SmallMlpSteps.java [ROUNDS]
//   or, to A/B two builds in one JVM (each a class path of the modules' jars):
//   STEPS=bench/SmallMlpSteps.java FATHOM_THREADS=1 java --add-modules jdk.incubator.vector bench/ConvAB.java OLD_CP NEW_CP 9 small_mlp
//
// The per-step cost of the small networks `fathom train` fits on a table by the dozen (digits: 1,437
// rows, 61 prepared columns, 10 classes): Dense(64, relu), Dropout(0.1), Dense(10), Adam, batch 32,
// a tenth of the rows held out for validation as the workflow does. At this size a step's arithmetic
// is a few microseconds, so the figure is the framework's own cost per step (graph, allocation,
// kernels' call overhead). Fits 10 epochs per round after 6 warm-up rounds and prints
// `small_mlp_step <microseconds of this thread's CPU per step> us/cpu <wall us> us <final loss>`:
// the median of ROUNDS (default 7). The loss must be the same in both builds of an A/B.

import dev.fathom.layers.Dense;
import dev.fathom.layers.Dropout;
import dev.fathom.losses.SparseCategoricalCrossentropy;
import dev.fathom.models.Fit;
import dev.fathom.models.History;
import dev.fathom.models.Model;
import dev.fathom.models.Sequential;
import dev.fathom.optimizers.Adam;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

public class SmallMlpSteps {
    static final int ROWS = 1149, FEATURES = 61, CLASSES = 10, EPOCHS = 10, BATCH = 32;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, ROWS, FEATURES);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) labels[i] = g.nextInt(CLASSES);
        Tensor y = Tensor.of(labels, ROWS);
        int steps = EPOCHS * ((ROWS - ROWS / 10 + BATCH - 1) / BATCH);
        var bean = ManagementFactory.getThreadMXBean();
        for (int w = 0; w < 6; w++) fit(x, y);
        double[] cpu = new double[rounds], wall = new double[rounds];
        double loss = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            loss = fit(x, y);
            cpu[r] = (bean.getCurrentThreadCpuTime() - c0) / 1e3 / steps;
            wall[r] = (System.nanoTime() - t0) / 1e3 / steps;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(java.util.Locale.ROOT, "small_mlp_step %.1f us/cpu %.1f us %.6f loss%n", cpu[rounds / 2], wall[rounds / 2], loss);
    }

    /** For bench/ConvAB.java: {@code small_mlp}, one fit of two epochs from a new model. */
    public static java.util.Map<String, Runnable> steps() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, ROWS, FEATURES);
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) labels[i] = g.nextInt(CLASSES);
        Tensor y = Tensor.of(labels, ROWS);
        return java.util.Map.of("small_mlp", () -> fit(x, y, 2));
    }

    static double fit(Tensor x, Tensor y) {
        return fit(x, y, EPOCHS);
    }

    static double fit(Tensor x, Tensor y, int epochs) {
        Sequential net = new Sequential(new Dense(64, "relu"), new Dropout(0.1), new Dense(CLASSES, "linear"));
        net.seed(0).build(FEATURES);
        Model model = net.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        History h = model.fit(x, y, Fit.epochs(epochs).batchSize(BATCH).validationSplit(0.1).seed(0).silent());
        return h.get("loss")[epochs - 1];
    }
}
