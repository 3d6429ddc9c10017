package dev.fathom.datasets;

import java.util.HexFormat;
import java.util.Locale;

/**
 * One file of a published data set, with the two checksums that vouch for it.
 *
 * <p>The file is published gzip-compressed as {@code name + ".gz"}; on disk Fathom accepts it
 * compressed or not. {@code downloadMd5} is the checksum its publisher lists for the {@code .gz}
 * file and is checked on every download, before the file is moved into place.
 * {@code contentSha256} is the SHA-256 of the decompressed bytes and is checked on every load: it
 * holds for the published file, for an uncompressed copy, and for a copy that a packager
 * re-compressed (Debian's {@code dataset-fashion-mnist} did, so its {@code .gz} files differ
 * from the published ones byte for byte but not in content).
 *
 * <pre>{@code
 * DatasetFile f = new DatasetFile("t10k-labels-idx1-ubyte",
 *         "bb300cfdad3c16e7a12a480ee83cd310",
 *         "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
 * f.downloadName();                      // "t10k-labels-idx1-ubyte.gz"
 * }</pre>
 *
 * @param name          the file name without {@code .gz}, e.g. {@code "train-images-idx3-ubyte"}
 * @param downloadMd5   32 hex digits: the MD5 of the published {@code .gz} file
 * @param contentSha256 64 hex digits: the SHA-256 of the decompressed file
 */
public record DatasetFile(String name, String downloadMd5, String contentSha256) {

    /** Checks the name (a plain file name) and the checksums (hex of the right length), lower-casing them. */
    public DatasetFile {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("DatasetFile: name must be a plain file name, got " + name);
        }
        downloadMd5 = checkHex("downloadMd5", downloadMd5, 32);
        contentSha256 = checkHex("contentSha256", contentSha256, 64);
    }

    /** The published name, {@code name + ".gz"}. */
    public String downloadName() {
        return name + ".gz";
    }

    private static String checkHex(String what, String hex, int digits) {
        if (hex == null || hex.length() != digits || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            throw new IllegalArgumentException("DatasetFile: " + what + " must be " + digits + " hex digits, got " + hex);
        }
        return hex.toLowerCase(Locale.ROOT);
    }
}
