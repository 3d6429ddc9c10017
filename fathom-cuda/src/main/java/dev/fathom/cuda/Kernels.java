package dev.fathom.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Fathom's kernels ({@code kernels.cu}, a resource beside this class): compiled by NVRTC for the
 * device's compute capability once, the PTX kept in {@code ~/.fathom/cuda-cache} under the
 * source's SHA-256 so later processes skip the compile, loaded as one module, and its functions
 * looked up by name on first use.
 */
final class Kernels {
    static final String SOURCE_NAME = "kernels.cu";

    /** One kernel: its name (for errors) and the driver's handle. */
    record Function(String name, MemorySegment handle) {}

    private final FfmDriver driver;
    private final MemorySegment module;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();

    Kernels(FfmDriver driver, Supplier<Nvrtc> nvrtc, Path cacheFolder) {
        this.driver = driver;
        String source = source();
        int arch = driver.computeCapability();
        byte[] ptx = cachedOrCompiled(source, arch, nvrtc, cacheFolder);
        this.module = driver.loadModule(ptx);
    }

    Function get(String name) {
        Function f = functions.get(name);
        if (f != null) return f;
        return functions.computeIfAbsent(name, n -> new Function(n, driver.function(module, n)));
    }

    /** The CUDA C source of every kernel. */
    static String source() {
        try (InputStream in = Kernels.class.getResourceAsStream(SOURCE_NAME)) {
            if (in == null) throw new IllegalStateException("the resource " + SOURCE_NAME + " is missing from fathom-cuda's jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cache file for {@code source} compiled for {@code arch}: a new source or device gets a new file. */
    static Path cacheFile(Path folder, String source, int arch) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return folder.resolve("kernels-" + HexFormat.of().formatHex(digest, 0, 12) + "-sm" + arch + ".ptx");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] cachedOrCompiled(String source, int arch, Supplier<Nvrtc> nvrtc, Path folder) {
        Path file = cacheFile(folder, source, arch);
        try {
            if (Files.isRegularFile(file)) return Files.readAllBytes(file);
        } catch (IOException e) {
            // an unreadable cache is compiled again
        }
        byte[] ptx = nvrtc.get().compile(SOURCE_NAME, source, arch);
        try {
            // Written beside, then renamed: a process reading the cache never sees half a file.
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, ".kernels-", ".tmp");
            Files.write(tmp, ptx);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // No cache (a read-only home): the next process compiles again, which is only slower.
        }
        return ptx;
    }
}
