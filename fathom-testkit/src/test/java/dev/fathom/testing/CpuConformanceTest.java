package dev.fathom.testing;

import dev.fathom.backend.Device;

/** The CPU backend's float32 kernels against its float64 path and the ops' definitions. */
class CpuConformanceTest extends BackendConformance {
    @Override
    protected Device device() {
        return Device.cpu();
    }
}
