package dev.fathom.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels compile, and export every function the backend looks up. NVRTC needs no GPU but is
 * not on Maven Central in a usable size (the CUDA redistributable jars carry all of CUDA), so this
 * compiles with the CUDA toolkit's nvcc where one is installed, to the same PTX NVRTC makes, and
 * skips saying so elsewhere; the GPU check (bench/gpu-check) compiles them with NVRTC itself.
 */
class KernelSourceTest {

    /** Every kernel name CudaBackend launches, for each element type it launches it with. */
    static List<String> kernelNames() {
        List<String> names = new ArrayList<>();
        for (String t : List.of("f32", "f64", "i32")) {
            for (String k : List.of("fill_", "unary_", "binary_", "where_", "arg_reduce_", "gather_", "scatter_add_", "reduce_")) {
                names.add(k + t);
            }
            for (String to : List.of("f32", "f64", "i32")) names.add("copy_" + t + "_to_" + to);
        }
        for (String t : List.of("f32", "f64")) {
            for (String k : List.of("log_softmax_", "im2col_", "col2im_", "max_pool_", "all_finite_")) names.add(k + t);
        }
        names.add("adam_step_f32_k");
        return names;
    }

    private static Path nvcc() {
        for (String candidate : new String[] {System.getenv("CUDA_HOME") == null ? null : System.getenv("CUDA_HOME") + "/bin/nvcc",
                "/usr/local/cuda/bin/nvcc", "/usr/local/bin/nvcc", "/usr/bin/nvcc"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) return Path.of(candidate);
        }
        return null;
    }

    @Test
    void everyKernelCompilesToPtxAndIsExportedByName(@TempDir Path dir) throws IOException, InterruptedException {
        Path nvcc = nvcc();
        Assumptions.assumeTrue(nvcc != null, "skipped: no nvcc (CUDA toolkit) here to compile kernels.cu; bench/gpu-check compiles it with NVRTC");
        Path source = dir.resolve(Kernels.SOURCE_NAME);
        Files.writeString(source, Kernels.source());
        Path ptx = dir.resolve("kernels.ptx");
        Process p = new ProcessBuilder(nvcc.toString(), "--ptx", "-arch=compute_90", "-std=c++17", "-x", "cu", source.toString(),
                "-o", ptx.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "nvcc did not finish");
        assertEquals(0, p.exitValue(), "nvcc failed:\n" + log);
        String text = Files.readString(ptx);
        for (String name : kernelNames()) {
            assertTrue(text.contains(".entry " + name + "("), "kernels.cu does not export " + name);
        }
    }

    @Test
    void theCacheFileChangesWithTheSourceAndTheDevice() {
        Path folder = Path.of("/cache");
        Path a = Kernels.cacheFile(folder, "source one", 90);
        assertEquals(a, Kernels.cacheFile(folder, "source one", 90));
        assertNotEquals(a, Kernels.cacheFile(folder, "source two", 90));
        assertNotEquals(a, Kernels.cacheFile(folder, "source one", 80));
        assertTrue(a.getFileName().toString().endsWith("-sm90.ptx"), a.toString());
    }
}
