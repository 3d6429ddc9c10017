package dev.fathom.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through FFM: one device's primary context and one
 * non-blocking stream, on which every copy and kernel is queued in order, so no call waits for
 * the GPU except {@link #synchronize()} and reads. Prototypes from CUDA 13's {@code cuda.h}
 * (the {@code _v2} entry points, unchanged since CUDA 4).
 *
 * <p>The driver keeps the current context per thread; Fathom's ops may run on any thread, so each
 * thread makes the context current once before its first call.
 */
final class FfmDriver implements Driver {
    private static final int CU_STREAM_NON_BLOCKING = 1;
    private static final int ATTRIBUTE_CC_MAJOR = 75;
    private static final int ATTRIBUTE_CC_MINOR = 76;

    private final MethodHandle getErrorName;
    private final MethodHandle ctxSetCurrent;
    private final MethodHandle memAlloc;
    private final MethodHandle memFree;
    private final MethodHandle memGetInfo;
    private final MethodHandle copyHtoD;
    private final MethodHandle copyDtoH;
    private final MethodHandle copyDtoD;
    private final MethodHandle launchKernel;
    private final MethodHandle streamSynchronize;
    private final MethodHandle moduleLoadData;
    private final MethodHandle moduleGetFunction;

    private final MemorySegment context;
    private final MemorySegment stream;
    private final String deviceName;
    private final int computeCapability;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    /** Opens device {@code ordinal}: initializes the driver, retains its primary context, creates the stream. */
    FfmDriver(Native cuda, int ordinal) {
        getErrorName = cuda.function("cuGetErrorName", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        MethodHandle init = cuda.function("cuInit", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        MethodHandle deviceCount = cuda.function("cuDeviceGetCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle deviceGet = cuda.function("cuDeviceGet", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle deviceName = cuda.function("cuDeviceGetName", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        MethodHandle attribute = cuda.function("cuDeviceGetAttribute", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        MethodHandle retain = cuda.function("cuDevicePrimaryCtxRetain", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle streamCreate = cuda.function("cuStreamCreate", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        ctxSetCurrent = cuda.function("cuCtxSetCurrent", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        memAlloc = cuda.function("cuMemAlloc_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        memFree = cuda.function("cuMemFree_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        memGetInfo = cuda.function("cuMemGetInfo_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        copyHtoD = cuda.function("cuMemcpyHtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS));
        copyDtoH = cuda.function("cuMemcpyDtoHAsync_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS));
        copyDtoD = cuda.function("cuMemcpyDtoDAsync_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS));
        launchKernel = cuda.function("cuLaunchKernel", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        streamSynchronize = cuda.function("cuStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        moduleLoadData = cuda.function("cuModuleLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        moduleGetFunction = cuda.function("cuModuleGetFunction", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));

        try (Arena arena = Arena.ofConfined()) {
            check("cuInit", Native.call(init, 0));
            MemorySegment count = arena.allocate(JAVA_INT);
            check("cuDeviceGetCount", Native.call(deviceCount, count));
            int devices = count.get(JAVA_INT, 0);
            if (ordinal >= devices) {
                throw new CudaException("there is no CUDA device " + ordinal + ": the driver sees " + devices
                        + "; use Device.cuda(0) to Device.cuda(" + Math.max(0, devices - 1) + ")", 101);
            }
            MemorySegment device = arena.allocate(JAVA_INT);
            check("cuDeviceGet", Native.call(deviceGet, device, ordinal));
            int dev = device.get(JAVA_INT, 0);
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", Native.call(deviceName, name, 256, dev));
            this.deviceName = name.getString(0);
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check("cuDeviceGetAttribute", Native.call(attribute, major, ATTRIBUTE_CC_MAJOR, dev));
            check("cuDeviceGetAttribute", Native.call(attribute, minor, ATTRIBUTE_CC_MINOR, dev));
            this.computeCapability = major.get(JAVA_INT, 0) * 10 + minor.get(JAVA_INT, 0);
            MemorySegment ctx = arena.allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain", Native.call(retain, ctx, dev));
            this.context = ctx.get(ADDRESS, 0);
            makeCurrent();
            MemorySegment s = arena.allocate(ADDRESS);
            check("cuStreamCreate", Native.call(streamCreate, s, CU_STREAM_NON_BLOCKING));
            this.stream = s.get(ADDRESS, 0);
        }
    }

    String deviceName() {
        return deviceName;
    }

    /** The compute capability as major·10 + minor (90 for an H100). */
    int computeCapability() {
        return computeCapability;
    }

    /** The stream every call is queued on (cuBLAS is set to it too). */
    MemorySegment stream() {
        return stream;
    }

    /** Makes the context current on the calling thread, once per thread. */
    void makeCurrent() {
        if (current.get()) return;
        check("cuCtxSetCurrent", Native.call(ctxSetCurrent, context));
        current.set(true);
    }

    /** Loads compiled PTX (NUL-terminated) and returns its functions by name. */
    MemorySegment loadModule(byte[] ptx) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment image = arena.allocate(ptx.length + 1L);
            MemorySegment.copy(ptx, 0, image, ValueLayout.JAVA_BYTE, 0, ptx.length);
            MemorySegment module = arena.allocate(ADDRESS);
            check("cuModuleLoadData", Native.call(moduleLoadData, module, image));
            return module.get(ADDRESS, 0);
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(ADDRESS);
            check("cuModuleGetFunction(" + name + ")", Native.call(moduleGetFunction, f, module, arena.allocateFrom(name)));
            return f.get(ADDRESS, 0);
        }
    }

    @Override
    public long malloc(long bytes) {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(JAVA_LONG);
            int status = Native.call(memAlloc, p, bytes);
            if (status != 0) throw new CudaException("cuMemAlloc of " + CudaException.mib(bytes) + " failed: " + errorName(status), status);
            return p.get(JAVA_LONG, 0);
        }
    }

    @Override
    public void free(long pointer) {
        makeCurrent();
        check("cuMemFree", Native.call(memFree, pointer));
    }

    @Override
    public long[] memoryInfo() {
        makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo", Native.call(memGetInfo, free, total));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    @Override
    public void copyToDevice(long dst, MemorySegment src, long bytes) {
        makeCurrent();
        try {
            check("cuMemcpyHtoDAsync", (int) copyHtoD.invokeExact(dst, src, bytes, stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void copyToHost(MemorySegment dst, long src, long bytes) {
        makeCurrent();
        try {
            check("cuMemcpyDtoHAsync", (int) copyDtoH.invokeExact(dst, src, bytes, stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void copyOnDevice(long dst, long src, long bytes) {
        makeCurrent();
        try {
            check("cuMemcpyDtoDAsync", (int) copyDtoD.invokeExact(dst, src, bytes, stream));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void launch(Kernels.Function kernel, Launch launch, MemorySegment arguments) {
        makeCurrent();
        try {
            int status = (int) launchKernel.invokeExact(kernel.handle(), launch.blocks(), 1, 1, launch.threads(), 1, 1,
                    launch.sharedBytes(), stream, arguments, MemorySegment.NULL);
            if (status != 0) throw new CudaException("launching " + kernel.name() + " (" + launch + ") failed: " + errorName(status), status);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    @Override
    public void synchronize() {
        makeCurrent();
        try {
            int status = (int) streamSynchronize.invokeExact(stream);
            // A kernel's fault surfaces here, at the first wait after it: name it as such.
            if (status != 0) throw new CudaException("a CUDA kernel or copy failed (reported at synchronize): " + errorName(status), status);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private void check(String call, int status) {
        if (status != 0) throw new CudaException(call + " failed: " + errorName(status), status);
    }

    /** CUDA_ERROR_OUT_OF_MEMORY and the like, from the driver, or the bare code. */
    String errorName(int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(ADDRESS);
            if (Native.call(getErrorName, status, text) == 0) {
                return text.get(ADDRESS, 0).reinterpret(256).getString(0) + " (" + status + ")";
            }
        }
        return "CUDA error " + status;
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) return r;
        if (e instanceof Error err) throw err;
        return new IllegalStateException(e);
    }
}
