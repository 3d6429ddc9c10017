/**
 * The CUDA backend. Nothing here is called by name: {@link dev.fathom.backend.Device#cuda()} finds it
 * through {@link java.util.ServiceLoader}. The GPU libraries are reached through
 * {@code java.lang.foreign}, so the JVM needs {@code --enable-native-access=dev.fathom.cuda} (or
 * {@code ALL-UNNAMED} on the class path).
 */
module dev.fathom.cuda {
    requires dev.fathom.tensor;

    provides dev.fathom.backend.BackendProvider with dev.fathom.cuda.CudaBackendProvider;
}
