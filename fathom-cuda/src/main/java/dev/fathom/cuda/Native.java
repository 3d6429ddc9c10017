package dev.fathom.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * One native library opened through FFM, and its functions bound by name. The C types of the CUDA
 * headers map to: {@code int}, {@code unsigned int}, enums and {@code CUresult} → JAVA_INT;
 * {@code size_t}, {@code long long} and {@code CUdeviceptr} → JAVA_LONG; handles and pointers →
 * ADDRESS.
 */
final class Native {
    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;

    private Native(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** The library at {@code path}, open for the life of the process. */
    static Native open(Path path) {
        return new Native(path.getFileName().toString(), SymbolLookup.libraryLookup(path, Arena.global()));
    }

    /** The library by its soname, as the system loader finds it (the driver's libcuda.so.1). */
    static Native open(String soname) {
        return new Native(soname, SymbolLookup.libraryLookup(soname, Arena.global()));
    }

    /** The function {@code symbol}, or an error naming the library when it lacks it (a too-old version). */
    MethodHandle function(String symbol, FunctionDescriptor signature) {
        MemorySegment address = lookup.find(symbol).orElseThrow(() -> new CudaException(
                name + " has no function " + symbol + "; it is older than Fathom needs (CUDA 12 or 13)", -1));
        return LINKER.downcallHandle(address, signature);
    }

    /** Invokes a bound function that returns a status code, as an int. */
    static int call(MethodHandle function, Object... arguments) {
        try {
            return (int) function.invokeWithArguments(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
