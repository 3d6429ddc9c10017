package dev.fathom.saving;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The zip container shared by Fathom's saved files (the model file and the pipeline file): a JSON
 * manifest entry followed by stored blobs, each blob's size and SHA-256 recorded in the manifest.
 * This class writes the zip and checks a blob against its recorded SHA-256; {@link ZipReader}
 * reads one back within the bounds its manifest declares. What the manifest says is up to each
 * file format. Every failure is a {@link ModelFileException} that starts with the caller's
 * {@code where} ("cannot load model file 'x'") and says what is wrong with the file.
 *
 * <pre>{@code
 * byte[] weights = SafeTensors.write(tensors);
 * Map<String, Object> manifest = Map.of("blobs", Map.of("weights.safetensors", ZipArchive.blobInfo(weights)));
 * byte[] json = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
 * AtomicFiles.write(path, out -> ZipArchive.write(out, "fathom.json", json, Map.of("weights.safetensors", weights)));
 *
 * try (ZipReader zip = ZipReader.open(path, "cannot load model file '" + path + "'", "model file",
 *         "a zip holding fathom.json and weights.safetensors, as written by model.save")) {
 *     byte[] json = zip.manifest("fathom.json");
 *     Map<String, byte[]> blobs = zip.blobs("fathom.json", blobsOf(json));
 * }
 * }</pre>
 */
public final class ZipArchive {
    private ZipArchive() {}

    /** How the archive's comment starts: {@code "sha256 <manifest name> <hex>"} covers the manifest itself. */
    static final String DIGEST_PREFIX = "sha256 ";

    /**
     * Writes the zip: the manifest first (deflated), then each blob in order, stored. Blobs are not
     * deflated: float weights barely compress, nested saved files are zips already, and stored bytes
     * can be mapped as they are. The manifest records each blob's SHA-256; the archive's comment
     * records the manifest's own ({@code sha256 fathom.json <hex>}), so every entry is covered by a
     * SHA-256, the manifest included, while readers that know nothing of it still read the file.
     */
    public static void write(OutputStream out, String manifestName, byte[] manifest, Map<String, byte[]> blobs) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setComment(DIGEST_PREFIX + manifestName + " " + sha256(manifest));
        zip.putNextEntry(new ZipEntry(manifestName));
        zip.write(manifest);
        zip.closeEntry();
        for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
            byte[] data = b.getValue();
            ZipEntry e = new ZipEntry(b.getKey());
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            e.setCrc(crc(data));
            zip.putNextEntry(e);
            zip.write(data);
            zip.closeEntry();
        }
        zip.finish();
    }

    /** What the manifest records of a blob: {@code {bytes: <size>, sha256: <lower-case hex>}}. */
    public static Map<String, Object> blobInfo(byte[] blob) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("bytes", blob.length);
        info.put("sha256", sha256(blob));
        return info;
    }

    /**
     * Checks a blob against what the manifest records of it ({@link #blobInfo}).
     *
     * @param name         the blob's entry name
     * @param info         the manifest's record of it (anything but an object with a {@code sha256} string is refused)
     * @param manifestName the manifest's entry name, for the message
     * @param where        how the error message starts, naming the file
     * @throws ModelFileException when no SHA-256 is recorded or the blob's differs from it
     */
    public static void checkBlob(String name, byte[] blob, Object info, String manifestName, String where) {
        if (!(info instanceof Map<?, ?> i) || !(i.get("sha256") instanceof String sha)) {
            throw new ModelFileException(where + ": " + manifestName + " records no sha256 for " + name + "; the file is damaged");
        }
        String actual = sha256(blob);
        if (!actual.equalsIgnoreCase(sha)) {
            throw new ModelFileException(where + ": " + name + " fails its SHA-256 check (recorded " + sha + ", computed "
                    + actual + "): the file is damaged; use another copy");
        }
    }

    /** The SHA-256 of {@code data} in lower-case hex. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e); // every JVM must provide it
        }
    }

    /** The CRC-32 a zip records of {@code data}. */
    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
