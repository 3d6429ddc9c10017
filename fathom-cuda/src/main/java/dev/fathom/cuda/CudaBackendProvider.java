package dev.fathom.cuda;

import dev.fathom.backend.Backend;
import dev.fathom.backend.BackendProvider;
import dev.fathom.backend.Device;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens {@link CudaBackend}s: found by {@link java.util.ServiceLoader} when fathom-cuda is on the
 * class path, so {@code Device.cuda()} and {@code Device.best()} work with no other change. When a
 * device cannot be opened, {@link #unavailableReason} says what was looked for, in one line.
 *
 * <p>System properties: {@code fathom.cuda.tf32=true} lets cuBLAS use TF32 tensor cores for float32
 * products (faster, 10-bit mantissa inputs); {@code fathom.cuda.cache} moves the compiled-kernel
 * cache (default {@code ~/.fathom/cuda-cache}).
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final Map<Integer, Object> OPENED = new ConcurrentHashMap<>();   // a CudaBackend, or the reason it failed

    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public String unavailableReason(Device device) {
        Object o = OPENED.computeIfAbsent(device.index(), i -> tryOpen(device));
        return o instanceof String reason ? reason : null;
    }

    @Override
    public Backend open(Device device) {
        Object o = OPENED.computeIfAbsent(device.index(), i -> tryOpen(device));
        if (o instanceof String reason) throw new IllegalStateException(reason);
        return (CudaBackend) o;
    }

    private static Object tryOpen(Device device) {
        CudaLibraries libraries = CudaLibraries.fromEnvironment();
        try {
            Native cuda;
            Optional<Path> driverPath = libraries.find(CudaLibraries.Library.DRIVER);
            try {
                cuda = driverPath.isPresent() ? Native.open(driverPath.get()) : Native.open("libcuda.so.1");
            } catch (IllegalArgumentException e) {
                return "the NVIDIA driver's libcuda.so.1 is not found by the system loader nor in "
                        + CudaLibraries.folders(System.getenv()) + "; install the NVIDIA driver (no GPU here?)";
            }
            Optional<Path> cublasPath = libraries.find(CudaLibraries.Library.CUBLAS);
            if (cublasPath.isEmpty()) return "cuBLAS: " + libraries.missing(CudaLibraries.Library.CUBLAS);
            FfmDriver driver = new FfmDriver(cuda, device.index());
            boolean tf32 = Boolean.getBoolean("fathom.cuda.tf32");
            Cublas cublas = new Cublas(Native.open(cublasPath.get()), driver.stream(), tf32);
            Path cache = Path.of(System.getProperty("fathom.cuda.cache", System.getProperty("user.home") + "/.fathom/cuda-cache"));
            Kernels kernels = new Kernels(driver, () -> {
                Path nvrtc = libraries.find(CudaLibraries.Library.NVRTC).orElseThrow(() -> new CudaException(
                        "NVRTC, to compile Fathom's kernels: " + libraries.missing(CudaLibraries.Library.NVRTC), -1));
                return new Nvrtc(Native.open(nvrtc));
            }, cache);
            return new CudaBackend(device, driver, cublas, kernels);
        } catch (CudaException e) {
            return "CUDA device " + device.index() + ": " + e.getMessage();
        } catch (UnsatisfiedLinkError | IllegalCallerException e) {
            return "CUDA cannot be called: " + e.getMessage() + "; run Java with --enable-native-access=ALL-UNNAMED"
                    + " (or =dev.fathom.cuda on the module path)";
        }
    }
}
