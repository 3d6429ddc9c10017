package dev.fathom.testing;

import dev.fathom.saving.Json;
import dev.fathom.saving.ZipArchive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The entries of a saved zip file (a model or pipeline file), read and written back plainly, for
 * tests that look inside a file or edit it as a person or a tool would: every entry rewritten
 * deflated with a fresh CRC, so only the checks above the zip (SHA-256, format, contents) can
 * catch the change.
 *
 * <pre>{@code
 * ZipEntries.editJson(file, "fathom.json", manifest -> manifest.put("version", 99));
 * Map<String, Object> manifest = ZipEntries.json(file, "fathom.json");
 * ZipEntries.stream(file, "weights.safetensors", ZipEntries.zeros(1L << 30));   // a zip bomb, written in little memory
 * ZipEntries.declareSize(file, "weights.safetensors", 1234);                   // whose directory lies about its size
 * }</pre>
 */
public final class ZipEntries {
    private ZipEntries() {}

    /**
     * A fuzz input as a saved file: the input itself, or, when it starts with <code>{</code>, a
     * valid archive of {@code blobs} (the entries of a file that loads) whose manifest
     * {@code manifestName} is the input, so that mutations reach the checks behind the zip.
     */
    public static byte[] fileOrManifest(byte[] input, String manifestName, Map<String, byte[]> blobs) {
        if (input.length == 0 || input[0] != '{') return input;
        var out = new ByteArrayOutputStream();
        try {
            ZipArchive.write(out, manifestName, input, blobs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every entry by name, in archive order. */
    public static Map<String, byte[]> read(Path file) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** One entry's bytes; an AssertionError when the file has no such entry. */
    public static byte[] entry(Path file, String name) {
        byte[] data = read(file).get(name);
        if (data == null) throw new AssertionError(name + " not in " + file);
        return data;
    }

    /** Replaces the file with a fresh, internally consistent zip of these entries, in order. */
    public static void write(Path file, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
            out.finish();
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites one entry with what {@code change} makes of its bytes, the others as they were. */
    public static void rewrite(Path file, String name, UnaryOperator<byte[]> change) {
        Map<String, byte[]> entries = read(file);
        entries.put(name, change.apply(entries.get(name)));
        write(file, entries);
    }

    /** A JSON entry (a manifest) parsed. */
    public static Map<String, Object> json(Path file, String name) {
        return Json.parse(new String(entry(file, name), StandardCharsets.UTF_8), name);
    }

    /** Rewrites a JSON entry after {@code edit} changed it (a manifest's own digest, where the file has one, is recomputed). */
    public static void editJson(Path file, String name, Consumer<Map<String, Object>> edit) {
        rewrite(file, name, bytes -> {
            Map<String, Object> m = new LinkedHashMap<>(Json.parse(new String(bytes, StandardCharsets.UTF_8), name));
            edit.accept(m);
            return Json.write(m).getBytes(StandardCharsets.UTF_8);
        });
    }

    /**
     * Rewrites blob {@code name} with what {@code change} makes of it and records its new size and
     * SHA-256 in the manifest, as a hostile editor who recomputes the checksums would: what remains
     * to refuse the file is what the blob holds.
     */
    @SuppressWarnings("unchecked")
    public static void rewriteBlob(Path file, String manifestName, String name, UnaryOperator<byte[]> change) {
        rewrite(file, name, change);
        byte[] blob = entry(file, name);
        editJson(file, manifestName, m -> ((Map<String, Object>) m.get("blobs")).put(name, ZipArchive.blobInfo(blob)));
    }

    /**
     * Rewrites the file with entry {@code name} holding what {@code content} gives (replacing the
     * entry in its place, or added last), deflated as it is read: a zip bomb of gigabytes of zeros
     * is written in a few megabytes, and neither the test nor the file ever holds it whole.
     */
    public static void stream(Path file, String name, InputStream content) {
        Map<String, byte[]> entries = read(file);
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.setLevel(Deflater.BEST_SPEED);
            entries.put(name, null);   // in its place when present, else last
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getValue() != null) out.write(e.getValue());
                else content.transferTo(out);
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int CHUNK = 1 << 16;

    /** A stream of {@code n} copies of {@code fill}, made as it is read. */
    public static InputStream repeated(byte fill, long n) {
        return new InputStream() {
            private long left = n;

            @Override
            public int read() {
                if (left == 0) return -1;
                left--;
                return fill & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) return -1;
                int k = (int) Math.min(Math.min(len, left), CHUNK);
                java.util.Arrays.fill(b, off, off + k, fill);
                left -= k;
                return k;
            }
        };
    }

    /** A stream of {@code n} zero bytes, made as it is read. */
    public static InputStream zeros(long n) {
        return repeated((byte) 0, n);
    }

    /**
     * Makes the file's central directory say that entry {@code name} inflates to {@code size}
     * bytes, leaving its data as it is: a directory that lies, as a hostile file's would.
     */
    public static void declareSize(Path file, String name, long size) {
        try {
            byte[] zip = Files.readAllBytes(file);
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int at = zip.length - 46 - n.length; at >= 0; at--) {
                if (le(zip, at, 4) != 0x02014b50L || le(zip, at + 28, 2) != n.length) continue;
                for (int j = 0; j < n.length; j++) if (zip[at + 46 + j] != n[j]) continue outer;
                for (int i = 0; i < 4; i++) zip[at + 24 + i] = (byte) (size >>> (8 * i));
                Files.write(file, zip);
                return;
            }
            throw new AssertionError(name + " has no central directory entry in " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
        return v;
    }
}
