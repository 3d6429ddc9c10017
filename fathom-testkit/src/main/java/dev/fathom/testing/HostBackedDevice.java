package dev.fathom.testing;

import dev.fathom.backend.AdamStep;
import dev.fathom.backend.Backend;
import dev.fathom.backend.BackendProvider;
import dev.fathom.backend.Backends;
import dev.fathom.backend.BinaryOp;
import dev.fathom.backend.DType;
import dev.fathom.backend.Device;
import dev.fathom.backend.ReduceOp;
import dev.fathom.backend.Storage;
import dev.fathom.backend.UnaryOp;
import dev.fathom.backend.View;
import dev.fathom.backend.Window;

/**
 * A pretend GPU for tests, {@code cuda:7}: its tensors live in host memory and its kernels are the
 * CPU's, but the engine sees another device, so every op that mixes a tensor of it with a CPU
 * tensor fails as it would on a real GPU. It proves, on machines without one, that models, losses,
 * metrics and training move everything they touch to the model's device, and that results equal
 * the CPU's bit for bit. A module registers it for its tests in
 * {@code src/test/resources/META-INF/services/dev.fathom.backend.BackendProvider}.
 *
 * <pre>{@code
 * model.to(HostBackedDevice.DEVICE);
 * model.fit(x, y, fit);   // host data: the trainer moves each batch
 * }</pre>
 */
public final class HostBackedDevice implements BackendProvider {
    /** The device it serves; other CUDA indices stay the real backend's. */
    public static final Device DEVICE = Device.cuda(7);

    @Override
    public Device.Type type() {
        return Device.Type.CUDA;
    }

    @Override
    public String unavailableReason(Device device) {
        return device.equals(DEVICE) ? null : "the host-backed test device is " + DEVICE + " only";
    }

    @Override
    public Backend open(Device device) {
        return new HostBacked(Backends.of(Device.cpu()));
    }

    /** The CPU backend under another device's name; host arrays are copied, never wrapped, as a GPU must. */
    private record HostBacked(Backend cpu) implements Backend {
        @Override public Device device() { return DEVICE; }
        @Override public Storage allocate(DType dtype, int size) { return cpu.allocate(dtype, size); }
        @Override public Storage upload(Object hostArray) { return cpu.upload(hostArray); }
        @Override public void read(View src, Object hostArray) { cpu.read(src, hostArray); }
        @Override public void fill(View out, double value) { cpu.fill(out, value); }
        @Override public void copy(View src, View out) { cpu.copy(src, out); }
        @Override public void unary(UnaryOp op, View x, View out) { cpu.unary(op, x, out); }
        @Override public void binary(BinaryOp op, View a, View b, View out) { cpu.binary(op, a, b, out); }
        @Override public void where(View cond, View a, View b, View out) { cpu.where(cond, a, b, out); }
        @Override public void reduce(ReduceOp op, View x, View out) { cpu.reduce(op, x, out); }
        @Override public void argReduce(ReduceOp op, View x, int axis, View out) { cpu.argReduce(op, x, axis, out); }
        @Override public void matmul(View a, View b, View out) { cpu.matmul(a, b, out); }
        @Override public void gather(View x, int axis, View index, View out) { cpu.gather(x, axis, index, out); }
        @Override public void scatterAdd(View out, int axis, View index, View src) { cpu.scatterAdd(out, axis, index, src); }
        @Override public void maxPool2d(View x, Window window, View out, View indices) { cpu.maxPool2d(x, window, out, indices); }
        @Override public void im2col(View x, Window window, double padValue, View out) { cpu.im2col(x, window, padValue, out); }
        @Override public void col2im(View cols, Window window, View out) { cpu.col2im(cols, window, out); }
        @Override public void logSoftmax(View x, int axis, View out) { cpu.logSoftmax(x, axis, out); }
        @Override public void adamStep(View p, View g, View m, View v, AdamStep step) { cpu.adamStep(p, g, m, v, step); }
        @Override public boolean allFinite(View x) { return cpu.allFinite(x); }
        @Override public void synchronize() { cpu.synchronize(); }
    }
}
