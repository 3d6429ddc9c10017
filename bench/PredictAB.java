// Run: java --add-modules jdk.incubator.vector bench/PredictAB.java OLD_LIB NEW_LIB [THREADS] [ROUNDS]
//
// An A/B of two builds on bench/compare's mlp_predict1: model.predict on one sample of the MLP
// 784-256-128-10, inside one JVM. OLD_LIB and NEW_LIB are folders of each build's jars (a built
// checkout's fathom-cli/target/lib); each gets a class loader of its own, and the two builds' predicts
// run alternately, 2,000 calls of A then 2,000 of B per round (default 15 rounds, THREADS kernel
// threads, default 2), so a busy neighbour slows both alike. Prints whether the two outputs are the
// same bits, then the median over the rounds of each round's median microseconds per call, and the
// median of the rounds' ratios B/A (below 1: NEW is faster). Swap the arguments for an A/A control.
//
//   git worktree add /tmp/old 4e2e1bc && (cd /tmp/old && ./fathom --version)   # builds its lib
//   java --add-modules jdk.incubator.vector bench/PredictAB.java /tmp/old/fathom-cli/target/lib fathom-cli/target/lib

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One build's model and input, reached by reflection through its own class loader. */
record Side(Object model, Object one, Method predict, Method close, Method toFloatArray) {
    static Side load(String lib, int threads) throws Exception {
        List<URL> urls = new ArrayList<>();
        try (var files = Files.list(Path.of(lib))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) urls.add(p.toUri().toURL());
        }
        if (urls.isEmpty()) throw new IllegalArgumentException(lib + " holds no jars; give a built checkout's fathom-cli/target/lib");
        ClassLoader cl = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(cl);   // the backends are found through ServiceLoader
        cl.loadClass("dev.fathom.backend.Threads").getMethod("set", int.class).invoke(null, threads);
        Class<?> layer = cl.loadClass("dev.fathom.layers.Layer");
        var dense = cl.loadClass("dev.fathom.layers.Dense").getConstructor(int.class, String.class);
        Object layers = Array.newInstance(layer, 4);
        Array.set(layers, 0, cl.loadClass("dev.fathom.layers.Flatten").getConstructor().newInstance());
        Array.set(layers, 1, dense.newInstance(256, "relu"));
        Array.set(layers, 2, dense.newInstance(128, "relu"));
        Array.set(layers, 3, dense.newInstance(10, "linear"));
        Class<?> sequential = cl.loadClass("dev.fathom.models.Sequential");
        Object model = sequential.getConstructor(layers.getClass()).newInstance(layers);
        sequential.getMethod("build", int[].class).invoke(model, (Object) new int[] {1, 28, 28});
        Class<?> tensor = cl.loadClass("dev.fathom.tensor.Tensor");
        float[] pixels = new float[784];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (i * 37 % 255) / 255f;
        Object one = tensor.getMethod("of", float[].class, int[].class).invoke(null, pixels, new int[] {1, 1, 28, 28});
        return new Side(model, one, sequential.getMethod("predict", tensor), tensor.getMethod("close"), tensor.getMethod("toFloatArray"));
    }

    long nanos() throws Exception {
        long t0 = System.nanoTime();
        Object out = predict.invoke(model, one);
        long t = System.nanoTime() - t0;
        close.invoke(out);
        return t;
    }

    float[] output() throws Exception {
        return (float[]) toFloatArray.invoke(predict.invoke(model, one));
    }

    /** The median microseconds of {@code calls} predicts. */
    double medianMicros(int calls) throws Exception {
        long[] t = new long[calls];
        for (int i = 0; i < calls; i++) t[i] = nanos();
        Arrays.sort(t);
        return t[calls / 2] / 1e3;
    }
}

void main(String[] args) throws Exception {
    if (args.length < 2) throw new IllegalArgumentException("usage: PredictAB.java OLD_LIB NEW_LIB [THREADS] [ROUNDS]");
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
    Side a = Side.load(args[0], threads);
    Side b = Side.load(args[1], threads);
    System.out.println("outputs bit-identical: " + Arrays.equals(a.output(), b.output()));
    for (int i = 0; i < 20_000; i++) {   // the JIT compiles both builds' kernels
        a.nanos();
        b.nanos();
    }
    double[] ma = new double[rounds], mb = new double[rounds], ratio = new double[rounds];
    for (int r = 0; r < rounds; r++) {
        ma[r] = a.medianMicros(2000);
        mb[r] = b.medianMicros(2000);
        ratio[r] = mb[r] / ma[r];
    }
    Arrays.sort(ma);
    Arrays.sort(mb);
    Arrays.sort(ratio);
    System.out.printf("predict_one_ab threads %d, %d rounds: A %.2f us, B %.2f us (medians), B/A %.3f (rounds %.3f-%.3f)%n",
            threads, rounds, ma[rounds / 2], mb[rounds / 2], ratio[rounds / 2], ratio[0], ratio[rounds - 1]);
}
