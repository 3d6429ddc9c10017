package dev.fathom.saving;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZipArchiveTest {
    private static final String WHERE = "cannot load thing file 'x'";

    @TempDir
    Path dir;

    @Test
    void writesTheManifestDeflatedAndTheBlobsStoredAndReadsThemBackInOrder() throws IOException {
        byte[] json = "{\"format\": \"thing\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        blobs.put("b.bin", new byte[] {1, 2, 3});
        blobs.put("a.bin", new byte[0]);
        Path p = dir.resolve("t.zip");
        AtomicFiles.write(p, out -> ZipArchive.write(out, "thing.json", json, blobs));

        Map<String, Object> listed = new LinkedHashMap<>();
        for (var b : blobs.entrySet()) listed.put(b.getKey(), ZipArchive.blobInfo(b.getValue()));
        try (ZipReader zip = ZipReader.open(p, WHERE, "thing file", "a zip holding thing.json, as written by thing.save")) {
            assertEquals(List.of("thing.json", "b.bin", "a.bin"), List.copyOf(zip.names()));
            assertArrayEquals(json, zip.manifest("thing.json"));
            Map<String, byte[]> back = zip.blobs("thing.json", listed);
            assertArrayEquals(new byte[] {1, 2, 3}, back.get("b.bin"));
            assertArrayEquals(new byte[0], back.get("a.bin"));
        }
        try (ZipFile zip = new ZipFile(p.toFile())) {
            assertEquals(ZipEntry.DEFLATED, zip.getEntry("thing.json").getMethod());
            assertEquals(ZipEntry.STORED, zip.getEntry("b.bin").getMethod());
        }
    }

    @Test
    void checksABlobAgainstItsRecordedSha256() {
        byte[] blob = "weights".getBytes(StandardCharsets.UTF_8);
        Map<String, Object> info = ZipArchive.blobInfo(blob);
        assertEquals(Map.of("bytes", 7, "sha256", ZipArchive.sha256(blob)), info);
        ZipArchive.checkBlob("w.bin", blob, info, "thing.json", WHERE); // passes

        var missing = assertThrows(ModelFileException.class, () -> ZipArchive.checkBlob("w.bin", blob, Map.of("bytes", 7),
                "thing.json", WHERE));
        assertEquals(WHERE + ": thing.json records no sha256 for w.bin; the file is damaged", missing.getMessage());
        String other = ZipArchive.sha256(new byte[0]);
        var wrong = assertThrows(ModelFileException.class, () -> ZipArchive.checkBlob("w.bin", blob, Map.of("sha256", other),
                "thing.json", WHERE));
        assertEquals(WHERE + ": w.bin fails its SHA-256 check (recorded " + other + ", computed " + ZipArchive.sha256(blob)
                + "): the file is damaged; use another copy", wrong.getMessage());
    }

    @Test
    void sha256IsTheStandardDigestInLowerCaseHex() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ZipArchive.sha256(new byte[0]));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ZipArchive.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }
}
