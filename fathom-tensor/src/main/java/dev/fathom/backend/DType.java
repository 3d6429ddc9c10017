package dev.fathom.backend;

/**
 * The element type of a tensor.
 *
 * <p>{@link #FLOAT32} is the default for data and parameters; {@link #FLOAT64} exists so gradient
 * checks can compare against central differences without float32 round-off; {@link #INT32} holds
 * class labels and indices (the result of {@code argmax}, the index of {@code gather}). Half
 * precision fits the same scheme later: a backend decides how it stores each type.
 */
public enum DType {
    FLOAT32(4, true),
    FLOAT64(8, true),
    INT32(4, false);

    private final int byteSize;
    private final boolean floating;

    DType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values are floating point (and so can carry gradients). */
    public boolean isFloating() {
        return floating;
    }

    /** The type two operands are computed in: the wider floating type, else INT32. */
    public static DType promote(DType a, DType b) {
        if (a == b) return a;
        if (a == FLOAT64 || b == FLOAT64) return FLOAT64;
        return FLOAT32;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
