package dev.fathom.backend.cpu;

import dev.fathom.backend.Backend;
import dev.fathom.backend.BackendProvider;
import dev.fathom.backend.Device;

/**
 * Offers the CPU backend to {@link dev.fathom.backend.Backends}. It names no class of the Vector
 * API itself, so it can say what is missing where those classes cannot load.
 */
public final class CpuBackendProvider implements BackendProvider {

    /** The one line a program started without the incubator module gets, before any tensor exists. */
    static final String NO_VECTOR_API = "Fathom's CPU kernels need the JDK's Vector API, an incubator module the JVM loads"
            + " only on request: start java with --add-modules jdk.incubator.vector"
            + " (or set JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector)";

    @Override
    public Device.Type type() {
        return Device.Type.CPU;
    }

    @Override
    public String unavailableReason(Device device) {
        if (device.index() != 0) return "there is one CPU device, cpu (index 0), not " + device;
        return vectorApiLoaded() ? null : NO_VECTOR_API;
    }

    @Override
    public Backend open(Device device) {
        return CpuBackend.INSTANCE;
    }

    /** Whether {@code jdk.incubator.vector} was resolved at startup (on the class path it is not, unless asked for). */
    static boolean vectorApiLoaded() {
        try {
            Class.forName("jdk.incubator.vector.VectorSpecies", false, CpuBackendProvider.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
