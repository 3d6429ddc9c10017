package dev.fathom.testing;

import dev.fathom.saving.Json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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
 * }</pre>
 */
public final class ZipEntries {
    private ZipEntries() {}

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

    /** Rewrites a JSON entry after {@code edit} changed it. */
    public static void editJson(Path file, String name, Consumer<Map<String, Object>> edit) {
        rewrite(file, name, bytes -> {
            Map<String, Object> m = new LinkedHashMap<>(Json.parse(new String(bytes, StandardCharsets.UTF_8), name));
            edit.accept(m);
            return Json.write(m).getBytes(StandardCharsets.UTF_8);
        });
    }
}
