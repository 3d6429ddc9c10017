package dev.fathom.cli;

import dev.fathom.backend.Threads;
import dev.fathom.backend.Device;
import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code fathom bench}: prints one {@code name value unit} line per figure, named like the PyTorch
 * anchor's lines ({@code ../shared/anchors/torch_anchor.py}) with the prefix {@code fathom_}, so the
 * two compare line by line when run on the same machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Fathom's speed on the workloads of the PyTorch anchor.")
final class BenchCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD",
            description = "Workloads to run (default: all): ${COMPLETION-CANDIDATES}",
            completionCandidates = WorkloadNames.class)
    List<String> workloads;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--threads", description = "CPU threads (default: all cores)")
    Integer threads;

    private final PrintStream out = System.out;

    /** The workloads, in the order they run. */
    static Map<String, Workload> all() {
        Map<String, Workload> w = new LinkedHashMap<>();
        w.put("sgemm_256", (d, p) -> p.printf("%ssgemm_256 %.1f GFLOPS%n", prefix(d), sgemm(d, 256, 200)));
        w.put("sgemm_1024", (d, p) -> p.printf("%ssgemm_1024 %.1f GFLOPS%n", prefix(d), sgemm(d, 1024, 20)));
        w.put("peak", PeakBench::workload);
        w.put("mlp", TrainingBench::mlpWorkload);
        w.put("cnn", TrainingBench::cnnWorkload);
        w.put("csv", CsvBench::workload);
        w.put("cv", CvBench::workload);
        w.put("lstm", LstmBench::workload);
        w.put("transformer", TransformerBench::workload);
        return w;
    }

    @FunctionalInterface
    interface Workload {
        void run(Device device, PrintStream out) throws Exception;
    }

    static final class WorkloadNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return all().keySet().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (threads != null) Threads.set(threads);
        Device d = Device.parse(device);
        d.backend(); // fail early, with the backend's own explanation, if the device is unusable
        Map<String, Workload> available = all();
        List<String> names = workloads == null || workloads.isEmpty() ? List.copyOf(available.keySet()) : workloads;
        for (String name : names) {
            if (!available.containsKey(name)) {
                throw new IllegalArgumentException("unknown workload '" + name + "'; choose from " + available.keySet());
            }
        }
        for (String name : names) available.get(name).run(d, out);
        return 0;
    }

    static String prefix(Device d) {
        return d.type() == Device.Type.CPU ? "fathom_" : "fathom_cuda_";
    }

    /** Warm-up time: the JIT compiles the kernels and their parallel paths in stages, over about a second. */
    static final long WARMUP_NANOS = 1_500_000_000L;

    /** GFLOPS of an n×n by n×n float32 product, after warm-up so the JIT has compiled the kernel. */
    static double sgemm(Device d, int n, int reps) {
        Generator g = new Generator(0);
        Tensor a = Tensor.randn(g, n, n).to(d);
        Tensor b = Tensor.randn(g, n, n).to(d);
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        for (int i = 0; i < 30 || System.nanoTime() < warmupEnd; i++) {
            try (Tensor c = a.matmul(b)) {
                // closing hands the result's buffer back, as a training loop does
            }
        }
        d.synchronize();
        // The median of five timed rounds: one round on a shared machine can land on a noisy moment.
        double[] seconds = new double[5];
        for (int round = 0; round < seconds.length; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                try (Tensor c = a.matmul(b)) {
                    // timed
                }
            }
            d.synchronize();
            seconds[round] = (System.nanoTime() - t0) / 1e9 / reps;
        }
        java.util.Arrays.sort(seconds);
        return 2.0 * n * n * n / seconds[seconds.length / 2] / 1e9;
    }
}
