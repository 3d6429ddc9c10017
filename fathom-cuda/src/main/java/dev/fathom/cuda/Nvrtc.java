package dev.fathom.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * NVRTC, CUDA's runtime compiler ({@code libnvrtc.so}): CUDA C source to PTX, in process, with no
 * GPU needed. Prototypes from CUDA 13's {@code nvrtc.h}.
 */
final class Nvrtc {
    private final MethodHandle create;
    private final MethodHandle compile;
    private final MethodHandle ptxSize;
    private final MethodHandle ptx;
    private final MethodHandle logSize;
    private final MethodHandle log;
    private final MethodHandle destroy;
    private final MethodHandle version;

    Nvrtc(Native nvrtc) {
        create = nvrtc.function("nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        compile = nvrtc.function("nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        ptxSize = nvrtc.function("nvrtcGetPTXSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        ptx = nvrtc.function("nvrtcGetPTX", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        logSize = nvrtc.function("nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        log = nvrtc.function("nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        destroy = nvrtc.function("nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        version = nvrtc.function("nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    }

    /** NVRTC's version as {major, minor}. */
    int[] version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check("nvrtcVersion", Native.call(version, major, minor), null);
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        }
    }

    /**
     * PTX for {@code source} compiled for compute capability {@code arch} (e.g. 90), without the
     * trailing NUL. A compile error throws with NVRTC's log.
     */
    byte[] compile(String name, String source, int arch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(ADDRESS);
            check("nvrtcCreateProgram", Native.call(create, program, arena.allocateFrom(source), arena.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), null);
            MemorySegment prog = program.get(ADDRESS, 0);
            try {
                String[] options = {"--gpu-architecture=compute_" + arch, "--std=c++17", "--use_fast_math=false", "-default-device"};
                MemorySegment opts = arena.allocate(ADDRESS, options.length);
                for (int i = 0; i < options.length; i++) opts.setAtIndex(ADDRESS, i, arena.allocateFrom(options[i]));
                int status = Native.call(compile, prog, options.length, opts);
                if (status != 0) check("compiling " + name, status, readLog(arena, prog));
                MemorySegment size = arena.allocate(JAVA_LONG);
                check("nvrtcGetPTXSize", Native.call(ptxSize, prog, size), null);
                long n = size.get(JAVA_LONG, 0);
                MemorySegment text = arena.allocate(n);
                check("nvrtcGetPTX", Native.call(ptx, prog, text), null);
                byte[] out = text.toArray(JAVA_BYTE);
                int end = out.length;
                while (end > 0 && out[end - 1] == 0) end--;
                return java.util.Arrays.copyOf(out, end);
            } finally {
                Native.call(destroy, program);
            }
        }
    }

    private String readLog(Arena arena, MemorySegment prog) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        if (Native.call(logSize, prog, size) != 0) return "";
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        if (Native.call(log, prog, text) != 0) return "";
        return new String(text.toArray(JAVA_BYTE), StandardCharsets.UTF_8).replace("\0", "").strip();
    }

    private static void check(String call, int status, String log) {
        if (status != 0) {
            throw new CudaException(call + " failed with NVRTC error " + status + (log == null || log.isEmpty() ? "" : ": " + log), status);
        }
    }
}
