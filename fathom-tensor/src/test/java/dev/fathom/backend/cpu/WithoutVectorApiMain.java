package dev.fathom.backend.cpu;

import dev.fathom.tensor.Tensor;

/** A user's program in miniature, started by {@link WithoutVectorApiTest} in a JVM of its own. */
public final class WithoutVectorApiMain {
    private WithoutVectorApiMain() {}

    public static void main(String[] args) {
        System.out.println("before any tensor");
        System.out.println("sum " + Tensor.ones(2, 3).sum().item());
    }
}
