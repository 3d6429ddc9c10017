// Run: FATHOM_THREADS=1 java --add-modules jdk.incubator.vector bench/ConvAB.java OLD.jar NEW.jar [ROUNDS] [STEP...]
//   OLD.jar and NEW.jar may each be a class path (a.jar:b.jar), for steps that need more modules than
//   fathom-tensor (STEPS=bench/SmallMlpSteps.java: fathom-nn and what it reads).
//
// An A/B of two builds of fathom-tensor on bench/ConvSteps.java's steps inside one JVM: each jar gets a
// class loader of its own, and the two builds' steps run alternately, 20 calls of A then 20 of B (B first
// every other round), so a busy neighbour slows both alike (on a shared machine separate runs minutes apart
// differ by ±25% on code that did not change). Prints per step the median over the rounds of A's and
// B's milliseconds of this thread's CPU per call and the median of the rounds' ratios A/B (above 1:
// NEW is faster). With FATHOM_THREADS=1 the CPU time is the calling thread's own.
// WALL=1 times by the wall clock instead (for FATHOM_THREADS=2; noisy on a shared machine).

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

public class ConvAB {
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        Path classes = Files.createTempDirectory("convab");
        // STEPS names another steps file (bench/CnnInference.java); ConvSteps.java is compiled beside it.
        Path source = Path.of(System.getenv().getOrDefault("STEPS", "bench/ConvSteps.java"));   // run from the checkout's root
        String main = source.getFileName().toString().replace(".java", "");
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--add-modules", "jdk.incubator.vector",
                "-cp", args[0], "-d", classes.toString(), "bench/ConvSteps.java", source.toString());
        if (rc != 0) throw new IllegalStateException("compiling " + source + " failed");
        Map<String, Runnable> a = steps(classes, args[0], main);
        Map<String, Runnable> b = steps(classes, args[1], main);
        List<String> names = args.length > 3 ? Arrays.asList(args).subList(3, args.length) : new ArrayList<>(a.keySet());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // WALL=1: wall-clock time instead of this thread's CPU, for FATHOM_THREADS > 1 (the workers' time counts then).
        boolean wall = System.getenv("WALL") != null;
        for (String name : names) {
            Runnable sa = a.get(name);
            Runnable sb = b.get(name);
            long warmEnd = System.nanoTime() + 4_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                sa.run();
                sb.run();
            }
            double[] ta = new double[rounds];
            double[] tb = new double[rounds];
            double[] ratio = new double[rounds];
            int reps = 20;
            for (int r = 0; r < rounds; r++) {
                // A B in even rounds, B A in odd ones: neither build always runs right after the other.
                boolean aFirst = r % 2 == 0;
                long c0 = wall ? System.nanoTime() : mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) (aFirst ? sa : sb).run();
                long c1 = wall ? System.nanoTime() : mx.getCurrentThreadCpuTime();
                for (int i = 0; i < reps; i++) (aFirst ? sb : sa).run();
                long c2 = wall ? System.nanoTime() : mx.getCurrentThreadCpuTime();
                ta[r] = (aFirst ? c1 - c0 : c2 - c1) / 1e6 / reps;
                tb[r] = (aFirst ? c2 - c1 : c1 - c0) / 1e6 / reps;
                ratio[r] = ta[r] / tb[r];
            }
            System.out.printf("conv_%-10s old %8.3f ms" + (wall ? "" : "/cpu") + "  new %8.3f ms" + (wall ? "" : "/cpu") + "  speed-up %.3f (median of %d alternated rounds; quartiles %.3f-%.3f)%n",
                    name, median(ta), median(tb), median(ratio), rounds, quantile(ratio, 0.25), quantile(ratio, 0.75));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Runnable> steps(Path classes, String jar, String main) throws Exception {
        List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
        for (String part : jar.split(File.pathSeparator)) urls.add(new File(part).toURI().toURL());
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);   // the backend is found through ServiceLoader
        Method steps = loader.loadClass(main).getMethod("steps");
        return (Map<String, Runnable>) steps.invoke(null);
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
