package dev.fathom.backend;


/**
 * Where a tensor's memory lives and its ops run: {@code cpu}, or later {@code cuda:N}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(new Generator(0), 64, 784);   // on Device.cpu()
 * Tensor y = x.to(Device.best());                      // the GPU when present
 * }</pre>
 */
public record Device(Type type, int index) {

    /** The kinds of device Fathom knows about. */
    public enum Type { CPU, CUDA }

    private static final Device CPU = new Device(Type.CPU, 0);

    public Device {
        if (index < 0) throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }

    /** The host CPU. */
    public static Device cpu() {
        return CPU;
    }

    /** The first CUDA GPU. Using it fails with a message saying what was looked for if CUDA is absent. */
    public static Device cuda() {
        return new Device(Type.CUDA, 0);
    }

    /** The CUDA GPU with the given index. */
    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
    public static Device parse(String name) {
        String s = name.trim().toLowerCase();
        if (s.equals("cpu")) return CPU;
        if (s.equals("cuda") || s.equals("gpu")) return cuda();
        if (s.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(s.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use cpu, cuda or cuda:N");
    }

    /** The GPU when one is usable, else the CPU. */
    public static Device best() {
        return Backends.isAvailable(cuda()) ? cuda() : CPU;
    }

    /** The backend that runs ops for this device. */
    public Backend backend() {
        return Backends.of(this);
    }

    /** Waits until every op issued on this device so far has finished (a no-op on the CPU). */
    public void synchronize() {
        backend().synchronize();
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
