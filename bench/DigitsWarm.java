// Run: ./fathom bench/DigitsWarm.java [RUNS]
//
// `fathom train digits`'s workflow (Fathom.train on the built-in digits, default options, quiet) RUNS
// times (default 3) in one JVM, printing each run's wall seconds: the first pays the JIT (and the JIT
// warm-up step), the later ones show what the workflow's own work costs once every kernel is compiled.
// The tenth session's floor for the 12 s goal of issue 28 (docs/benchmarks.md).

import dev.fathom.datasets.Datasets;
import dev.fathom.workflow.Fathom;
import dev.fathom.workflow.TrainOptions;

public class DigitsWarm {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Fathom.train(Datasets.load("digits"), TrainOptions.defaults().quiet());
            System.out.printf(java.util.Locale.ROOT, "digits_run_%d %.2f s%n", i + 1, (System.nanoTime() - t0) / 1e9);
        }
    }
}
