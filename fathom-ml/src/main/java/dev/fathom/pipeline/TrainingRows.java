package dev.fathom.pipeline;

import dev.fathom.data.BooleanColumn;
import dev.fathom.data.Column;
import dev.fathom.data.DateColumn;
import dev.fathom.data.NumericColumn;
import dev.fathom.data.Table;
import dev.fathom.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A fingerprint of the rows (or images) a pipeline was trained on, so that scoring it on data that
 * holds some of them can say so: a score on rows the model has seen is optimistic. Each row is
 * hashed to 63 bits over the pipeline's input columns (numbers by their exact value, categories by
 * their text, a missing value as itself; an image by its pixels); the fingerprint keeps the
 * smallest {@value #MAX_HASHES} distinct hashes. Up to that many training rows it holds all of them
 * and counts exactly (a false match needs two rows with one 63-bit hash: about 1 in 10<sup>14</sup>
 * per row at 16,384 training rows); beyond it, it holds a uniform sample of the rows, chosen by
 * hash, and estimates the share (a "bottom-k" sketch: a row whose hash is at most the largest kept
 * is checked, the others are not). Its size in the pipeline file is 8 bytes per kept hash plus 16:
 * about 1 KiB for 120 rows, at most 128 KiB.
 *
 * <pre>{@code
 * Pipeline p = Pipeline.fit(train, "species", prep, new LogisticRegression());   // fingerprints train
 * p.trainingOverlap(test).ifPresent(o -> { if (o.seen() > 0) System.out.println(o.warning("rows")); });
 * }</pre>
 */
public final class TrainingRows {
    /** The most hashes kept: 128 KiB in the file. */
    public static final int MAX_HASHES = 1 << 14;
    /** The name of the fingerprint's entry in the pipeline file. */
    static final String ENTRY = "training-rows.bin";
    private static final long MISSING = 0x5bd1e9955bd1e995L;

    private final int rows;
    private final long[] hashes;   // ascending, distinct, non-negative
    private final boolean complete;

    private TrainingRows(int rows, long[] hashes, boolean complete) {
        this.rows = rows;
        this.hashes = hashes;
        this.complete = complete;
    }

    /** The fingerprint of {@code table}'s rows over {@code columns} (the pipeline's input columns, which it must hold). */
    static TrainingRows ofTable(Table table, List<String> columns) {
        return of(hashes(table, columns));
    }

    /** The fingerprint of images {@code [n, channels, height, width]}, as the estimator was fitted on them. */
    static TrainingRows ofImages(Tensor images) {
        return of(hashes(images));
    }

    private static TrainingRows of(long[] rowHashes) {
        long[] sorted = Arrays.stream(rowHashes).sorted().distinct().toArray();
        boolean complete = sorted.length <= MAX_HASHES;
        return new TrainingRows(rowHashes.length, complete ? sorted : Arrays.copyOf(sorted, MAX_HASHES), complete);
    }

    /** The number of training rows fingerprinted. */
    public int rows() {
        return rows;
    }

    /** Whether every training row's hash is kept, so counts are exact rather than estimated. */
    public boolean complete() {
        return complete;
    }

    /**
     * How many of {@code data}'s rows were used in training, over the same {@code columns}.
     *
     * @param data    the rows to check, holding every column in {@code columns}
     */
    Overlap overlapTable(Table data, List<String> columns) {
        return overlap(hashes(data, columns));
    }

    /** How many of {@code images} were used in training. */
    Overlap overlapImages(Tensor images) {
        return overlap(hashes(images));
    }

    private Overlap overlap(long[] rowHashes) {
        long largest = hashes.length == 0 ? -1 : hashes[hashes.length - 1];
        int checked = 0, found = 0;
        for (long h : rowHashes) {
            if (!complete && h > largest) continue;   // outside the sample: not checked
            checked++;
            if (Arrays.binarySearch(hashes, h) >= 0) found++;
        }
        if (complete) return new Overlap(rowHashes.length, found, false);
        int seen = checked == 0 ? 0 : (int) Math.round(found * (double) rowHashes.length / checked);
        return new Overlap(rowHashes.length, seen, true);
    }

    /**
     * How many rows of some data were used to train the model.
     *
     * @param rows      the rows checked
     * @param seen      how many of them were used in training (estimated when {@code estimated})
     * @param estimated whether {@code seen} is estimated from a sample of the training rows
     */
    public record Overlap(int rows, int seen, boolean estimated) {
        /**
         * The warning to print when {@code seen > 0}, e.g. "120 of 150 rows (80%) were used to
         * train this model; the score is optimistic — evaluate on held-out data".
         *
         * @param unit what a row is, in the plural: "rows", "images"
         */
        public String warning(String unit) {
            double share = rows == 0 ? 0 : 100.0 * seen / rows;
            String percent = share > 0 && share < 1 ? String.format(Locale.ROOT, "%.1f%%", share) : String.format(Locale.ROOT, "%.0f%%", share);
            return (estimated ? "about " : "") + seen + " of " + rows + " " + unit + " (" + percent + ") " + (seen == 1 ? "was" : "were")
                    + " used to train this model" + (estimated ? " (estimated from a sample of its training rows)" : "")
                    + "; the score is optimistic — evaluate on held-out data";
        }
    }

    // ---- hashing -----------------------------------------------------------------------------

    static long[] hashes(Table table, List<String> columns) {
        Column[] cs = new Column[columns.size()];
        for (int c = 0; c < cs.length; c++) cs[c] = table.column(columns.get(c));
        long[] out = new long[table.rowCount()];
        for (int r = 0; r < out.length; r++) {
            long h = 0;
            for (int c = 0; c < cs.length; c++) h = mix(h ^ mix(value(cs[c], r) + c));
            out[r] = h >>> 1;
        }
        return out;
    }

    private static long value(Column c, int row) {
        if (c.isMissing(row)) return MISSING;
        double v;
        switch (c) {
            case NumericColumn n -> v = n.get(row);
            case BooleanColumn b -> v = b.asDouble(row);
            case DateColumn d -> v = d.asDouble(row);
            default -> {
                return text(c.text(row));
            }
        }
        return Double.doubleToLongBits(v == 0 ? 0.0 : v);   // -0.0 and 0.0 are one value
    }

    /** FNV-1a over the UTF-8 bytes. */
    private static long text(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long[] hashes(Tensor images) {
        int n = images.shape(0);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            float[] pixels;
            try (Tensor one = images.slice(0, i, i + 1)) {
                pixels = one.toFloatArray();
            }
            long h = pixels.length;
            for (float p : pixels) h = mix(h ^ Float.floatToIntBits(p == 0 ? 0f : p));
            out[i] = h >>> 1;
        }
        return out;
    }

    /** SplitMix64's finalizer: every input bit moves about half the output bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ---- the file entry ----------------------------------------------------------------------

    /** The entry's bytes, little-endian: int32 rows, int32 1 when complete else 0, int64 count, then the hashes ascending. */
    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 * hashes.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(rows).putInt(complete ? 1 : 0).putLong(hashes.length);
        for (long h : hashes) b.putLong(h);
        return b.array();
    }

    /**
     * The fingerprint in {@code bytes}, checked: the length the count declares, hashes ascending,
     * distinct and non-negative, no more of them than rows, all of them when complete.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong
     */
    static TrainingRows fromBytes(byte[] bytes) {
        if (bytes.length < 16) throw new IllegalArgumentException(ENTRY + " has " + bytes.length + " bytes; it needs a 16-byte header");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rows = b.getInt();
        int flag = b.getInt();
        long count = b.getLong();
        if (rows < 0 || (flag != 0 && flag != 1) || count < 0 || count > MAX_HASHES || count > rows || bytes.length != 16 + 8 * count) {
            throw new IllegalArgumentException(ENTRY + " is damaged: header (rows " + rows + ", complete " + flag + ", hashes " + count
                    + ") does not fit its " + bytes.length + " bytes or the limit of " + MAX_HASHES + " hashes");
        }
        if (flag == 0 && count < MAX_HASHES) {
            throw new IllegalArgumentException(ENTRY + " is damaged: a sample of " + count + " hashes must hold " + MAX_HASHES);
        }
        long[] hashes = new long[(int) count];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = b.getLong();
            if (hashes[i] < 0 || (i > 0 && hashes[i] <= hashes[i - 1])) {
                throw new IllegalArgumentException(ENTRY + " is damaged: hash " + i + " is not above the one before it");
            }
        }
        return new TrainingRows(rows, hashes, flag == 1);
    }

    @Override
    public String toString() {
        return "TrainingRows(" + rows + " rows, " + hashes.length + " hashes" + (complete ? "" : ", a sample") + ")";
    }
}
