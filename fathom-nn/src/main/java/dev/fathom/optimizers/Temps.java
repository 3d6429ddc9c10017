package dev.fathom.optimizers;

import dev.fathom.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Closes the temporaries of one update together, so the CPU buffer pool reuses their memory. */
final class Temps implements AutoCloseable {
    private final List<Tensor> tensors = new ArrayList<>(8);

    /** Registers {@code t} to be closed with this scope; returns it. */
    Tensor add(Tensor t) {
        tensors.add(t);
        return t;
    }

    @Override
    public void close() {
        for (Tensor t : tensors) t.close();
        tensors.clear();
    }
}
