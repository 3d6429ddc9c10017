package dev.fathom.saving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A saved zip file (a model or pipeline file) read within bounds: what its directory lists, the
 * manifest entry (at most {@value #MAX_MANIFEST_BYTES} bytes), then only the blobs the manifest
 * lists, each inflated no further than the size the manifest declares for it. A hostile file (a zip
 * bomb, an entry the manifest does not list, a blob larger than declared) is refused by name
 * before it costs more memory than what the manifest declares; every refusal is one
 * {@link ModelFileException} line that starts with the caller's {@code where} and names the entry,
 * what was declared and what was found. Which entries a format has is up to the format: this class
 * only holds the file to what its manifest says.
 *
 * <pre>{@code
 * try (ZipReader zip = ZipReader.open(path, "cannot load model file 'm.fathom'", "model file", "a zip holding ...")) {
 *     if (!zip.names().contains("fathom.json")) throw ...;
 *     Map<String, Object> manifest = Json.parse(new String(zip.manifest("fathom.json"), UTF_8), "fathom.json");
 *     Map<String, byte[]> blobs = zip.blobs("fathom.json", (Map<?, ?>) manifest.get("blobs"));
 * }
 * }</pre>
 */
public final class ZipReader implements AutoCloseable {
    /**
     * The most bytes a manifest entry may hold. It is read whole before anything in it can be
     * checked, so it needs a bound of its own; the manifests Fathom writes are kilobytes (a pipeline
     * with its preprocessor's categories and its metadata, a model's architecture), so 16 MiB leaves
     * room to spare while keeping a hostile manifest cheap.
     */
    public static final int MAX_MANIFEST_BYTES = 16 << 20;
    /** The most bytes one blob can declare: what a Java array holds. */
    public static final long MAX_BLOB_BYTES = Integer.MAX_VALUE - 8;
    /**
     * The most bytes all blobs of a file may declare together: four blobs of the largest size,
     * beyond any model or pipeline Fathom writes (each blob is built in memory whole). Checked
     * before anything is inflated, as is the heap of the JVM that reads the file.
     */
    public static final long MAX_TOTAL_BYTES = 4 * MAX_BLOB_BYTES;

    private final ZipSource source;
    private final String where;
    private final Map<String, ZipSource.Entry> entries;

    private ZipReader(ZipSource source, String where) {
        this.source = source;
        this.where = where;
        this.entries = new LinkedHashMap<>();
        for (ZipSource.Entry e : source.entries()) {
            if (!isPlainPath(e.name())) {
                close();
                throw new ModelFileException(where + ": the archive holds an entry named " + quoted(e.name()) + ", which is not a"
                        + " plain relative path (no '..', leading '/', '\\', ':' or control characters); the file is damaged or hostile");
            }
            // Which of two same-named entries a reader sees is up to the reader: refuse the file instead.
            if (entries.put(e.name(), e) != null) {
                close();
                throw new ModelFileException(where + ": the archive holds entry '" + e.name() + "' twice; the file is damaged");
            }
        }
    }

    /**
     * Opens the zip at {@code path}, reading its directory only.
     *
     * @param where    how each error message starts, naming the file: {@code "cannot load model file 'm.fathom'"}
     * @param kind     what the file should be, for the messages: {@code "model file"}
     * @param expected what such a file is, for the message when it is no zip: {@code "a zip holding ..., as written by model.save"}
     * @throws ModelFileException when the file is missing, empty, a directory, not a zip, truncated or
     *                            damaged, or holds an entry twice
     */
    public static ZipReader open(Path path, String where, String kind, String expected) {
        try {
            if (!Files.exists(path)) throw new ModelFileException(where + ": no such file");
            if (Files.isDirectory(path)) throw new ModelFileException(where + ": it is a directory, not a " + kind);
            if (Files.size(path) == 0) throw new ModelFileException(where + ": the file is empty");
            byte[] magic = new byte[4];
            try (var in = Files.newInputStream(path)) {
                if (!isZip(magic, in.readNBytes(magic, 0, 4))) throw notZip(where, kind, expected);
            }
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new ModelFileException(where + ": the zip archive is truncated or damaged (" + e.getMessage()
                    + "); the save did not finish or the file was cut short; use another copy", e);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(where + ": no such file", e);
        } catch (IOException e) {
            String why = e instanceof java.io.EOFException ? "it ends early" : e.getMessage();
            throw new ModelFileException(where + ": the zip archive cannot be read (" + why + "); it is truncated or damaged", e);
        }
        return new ZipReader(ZipSource.of(zip), where);
    }

    /**
     * Opens the zip held in {@code data} (a file embedded in another, read without a temporary
     * file), read and checked exactly as {@link #open(Path, String, String, String)} reads a file.
     */
    public static ZipReader open(byte[] data, String where, String kind, String expected) {
        if (data.length == 0) throw new ModelFileException(where + ": the " + kind + " is empty");
        if (!isZip(data, data.length)) throw notZip(where, kind, expected);
        try {
            return new ZipReader(ZipSource.of(data), where);
        } catch (ZipException e) {
            throw new ModelFileException(where + ": the zip archive is truncated or damaged (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isZip(byte[] head, int length) {
        return length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    private static ModelFileException notZip(String where, String kind, String expected) {
        return new ModelFileException(where + ": it is not a Fathom " + kind + " (not a zip archive; a " + kind + " is "
                + expected + ")");
    }

    /** The names of the archive's entries, in archive order; nothing has been inflated yet. */
    public Set<String> names() {
        return entries.keySet();
    }

    /**
     * The manifest entry's bytes, read only when the archive's directory says it holds at most
     * {@link #MAX_MANIFEST_BYTES}, never inflated past that, and checked against the SHA-256 the
     * archive's comment records ({@code sha256 <name> <hex>}, as {@link ZipArchive#write} writes it;
     * files written before Fathom recorded it have no comment, and their manifest has its CRC).
     *
     * @throws ModelFileException when the entry is absent, larger than the bound, fails its CRC check,
     *     or the comment is not the digest or does not match
     */
    public byte[] manifest(String name) {
        ZipSource.Entry e = entries.get(name);
        if (e == null) throw new ModelFileException(where + ": the zip archive holds no " + name + " (it holds " + names() + ")");
        String bound = "the " + MAX_MANIFEST_BYTES + " bytes (16 MiB) a manifest may hold";
        if (e.size() > MAX_MANIFEST_BYTES) {
            throw new ModelFileException(where + ": entry '" + name + "' is " + e.size() + " bytes, more than " + bound
                    + "; it is not a manifest Fathom wrote");
        }
        // No further than the directory says: a manifest that inflates past its declared size is refused at once.
        if (e.size() >= 0) bound = "the " + e.size() + " bytes the archive's directory declares";
        byte[] bytes = read(e, e.size() >= 0 ? e.size() : MAX_MANIFEST_BYTES, bound, true);
        checkManifestDigest(name, bytes);
        return bytes;
    }

    private void checkManifestDigest(String name, byte[] manifest) {
        String comment = source.comment();
        if (comment == null || comment.isEmpty()) return;
        String expectedStart = ZipArchive.DIGEST_PREFIX + name + " ";
        if (!comment.startsWith(expectedStart) || comment.length() != expectedStart.length() + 64) {
            throw new ModelFileException(where + ": the archive's comment " + quoted(comment) + " is not the \"" + expectedStart
                    + "<hex>\" that Fathom records; the file is damaged or was edited");
        }
        String recorded = comment.substring(expectedStart.length());
        String actual = ZipArchive.sha256(manifest);
        if (!actual.equalsIgnoreCase(recorded)) {
            throw new ModelFileException(where + ": " + name + " fails its SHA-256 check (recorded " + recorded + ", computed "
                    + actual + "): the file is damaged; use another copy");
        }
    }

    /**
     * Whether an entry name is what Fathom writes: slash-separated segments, none empty, "." or
     * "..", no backslash, colon or control character. Fathom never extracts entries to disk, but a
     * name that could climb out of a directory (zip-slip) marks a file no Fathom wrote.
     */
    private static boolean isPlainPath(String name) {
        if (name.isEmpty() || name.length() > 1024) return false;
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' || c == ':' || Character.isISOControl(c)) return false;
        }
        return true;
    }

    private static String quoted(String s) {
        String shown = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }

    /**
     * The blobs {@code listed} (a manifest's {@code blobs} object: entry name to
     * {@code {bytes, sha256}}) that the archive holds, by name in listed order, each checked against
     * its declared size, its CRC and its SHA-256. Before anything is inflated it refuses an entry
     * the manifest does not list, a declared size that is missing or too large for this JVM, and
     * an entry the archive's directory gives another size than the manifest does. A listed entry
     * the archive lacks is left out, for the format to name.
     *
     * @param manifestName the manifest's entry name, for the messages and to leave out of the check
     * @throws ModelFileException naming the entry, what the manifest declares and what the archive holds
     */
    public Map<String, byte[]> blobs(String manifestName, Map<?, ?> listed) {
        for (String name : entries.keySet()) {
            if (!name.equals(manifestName) && !listed.containsKey(name)) {
                throw new ModelFileException(where + ": the archive holds '" + name + "', which " + manifestName
                        + " does not list; the file was edited");
            }
        }
        Map<String, Long> declared = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<?, ?> l : listed.entrySet()) {
            String name = String.valueOf(l.getKey());
            long bytes = declaredBytes(name, l.getValue(), manifestName);
            declared.put(name, bytes);
            total += bytes;   // each at most MAX_BLOB_BYTES, so no overflow for any real count of entries
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new ModelFileException(where + ": " + manifestName + " declares " + total + " bytes of blobs in all, more than the "
                    + MAX_TOTAL_BYTES + " a Fathom file may hold; the file is damaged or was edited");
        }
        long heap = Runtime.getRuntime().maxMemory();
        // Loading holds a blob's bytes and the tensors made of them at once: twice what is declared must fit.
        if (total > heap / 2) {
            throw new ModelFileException(where + ": " + manifestName + " declares " + total + " bytes of blobs in all; loading"
                    + " them takes twice that, more than this JVM's heap of " + heap + " bytes holds; start Java with a larger -Xmx"
                    + " to load it");
        }
        List<ZipSource.Entry> toRead = new ArrayList<>();
        for (Map.Entry<String, Long> d : declared.entrySet()) {
            ZipSource.Entry e = entries.get(d.getKey());
            if (e == null) continue;
            if (e.size() != -1 && e.size() != d.getValue()) {
                throw new ModelFileException(where + ": entry '" + e.name() + "' is " + e.size() + " bytes by the archive's directory"
                        + " but " + manifestName + " declares " + d.getValue() + "; the file is damaged or was edited");
            }
            toRead.add(e);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (ZipSource.Entry e : toRead) {
            long bytes = declared.get(e.name());
            byte[] blob = read(e, bytes, "the " + bytes + " bytes " + manifestName + " declares", false);
            if (blob.length != bytes) {
                throw new ModelFileException(where + ": entry '" + e.name() + "' holds " + blob.length + " bytes where "
                        + manifestName + " declares " + bytes + "; the file is damaged or was edited");
            }
            ZipArchive.checkBlob(e.name(), blob, listed.get(e.name()), manifestName, where);
            out.put(e.name(), blob);
        }
        return out;
    }

    private long declaredBytes(String name, Object info, String manifestName) {
        Object bytes = info instanceof Map<?, ?> i ? i.get("bytes") : null;
        if (!(bytes instanceof Integer || bytes instanceof Long) || ((Number) bytes).longValue() < 0) {
            throw new ModelFileException(where + ": " + manifestName + " records no size (\"bytes\", a whole number from 0) for "
                    + name + (bytes == null ? "" : " (it records " + bytes + ")") + "; the file is damaged");
        }
        long n = ((Number) bytes).longValue();
        if (n > MAX_BLOB_BYTES) {
            throw new ModelFileException(where + ": " + manifestName + " declares " + n + " bytes for " + name + ", more than the "
                    + MAX_BLOB_BYTES + " one blob can hold; the file is damaged or was edited");
        }
        return n;
    }

    /**
     * The entry's bytes, inflated no further than {@code limit} bytes plus one (to see that there
     * are more), then checked against its CRC.
     */
    private byte[] read(ZipSource.Entry e, long limit, String bound, boolean manifest) {
        byte[] data;
        try (InputStream in = source.open(e)) {
            // Into one array of the declared size (readNBytes(int) would gather chunks and copy them: twice the memory).
            data = new byte[(int) limit];
            int n = in.readNBytes(data, 0, data.length);
            if (n < data.length) data = java.util.Arrays.copyOf(data, n);
            if (in.read() != -1) {
                throw new ModelFileException(where + ": entry '" + e.name() + "' inflates past " + bound + " (its directory says "
                        + e.size() + "); " + (manifest ? "it is not a manifest Fathom wrote" : "the file is damaged or was edited"));
            }
        } catch (ZipException ex) {
            throw new ModelFileException(where + ": entry '" + e.name() + "' is truncated or damaged (" + ex.getMessage()
                    + "); use another copy", ex);
        } catch (IOException ex) {
            throw new ModelFileException(where + ": entry '" + e.name() + "' cannot be read (" + ex + "); the file is truncated"
                    + " or damaged", ex);
        }
        if (e.crc() != -1 && ZipArchive.crc(data) != e.crc()) {
            throw new ModelFileException(where + ": entry '" + e.name() + "' fails its CRC check (the file is damaged);"
                    + " use another copy");
        }
        return data;
    }

    /** Closes the file (nothing to do for bytes in memory). */
    @Override
    public void close() {
        try {
            source.close();
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);   // closing a file only read from: not expected
        }
    }

}
