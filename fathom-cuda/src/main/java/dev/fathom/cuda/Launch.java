package dev.fathom.cuda;

/**
 * The grid of one kernel launch: {@code blocks} blocks of {@code threads} threads each (one
 * dimension; kernels loop with a grid stride where the grid is capped).
 */
record Launch(int blocks, int threads, int sharedBytes) {

    /** Threads per block for elementwise kernels: a multiple of the warp, enough to hide latency. */
    static final int THREADS = 256;
    /** At most this many blocks; kernels loop with a grid stride over what is left (the grid's x limit is 2^31-1). */
    static final int MAX_BLOCKS = 65_535 * 8;

    Launch {
        if (blocks < 1 || threads < 1 || threads > 1024 || sharedBytes < 0) {
            throw new IllegalArgumentException("launch of " + blocks + " blocks of " + threads + " threads");
        }
    }

    /** One thread per element of {@code n} (grid-stride beyond {@link #MAX_BLOCKS} blocks); at least one block. */
    static Launch linear(long n) {
        long blocks = (n + THREADS - 1) / THREADS;
        return new Launch((int) Math.max(1, Math.min(blocks, MAX_BLOCKS)), THREADS, 0);
    }

    /** One block per output line of a reduction, {@link #THREADS} threads sharing the line's elements. */
    static Launch perLine(long lines, int elementBytes) {
        return new Launch((int) Math.max(1, Math.min(lines, MAX_BLOCKS)), THREADS, THREADS * elementBytes);
    }
}
