package dev.fathom.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte, a rank
 * byte, one big-endian int32 per dimension, then the values, big-endian, row-major.
 *
 * <p>Files may be gzip-compressed or not; the gzip magic number ({@code 1f 8b}) decides, not the
 * file name. A file is accepted whole or refused whole: a bad magic number, an unknown type,
 * absurd dimensions, fewer bytes than the dimensions need, or bytes after them all throw a
 * {@link DatasetException} that names the file and says what is wrong.
 *
 * <pre>{@code
 * IdxArray images = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"));
 * images.shape();                                  // [60000, 28, 28]
 * Tensor x = Tensor.of(images.toFloatArray(255), images.shape());
 * }</pre>
 */
public final class Idx {
    /** The most bytes one Java array holds, and so the largest payload read. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Deflate expands at most about 1032:1, which bounds what a gzip file can hold. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    private static final int BUFFER = 1 << 16;

    private Idx() {}

    /**
     * Reads a whole IDX file, gzip-compressed or not.
     *
     * @throws DatasetException when the file is missing, unreadable, not IDX, or its size does not
     *     match its dimensions; the message names the file
     */
    public static IdxArray read(Path file) {
        return read(file, null);
    }

    /**
     * Reads a whole IDX file and checks the SHA-256 of its decompressed bytes (header and data),
     * which is the same whether the file is stored gzip-compressed, re-compressed, or not at all.
     *
     * @param expectedSha256 64 hex digits, or null to skip the check
     * @throws DatasetException as {@link #read(Path)}, and when the checksum differs (naming the
     *     file, the expected and the actual checksum)
     */
    public static IdxArray read(Path file, String expectedSha256) {
        long fileSize;
        boolean gzip;
        try (InputStream in = Files.newInputStream(file)) {
            fileSize = Files.size(file);
            byte[] sig = in.readNBytes(2);
            gzip = sig.length == 2 && (sig[0] & 0xFF) == 0x1F && (sig[1] & 0xFF) == 0x8B;
        } catch (NoSuchFileException e) {
            throw new DatasetException(prefix(file) + "no such file", e);
        } catch (IOException e) {
            throw new DatasetException(prefix(file) + e, e);
        }
        try (InputStream fileIn = Files.newInputStream(file)) {
            // Large reads go straight into the result array: GZIPInputStream inflates into it, and a
            // plain file stream reads into it; only the header is read in small pieces.
            InputStream in = gzip ? new GZIPInputStream(fileIn, BUFFER) : fileIn;
            long bound = gzip ? fileSize * MAX_DEFLATE_RATIO + 1024 : fileSize;
            return decode(in, file, bound, expectedSha256);
        } catch (EOFException e) {
            throw new DatasetException(prefix(file) + "the gzip stream ends early (" + e.getMessage()
                    + "): the file is incomplete, e.g. an interrupted download or copy; delete it and fetch it again", e);
        } catch (ZipException e) {
            throw new DatasetException(prefix(file) + "corrupt gzip data (" + e.getMessage()
                    + "); delete the file and fetch it again", e);
        } catch (IOException e) {
            throw new DatasetException(prefix(file) + e, e);
        }
    }

    private static IdxArray decode(InputStream in, Path file, long bound, String expectedSha256) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new DatasetException(prefix(file) + "it holds " + magic.length
                    + " bytes, too few for the 4-byte IDX magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DatasetException(prefix(file) + "bad magic number " + hex(magic)
                    + ": an IDX file starts with two zero bytes, a type byte and a rank byte (e.g. 00 00 08 03); is it an IDX file?");
        }
        IdxType type = IdxType.fromCode(magic[2] & 0xFF);
        if (type == null) {
            throw new DatasetException(prefix(file) + String.format("unknown element type 0x%02X in the magic number %s; IDX types are %s",
                    magic[2] & 0xFF, hex(magic), IdxType.known()));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new DatasetException(prefix(file) + "absurd rank 0 in the magic number " + hex(magic)
                    + ": an IDX array has at least one dimension");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        int headerBytes = 4 + 4 * rank;
        if (dimBytes.length < 4 * rank) {
            throw new DatasetException(prefix(file) + "truncated header: rank " + rank + " needs " + headerBytes
                    + " header bytes, found " + (4 + dimBytes.length));
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = Integer.toUnsignedLong(((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF));
        }
        int[] shape = checkDims(file, dims, type);
        long expected = (long) type.bytes();
        for (int d : shape) expected *= d;

        if (expected > bound - headerBytes) {
            // More than the file can hold: say how much there is without allocating for the claim.
            long found = in.transferTo(OutputStream.nullOutputStream());
            throw truncated(file, shape, type, headerBytes, expected, found);
        }
        byte[] data = new byte[(int) expected];
        int found = in.readNBytes(data, 0, data.length);
        if (found < data.length) throw truncated(file, shape, type, headerBytes, expected, found);
        if (in.read() >= 0) {
            long trailing = 1 + in.transferTo(OutputStream.nullOutputStream());
            throw new DatasetException(prefix(file) + trailing + " trailing bytes after the " + expected
                    + " data bytes that its dims " + Arrays.toString(shape) + " of " + type.description()
                    + " describe; the dims or the file are wrong");
        }
        if (expectedSha256 != null) {
            MessageDigest sha = Digests.sha256();
            sha.update(magic);
            sha.update(dimBytes);
            sha.update(data);
            String actual = Digests.hex(sha.digest());
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new DatasetException(prefix(file) + "SHA-256 of its decompressed content is " + actual + ", expected "
                        + expectedSha256.toLowerCase() + "; the file is corrupt or a different version: delete it and"
                        + " fetch it again (Fathom downloads missing files), or replace it with the published file");
            }
        }
        return new IdxArray(file.toString(), type, shape, data);
    }

    private static int[] checkDims(Path file, long[] dims, IdxType type) {
        int[] shape = new int[dims.length];
        boolean empty = false;
        long bytes = type.bytes(); // clamped just above MAX_BYTES, so the product cannot overflow
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new DatasetException(prefix(file) + "absurd dims " + Arrays.toString(dims) + ": dim " + i + " is "
                        + dims[i] + ", more than 2^31 - 1 (a negative int32); is it an IDX file?");
            }
            shape[i] = (int) dims[i];
            if (dims[i] == 0) empty = true;
            else bytes = Math.min(bytes * dims[i], MAX_BYTES + 1);
        }
        if (!empty && bytes > MAX_BYTES) {
            throw new DatasetException(prefix(file) + "absurd dims " + Arrays.toString(shape) + ": " + type.description()
                    + " values of that shape need more than " + MAX_BYTES
                    + " bytes, more than one Java array holds; is it an IDX file?");
        }
        return shape;
    }

    private static DatasetException truncated(Path file, int[] shape, IdxType type, int headerBytes, long expected, long found) {
        return new DatasetException(prefix(file) + "truncated: its dims " + Arrays.toString(shape) + " of "
                + type.description() + " need " + expected + " data bytes after the " + headerBytes
                + "-byte header, found " + found + "; the file is incomplete (an interrupted download or copy?)");
    }

    private static String prefix(Path file) {
        return "Cannot read IDX file " + file + ": ";
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(String.format("%02x", x & 0xFF));
        }
        return sb.toString();
    }
}
