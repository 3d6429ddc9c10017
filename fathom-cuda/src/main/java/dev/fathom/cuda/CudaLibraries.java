package dev.fathom.cuda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the CUDA libraries are: the folders of {@code CUDA_HOME} (or {@code CUDA_PATH}),
 * {@code LD_LIBRARY_PATH}, {@code /usr/local/cuda} and the distribution's library folders, in that
 * order. The driver ({@code libcuda.so.1}) comes with the NVIDIA driver and is usually found by the
 * system loader; the toolkit's libraries (cuBLAS, NVRTC) are often not in the loader's cache, so
 * they are looked up by path.
 *
 * <p>Written against CUDA 13 (the major version tried first) and 12.
 */
final class CudaLibraries {

    /** A library, by the file names its major versions install, newest first. */
    enum Library {
        DRIVER("libcuda.so.1", "libcuda.so"),
        CUBLAS("libcublas.so.13", "libcublas.so.12", "libcublas.so"),
        NVRTC("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so");

        final List<String> fileNames;

        Library(String... fileNames) {
            this.fileNames = List.of(fileNames);
        }
    }

    private final List<Path> folders;
    private final Predicate<Path> exists;

    CudaLibraries(List<Path> folders, Predicate<Path> exists) {
        this.folders = List.copyOf(folders);
        this.exists = exists;
    }

    /** The folders of this process's environment. */
    static CudaLibraries fromEnvironment() {
        return new CudaLibraries(folders(System.getenv()), Files::isRegularFile);
    }

    /** The folders to search for the environment {@code env}, in order, without repeats. */
    static List<Path> folders(Map<String, String> env) {
        Set<Path> out = new LinkedHashSet<>();
        for (String home : new String[] {env.get("CUDA_HOME"), env.get("CUDA_PATH")}) {
            if (home == null || home.isBlank()) continue;
            Path h = Path.of(home);
            out.add(h.resolve("lib64"));
            out.add(h.resolve("targets/x86_64-linux/lib"));
            out.add(h.resolve("lib"));
        }
        String ld = env.get("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String part : ld.split(":")) if (!part.isBlank()) out.add(Path.of(part));
        }
        for (String fixed : new String[] {"/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib/wsl/lib"}) {
            out.add(Path.of(fixed));
        }
        return new ArrayList<>(out);
    }

    /** The first file of {@code library} in the folders, if any. */
    Optional<Path> find(Library library) {
        for (String name : library.fileNames) {
            for (Path folder : folders) {
                Path p = folder.resolve(name);
                if (exists.test(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What was looked for and where, for the one-line error when {@code library} is missing. */
    String missing(Library library) {
        return library.fileNames.getFirst() + " (or " + String.join(", ", library.fileNames.subList(1, library.fileNames.size()))
                + ") not found in " + folders + "; install the CUDA toolkit 12 or 13 and set CUDA_HOME to it";
    }
}
