package dev.fathom.cuda;

/**
 * A CUDA call failed. The message names the call, its error code's name, and where it can the
 * op and shapes that were running; out of memory says how much was asked for and how much is free.
 */
public final class CudaException extends RuntimeException {
    private final int code;

    CudaException(String message, int code) {
        super(message);
        this.code = code;
    }

    /** The CUresult / nvrtcResult / cublasStatus_t code (0 is success, never thrown). */
    public int code() {
        return code;
    }

    /** CUDA_ERROR_OUT_OF_MEMORY, the driver API's code for a failed allocation. */
    static final int OUT_OF_MEMORY = 2;

    static CudaException outOfMemory(long asked, long free, long cached) {
        return new CudaException("CUDA out of memory: asked for " + mib(asked) + ", " + mib(free) + " free on the GPU ("
                + mib(cached) + " held in Fathom's cache were already handed back); use a smaller batch size, or a smaller model",
                OUT_OF_MEMORY);
    }

    static String mib(long bytes) {
        return bytes < 1 << 20 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
}
