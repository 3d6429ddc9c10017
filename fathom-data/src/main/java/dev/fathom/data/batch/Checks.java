package dev.fathom.data.batch;

/** The argument checks the batch sources share. */
final class Checks {
    private Checks() {}

    static int batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        return batchSize;
    }

    static void range(int from, int to, int size) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("rows(" + from + ", " + to + ") is outside the " + size
                    + " samples of the source; it needs 0 <= from <= to <= " + size);
        }
    }
}
