package dev.fathom.saving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ZipReader holds a zip to what its manifest declares, the same for a file and for bytes in
 * memory (every bounded test runs on both). Hostile entries are made with a lying directory or
 * damaged data, so a refusal by name proves the entry was never inflated: inflating it would have
 * failed differently.
 */
class ZipReaderTest {
    private static final String WHERE = "cannot load thing file 'x'";
    private static final String EXPECTED = "a zip holding thing.json, as written by thing.save";
    private static final byte[] JSON = "{\"format\": \"thing\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BLOB = "the weights".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    /** Where the zip's bytes are read from. */
    enum From { FILE, BYTES }

    private ZipReader open(From from, byte[] zip) {
        if (from == From.BYTES) return ZipReader.open(zip, WHERE, "thing file", EXPECTED);
        try {
            return ZipReader.open(Files.write(dir.resolve("t.zip"), zip), WHERE, "thing file", EXPECTED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The message of the refusal when reading the manifest and then the blobs {@code listed}. */
    private String refused(From from, byte[] zip, Map<String, Object> listed) {
        return assertThrows(ModelFileException.class, () -> {
            try (ZipReader r = open(from, zip)) {
                r.manifest("thing.json");
                r.blobs("thing.json", listed);
            }
        }).getMessage();
    }

    private static Map<String, Object> listed(String name, Object bytes, byte[] data) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("bytes", bytes);
        info.put("sha256", ZipArchive.sha256(data));
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put(name, info);
        return listed;
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void readsTheManifestAndTheListedBlobsOfAWrittenFile(From from) throws IOException {
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        blobs.put("w.bin", BLOB);
        blobs.put("empty.bin", new byte[0]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipArchive.write(out, "thing.json", JSON, blobs);
        Map<String, Object> listed = new LinkedHashMap<>();
        listed.put("empty.bin", ZipArchive.blobInfo(new byte[0]));
        listed.put("w.bin", ZipArchive.blobInfo(BLOB));
        listed.put("absent.bin", ZipArchive.blobInfo(new byte[3]));
        try (ZipReader zip = open(from, out.toByteArray())) {
            assertEquals(List.of("thing.json", "w.bin", "empty.bin"), List.copyOf(zip.names()));
            assertArrayEquals(JSON, zip.manifest("thing.json"));
            Map<String, byte[]> back = zip.blobs("thing.json", listed);
            assertEquals(List.of("empty.bin", "w.bin"), List.copyOf(back.keySet()), "in listed order; the absent one left out");
            assertArrayEquals(BLOB, back.get("w.bin"));
        }
    }

    @Test
    void refusesWhatIsNoZipWithAMessageSayingWhy() throws IOException {
        Function<Path, String> refused = p -> assertThrows(ModelFileException.class,
                () -> ZipReader.open(p, WHERE, "thing file", EXPECTED)).getMessage();
        assertEquals(WHERE + ": no such file", refused.apply(dir.resolve("absent")));
        assertEquals(WHERE + ": it is a directory, not a thing file", refused.apply(dir));
        assertEquals(WHERE + ": the file is empty", refused.apply(Files.write(dir.resolve("empty"), new byte[0])));
        String notZip = WHERE + ": it is not a Fathom thing file (not a zip archive; a thing file is " + EXPECTED + ")";
        assertEquals(notZip, refused.apply(Files.writeString(dir.resolve("text"), "hello, world")));
        byte[] text = "hello, world".getBytes(StandardCharsets.UTF_8);
        assertEquals(notZip, assertThrows(ModelFileException.class,
                () -> ZipReader.open(text, WHERE, "thing file", EXPECTED)).getMessage());
        assertEquals(WHERE + ": the thing file is empty", assertThrows(ModelFileException.class,
                () -> ZipReader.open(new byte[0], WHERE, "thing file", EXPECTED)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void refusesAnArchiveHoldingAnEntryTwice(From from) {
        // ZipOutputStream refuses duplicate names, so the second entry is renamed in the bytes afterwards.
        byte[] zip = zip(entries("a.bin", new byte[] {1}, "b.bin", new byte[] {1}));
        String latin = new String(zip, StandardCharsets.ISO_8859_1).replace("b.bin", "a.bin");
        byte[] twice = latin.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(WHERE + ": the archive holds entry 'a.bin' twice; the file is damaged",
                assertThrows(ModelFileException.class, () -> open(from, twice)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void anUnlistedEntryIsRefusedByNameBeforeItIsInflated(From from) {
        // A "bomb" the directory says inflates to 1 GiB, whose data is damaged: reading any of it would fail otherwise.
        byte[] zip = zip(entries("thing.json", JSON, "w.bin", BLOB, "bomb.bin", new byte[4096]));
        zip = declareSize(zip, "bomb.bin", 1L << 30);
        damageData(zip, "bomb.bin");
        assertEquals(WHERE + ": the archive holds 'bomb.bin', which thing.json does not list; the file was edited",
                refused(from, zip, listed("w.bin", BLOB.length, BLOB)));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void aBlobTheDirectorySizesOtherwiseThanTheManifestIsRefusedBeforeItIsInflated(From from) {
        byte[] zip = zip(entries("thing.json", JSON, "w.bin", new byte[4096]));
        damageData(zip, "w.bin");
        assertEquals(WHERE + ": entry 'w.bin' is 4096 bytes by the archive's directory but thing.json declares 11;"
                + " the file is damaged or was edited", refused(from, zip, listed("w.bin", BLOB.length, BLOB)));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void aBlobInflatingPastItsDeclaredSizeIsRefused(From from) {
        // The directory agrees with the manifest (11 bytes), but the data inflates to 4096.
        byte[] zip = declareSize(zip(entries("thing.json", JSON, "w.bin", new byte[4096])), "w.bin", BLOB.length);
        assertEquals(WHERE + ": entry 'w.bin' inflates past the 11 bytes thing.json declares (its directory says 11);"
                + " the file is damaged or was edited", refused(from, zip, listed("w.bin", BLOB.length, BLOB)));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void aBlobShorterThanDeclaredIsRefused(From from) {
        byte[] zip = declareSize(zip(entries("thing.json", JSON, "w.bin", BLOB)), "w.bin", 100);
        assertEquals(WHERE + ": entry 'w.bin' holds 11 bytes where thing.json declares 100; the file is damaged or was edited",
                refused(from, zip, listed("w.bin", 100, BLOB)));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void declaredSizesMustBeWholeNumbersWithinBounds(From from) {
        byte[] zip = zip(entries("thing.json", JSON, "w.bin", BLOB));
        assertEquals(WHERE + ": thing.json records no size (\"bytes\", a whole number from 0) for w.bin (it records -1);"
                + " the file is damaged", refused(from, zip, listed("w.bin", -1, BLOB)));
        assertEquals(WHERE + ": thing.json records no size (\"bytes\", a whole number from 0) for w.bin; the file is damaged",
                refused(from, zip, Map.of("w.bin", Map.of("sha256", ZipArchive.sha256(BLOB)))));
        assertEquals(WHERE + ": thing.json declares 4294967296 bytes for w.bin, more than the 2147483639 one blob can hold;"
                + " the file is damaged or was edited", refused(from, zip, listed("w.bin", 1L << 32, BLOB)));
        Map<String, Object> many = new LinkedHashMap<>(listed("w.bin", BLOB.length, BLOB));
        for (int i = 0; i < 5; i++) many.put("more" + i + ".bin", Map.of("bytes", ZipReader.MAX_BLOB_BYTES));
        assertEquals(WHERE + ": thing.json declares " + (5 * ZipReader.MAX_BLOB_BYTES + BLOB.length) + " bytes of blobs in all,"
                + " more than the " + ZipReader.MAX_TOTAL_BYTES + " a Fathom file may hold; the file is damaged or was edited",
                refused(from, zip, many));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void aManifestOverTheCapIsRefused(From from) {
        int over = ZipReader.MAX_MANIFEST_BYTES + 1;
        // Valid JSON padded with spaces: only its size is wrong.
        byte[] padded = new byte[over];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(JSON, 0, padded, 0, JSON.length);
        byte[] zip = zip(entries("thing.json", padded));
        assertEquals(WHERE + ": entry 'thing.json' is 16777217 bytes, more than the 16777216 bytes (16 MiB) a manifest may"
                + " hold; it is not a manifest Fathom wrote", refused(from, zip, Map.of()));
        byte[] lying = declareSize(zip, "thing.json", JSON.length);
        // Read no further than the directory declares: the lie costs nothing.
        assertEquals(WHERE + ": entry 'thing.json' inflates past the " + JSON.length + " bytes the archive's directory declares"
                + " (its directory says " + JSON.length + "); it is not a manifest Fathom wrote", refused(from, lying, Map.of()));
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void aBlobFailingItsCrcIsRefused(From from) {
        byte[] zip = zip(entries("thing.json", JSON, "w.bin", BLOB));
        damageData(zip, "w.bin");   // deflated "the weights": the damage may show as bad data or a wrong CRC
        String message = refused(from, zip, listed("w.bin", BLOB.length, BLOB));
        assertEquals(true, message.startsWith(WHERE + ": entry 'w.bin' ") && (message.contains("fails its CRC check")
                || message.contains("truncated or damaged")) && !message.contains("\n"), message);
    }

    // ---- crafting zips ---------------------------------------------------------------------------

    private static Map<String, byte[]> entries(Object... nameThenBytes) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenBytes.length; i += 2) m.put((String) nameThenBytes[i], (byte[]) nameThenBytes[i + 1]);
        return m;
    }

    /** A zip of these entries, each deflated, in order. */
    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The zip with its central directory giving {@code name} the uncompressed size {@code size}. */
    private static byte[] declareSize(byte[] zip, String name, long size) {
        byte[] out = zip.clone();
        int at = directoryEntry(out, name);
        for (int i = 0; i < 4; i++) out[at + 24 + i] = (byte) (size >>> (8 * i));
        return out;
    }

    /** Flips bits in the middle of the entry's compressed data. */
    private static void damageData(byte[] zip, String name) {
        int at = directoryEntry(zip, name);
        int local = (int) le(zip, at + 42, 4);
        int start = local + 30 + (int) le(zip, local + 26, 2) + (int) le(zip, local + 28, 2);
        int compressed = (int) le(zip, at + 20, 4);
        for (int i = start + compressed / 3; i < start + 2 * compressed / 3 + 1; i++) zip[i] ^= 0x5A;
    }

    private static int directoryEntry(byte[] zip, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int at = 0; at + 46 + n.length <= zip.length; at++) {
            if (le(zip, at, 4) != 0x02014b50L || le(zip, at + 28, 2) != n.length) continue;
            for (int j = 0; j < n.length; j++) if (zip[at + 46 + j] != n[j]) continue outer;
            return at;
        }
        throw new AssertionError(name + " has no central directory entry");
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = v << 8 | (b[at + i] & 0xFF);
        return v;
    }

    /** A zip of {@code manifest} as thing.json with {@code comment} as the archive's comment (null for none). */
    private static byte[] zipWithComment(byte[] manifest, String comment) {
        var bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (comment != null) zip.setComment(comment);
            zip.putNextEntry(new ZipEntry("thing.json"));
            zip.write(manifest);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(From.class)
    void theManifestIsCoveredByTheSha256TheArchivesCommentRecords(From from) throws IOException {
        var written = new ByteArrayOutputStream();
        ZipArchive.write(written, "thing.json", JSON, Map.of());
        try (ZipReader r = open(from, written.toByteArray())) {
            assertArrayEquals(JSON, r.manifest("thing.json"));
        }
        String digest = "sha256 thing.json " + ZipArchive.sha256(JSON);
        // The manifest edited (its CRC right) under the original comment: refused by its SHA-256.
        byte[] edited = "{\"format\": \"thinG\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(WHERE + ": thing.json fails its SHA-256 check (recorded " + ZipArchive.sha256(JSON) + ", computed "
                + ZipArchive.sha256(edited) + "): the file is damaged; use another copy", refused(from, zipWithComment(edited, digest), Map.of()));
        assertEquals(WHERE + ": the archive's comment \"sha256 thing.json 12\" is not the \"sha256 thing.json <hex>\" that Fathom"
                + " records; the file is damaged or was edited", refused(from, zipWithComment(JSON, "sha256 thing.json 12"), Map.of()));
        // A file from before the digest was recorded has no comment: its manifest has its CRC.
        try (ZipReader r = open(from, zipWithComment(JSON, null))) {
            assertArrayEquals(JSON, r.manifest("thing.json"));
        }
    }
}
