package dev.fathom.saving;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The zip container shared by Fathom's saved files (the model file and the pipeline file): a JSON
 * manifest entry followed by stored blobs, each blob's size and SHA-256 recorded in the manifest.
 * This class writes the zip, reads every entry back checked against its CRC, and checks a blob
 * against its recorded SHA-256; what the manifest says is up to each file format. Every failure is a
 * {@link ModelFileException} that starts with the caller's {@code where} ("cannot load model file
 * 'x'") and says what is wrong with the file.
 *
 * <pre>{@code
 * byte[] weights = SafeTensors.write(tensors);
 * Map<String, Object> manifest = Map.of("blobs", Map.of("weights.safetensors", ZipArchive.blobInfo(weights)));
 * byte[] json = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
 * AtomicFiles.write(path, out -> ZipArchive.write(out, "fathom.json", json, Map.of("weights.safetensors", weights)));
 *
 * Map<String, byte[]> entries = ZipArchive.read(path, "cannot load model file '" + path + "'", "model file",
 *         "a zip holding fathom.json and weights.safetensors, as written by model.save");
 * }</pre>
 */
public final class ZipArchive {
    private ZipArchive() {}

    /**
     * Writes the zip: the manifest first (deflated), then each blob in order, stored. Blobs are not
     * deflated: float weights barely compress, nested saved files are zips already, and stored bytes
     * can be mapped as they are.
     */
    public static void write(OutputStream out, String manifestName, byte[] manifest, Map<String, byte[]> blobs) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
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

    /**
     * Every entry of the zip at {@code path}, by name in archive order, each checked against its CRC.
     *
     * @param where    how each error message starts, naming the file: {@code "cannot load model file 'm.fathom'"}
     * @param kind     what the file should be, for the messages: {@code "model file"}
     * @param expected what such a file is, for the message when it is no zip: {@code "a zip holding ..., as written by model.save"}
     * @throws ModelFileException when the file is missing, empty, a directory, not a zip, truncated or
     *                            damaged, has an entry failing its CRC, or holds an entry twice
     */
    public static Map<String, byte[]> read(Path path, String where, String kind, String expected) {
        try {
            if (!Files.exists(path)) throw new ModelFileException(where + ": no such file");
            if (Files.isDirectory(path)) throw new ModelFileException(where + ": it is a directory, not a " + kind);
            if (Files.size(path) == 0) throw new ModelFileException(where + ": the file is empty");
            byte[] magic = new byte[4];
            try (var in = Files.newInputStream(path)) {
                int n = in.readNBytes(magic, 0, 4);
                if (n < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
                    throw new ModelFileException(where + ": it is not a Fathom " + kind + " (not a zip archive; a " + kind
                            + " is " + expected + ")");
                }
            }
        } catch (IOException e) {
            throw new ModelFileException(where + ": " + e, e);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            var it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                byte[] data;
                try (var in = zip.getInputStream(e)) {
                    data = in.readAllBytes();
                }
                add(out, e, data, where);
            }
        } catch (ZipException e) {
            throw new ModelFileException(where + ": the zip archive is truncated or damaged (" + e.getMessage()
                    + "); the save did not finish or the file was cut short; use another copy", e);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(where + ": no such file", e);
        } catch (IOException e) {
            throw new ModelFileException(where + ": the zip archive cannot be read (" + e + "); it is truncated or damaged", e);
        }
        return out;
    }

    /**
     * Every entry of the zip held in {@code data} (a file embedded in another, read without a
     * temporary file), checked as {@link #read(Path, String, String, String)} checks a file's.
     */
    public static Map<String, byte[]> read(byte[] data, String where, String kind, String expected) {
        if (data.length == 0) throw new ModelFileException(where + ": the " + kind + " is empty");
        if (data.length < 4 || data[0] != 'P' || data[1] != 'K' || data[2] != 3 || data[3] != 4) {
            throw new ModelFileException(where + ": it is not a Fathom " + kind + " (not a zip archive; a " + kind
                    + " is " + expected + ")");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(data))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) add(out, e, zip.readAllBytes(), where);
        } catch (ZipException e) {
            throw new ModelFileException(where + ": the zip archive is truncated or damaged (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelFileException(where + ": the zip archive cannot be read (" + e + "); it is truncated or damaged", e);
        }
        return out;
    }

    /** Adds one entry read from the archive, refusing a CRC mismatch and a second entry of the same name. */
    private static void add(Map<String, byte[]> out, ZipEntry e, byte[] data, String where) {
        if (e.getCrc() != -1 && crc(data) != e.getCrc()) {
            throw new ModelFileException(where + ": entry '" + e.getName() + "' fails its CRC check (the file is damaged);"
                    + " use another copy");
        }
        // Which of two same-named entries a reader sees is up to the reader: refuse the file instead.
        if (out.put(e.getName(), data) != null) {
            throw new ModelFileException(where + ": the archive holds entry '" + e.getName() + "' twice; the file is damaged");
        }
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

    private static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
