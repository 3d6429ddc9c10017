package dev.fathom.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the backend for a device. Every backend, the CPU's included, is discovered with
 * {@link ServiceLoader} through {@link BackendProvider}, so adding a GPU module changes no user code
 * and the engine's API depends on no implementation.
 */
public final class Backends {
    private static final Map<Device, Backend> OPEN = new ConcurrentHashMap<>();
    /** The CPU's backend once opened: every op on a CPU tensor asks for it, so it skips the map. */
    private static volatile Backend cpu;

    private Backends() {}

    /**
     * The backend for {@code device}, opened on first use.
     *
     * @throws DeviceUnavailableException when no backend can run it here, saying what is missing
     */
    public static Backend of(Device device) {
        if (device.type() == Device.Type.CPU && device.index() == 0) {
            Backend b = cpu;
            if (b == null) cpu = b = OPEN.computeIfAbsent(device, Backends::open);
            return b;
        }
        Backend b = OPEN.get(device);   // no lambda, no lock once open
        return b != null ? b : OPEN.computeIfAbsent(device, Backends::open);
    }

    /** Whether {@code device} can be used on this machine. */
    public static boolean isAvailable(Device device) {
        if (OPEN.containsKey(device)) return true;
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() == device.type() && p.unavailableReason(device) == null) return true;
        }
        return false;
    }

    private static Backend open(Device device) {
        List<String> why = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.type() != device.type()) continue;
            String reason = p.unavailableReason(device);
            if (reason == null) return p.open(device);
            // The CPU's one reason (the Vector API is not loaded) is the whole message: one line.
            if (device.type() == Device.Type.CPU) throw new DeviceUnavailableException(reason);
            why.add(reason);
        }
        if (why.isEmpty()) {
            why.add("no backend for " + device.type() + " is on the class path (add the fathom-"
                    + device.type().name().toLowerCase() + " module)");
        }
        // One line, whatever the number of providers: the reasons joined.
        throw new DeviceUnavailableException("device " + device + " is not usable: " + String.join("; ", why));
    }
}
