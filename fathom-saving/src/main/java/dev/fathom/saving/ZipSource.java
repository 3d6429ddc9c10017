package dev.fathom.saving;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * What {@link ZipReader} needs of a zip: the entries its central directory lists (name, size,
 * CRC) and each entry's inflated bytes as a stream, read only when asked for. A file is read by
 * the JDK's {@link ZipFile}; bytes in memory by the small directory reader below, since the JDK
 * reads a directory only from a file and a stream reader ({@code ZipInputStream}) sees an entry's
 * sizes only after inflating it.
 */
interface ZipSource extends Closeable {
    /** One entry as the directory lists it; {@code size} and {@code crc} are -1 when not recorded. */
    record Entry(String name, long size, long crc) {}

    List<Entry> entries();

    /** The entry's bytes, inflated as they are read. */
    InputStream open(Entry e) throws IOException;

    /** The archive's comment (where Fathom records its manifest's SHA-256), or null when it has none. */
    String comment();

    static ZipSource of(ZipFile zip) {
        List<Entry> entries = new ArrayList<>();
        for (var it = zip.entries(); it.hasMoreElements(); ) {
            ZipEntry e = it.nextElement();
            entries.add(new Entry(e.getName(), e.getSize(), e.getCrc()));
        }
        return new ZipSource() {
            @Override public List<Entry> entries() { return entries; }
            @Override public InputStream open(Entry e) throws IOException { return zip.getInputStream(zip.getEntry(e.name())); }
            @Override public String comment() { return zip.getComment(); }
            @Override public void close() throws IOException { zip.close(); }
        };
    }

    /** Reads the central directory of the zip in {@code data} (no zip64: a byte array holds under 2 GiB). */
    static ZipSource of(byte[] data) throws ZipException {
        int end = endOfDirectory(data);
        int commentLength = Math.min(u16(data, end + 20), data.length - end - 22);
        String comment = commentLength == 0 ? null : new String(data, end + 22, commentLength, StandardCharsets.UTF_8);
        int count = u16(data, end + 10);
        long dirOffset = u32(data, end + 16);
        List<Entry> entries = new ArrayList<>();
        List<int[]> where = new ArrayList<>();   // per entry: method, local header offset, compressed size
        int at = (int) Math.min(dirOffset, Integer.MAX_VALUE);
        for (int i = 0; i < count; i++) {
            if (at < 0 || at > data.length - 46 || u32(data, at) != 0x02014b50L) {   // not at + 46: it overflows
                throw new ZipException("bad central directory entry " + i);
            }
            int flags = u16(data, at + 8);
            int method = u16(data, at + 10);
            long crc = u32(data, at + 16);
            long compressed = u32(data, at + 20);
            long size = u32(data, at + 24);
            int nameLength = u16(data, at + 28);
            int skip = nameLength + u16(data, at + 30) + u16(data, at + 32);
            long local = u32(data, at + 42);
            if (at + 46 + skip > data.length) throw new ZipException("bad central directory entry " + i);
            if ((flags & 1) != 0) throw new ZipException("entry " + i + " is encrypted");
            if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
                throw new ZipException("entry " + i + " uses compression method " + method);
            }
            if (compressed > data.length || local > data.length) throw new ZipException("entry " + i + " lies outside the archive");
            entries.add(new Entry(new String(data, at + 46, nameLength, StandardCharsets.UTF_8), size, crc));
            where.add(new int[] {method, (int) local, (int) compressed});
            at += 46 + skip;
        }
        return new ZipSource() {
            @Override public List<Entry> entries() { return entries; }

            @Override
            public InputStream open(Entry e) throws IOException {
                int[] w = where.get(entries.indexOf(e));
                int local = w[1];
                if (local + 30 > data.length || u32(data, local) != 0x04034b50L) {
                    throw new ZipException("bad local header for " + e.name());
                }
                int start = local + 30 + u16(data, local + 26) + u16(data, local + 28);
                if (start + (long) w[2] > data.length) throw new ZipException(e.name() + " lies outside the archive");
                InputStream raw = new ByteArrayInputStream(data, start, w[2]);
                if (w[0] == ZipEntry.STORED) return raw;
                Inflater inflater = new Inflater(true);
                // A raw (nowrap) inflater may need one byte past the data to finish, as ZipFile gives it.
                InputStream padded = new SequenceInputStream(raw, new ByteArrayInputStream(new byte[1]));
                return new FilterInputStream(new InflaterInputStream(padded, inflater)) {
                    @Override
                    public void close() throws IOException {
                        super.close();
                        inflater.end();
                    }
                };
            }

            @Override public String comment() { return comment; }

            @Override public void close() {}
        };
    }

    /** The offset of the end-of-central-directory record, searched from the end past a comment of up to 64 KiB. */
    private static int endOfDirectory(byte[] data) throws ZipException {
        for (int at = data.length - 22; at >= 0 && at >= data.length - 22 - 0xFFFF; at--) {
            if (u32(data, at) == 0x06054b50L) return at;
        }
        throw new ZipException("no end of central directory; the archive is cut short");
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
    }
}
