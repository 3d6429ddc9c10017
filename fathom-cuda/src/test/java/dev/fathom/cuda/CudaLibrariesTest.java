package dev.fathom.cuda;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CudaLibrariesTest {

    @Test
    void cudaHomeComesFirstThenTheLoaderPathThenTheUsualFolders() {
        List<Path> folders = CudaLibraries.folders(Map.of("CUDA_HOME", "/opt/cuda-13", "LD_LIBRARY_PATH", "/a:/b::/a"));
        assertEquals(List.of(Path.of("/opt/cuda-13/lib64"), Path.of("/opt/cuda-13/targets/x86_64-linux/lib"), Path.of("/opt/cuda-13/lib"),
                Path.of("/a"), Path.of("/b")), folders.subList(0, 5));
        assertTrue(folders.contains(Path.of("/usr/local/cuda/targets/x86_64-linux/lib")), folders.toString());
        assertTrue(folders.contains(Path.of("/usr/lib/x86_64-linux-gnu")), folders.toString());
        assertEquals(folders.size(), Set.copyOf(folders).size(), "no folder twice: " + folders);
    }

    @Test
    void theNewestMajorVersionIsTakenWhereverItIs() {
        Set<Path> files = Set.of(Path.of("/first/libnvrtc.so.12"), Path.of("/second/libnvrtc.so.13"));
        CudaLibraries libraries = new CudaLibraries(List.of(Path.of("/first"), Path.of("/second")), files::contains);
        assertEquals(Optional.of(Path.of("/second/libnvrtc.so.13")), libraries.find(CudaLibraries.Library.NVRTC));
        assertEquals(Optional.empty(), libraries.find(CudaLibraries.Library.CUBLAS));
    }

    @Test
    void aMissingLibraryIsOneLineSayingWhatWasLookedForWhereAndTheFix() {
        CudaLibraries libraries = new CudaLibraries(List.of(Path.of("/x")), p -> false);
        String message = libraries.missing(CudaLibraries.Library.CUBLAS);
        assertTrue(message.startsWith("libcublas.so.13 (or libcublas.so.12, libcublas.so) not found in [/x]"), message);
        assertTrue(message.contains("CUDA_HOME"), message);
        assertTrue(!message.contains("\n"), message);
    }
}
