package dev.fathom.backend;


/** A pluggable backend, found by {@link java.util.ServiceLoader}: how a GPU module joins Fathom. */
public interface BackendProvider {

    /** The kind of device this provider serves. */
    Device.Type type();

    /** Null when {@code device} can be opened here, else what was looked for and not found. */
    String unavailableReason(Device device);

    /** Opens the backend for {@code device}. */
    Backend open(Device device);
}
