package dev.fathom.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.fathom.datasets.IdxFixtures.gzip;
import static dev.fathom.datasets.IdxFixtures.idx;
import static dev.fathom.datasets.IdxFixtures.sha256;
import static dev.fathom.datasets.IdxFixtures.ubyte;
import static dev.fathom.datasets.IdxFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxTest {
    @TempDir
    Path dir;

    private static final int[] PIXELS = {0, 1, 2, 127, 128, 200, 254, 255, 7, 9, 11, 13};

    @Test
    void readsUnsignedBytesPlainOrGzipped() {
        byte[] file = ubyte(new int[] {2, 2, 3}, PIXELS);
        for (Path p : new Path[] {write(dir.resolve("plain"), file), write(dir.resolve("zipped.gz"), gzip(file))}) {
            IdxArray a = Idx.read(p);
            assertEquals(IdxType.UBYTE, a.type());
            assertArrayEquals(new int[] {2, 2, 3}, a.shape());
            assertEquals(12, a.size());
            assertArrayEquals(PIXELS, a.toIntArray(), "unsigned: 128..255 stay positive");
            assertEquals(p.toString(), a.source());
        }
    }

    @Test
    void detectsGzipByItsMagicNumberNotTheName() {
        byte[] file = ubyte(new int[] {3}, 1, 2, 3);
        assertArrayEquals(new int[] {1, 2, 3}, Idx.read(write(dir.resolve("no-suffix"), gzip(file))).toIntArray());
        assertArrayEquals(new int[] {1, 2, 3}, Idx.read(write(dir.resolve("plain-but-named.gz"), file)).toIntArray());
    }

    @Test
    void scalesExactlyAsPyTorchFloatDividedBy255() {
        int[] all = new int[256];
        for (int i = 0; i < 256; i++) all[i] = i;
        float[] scaled = Idx.read(write(dir.resolve("all"), ubyte(new int[] {256}, all))).toFloatArray(255f);
        for (int v = 0; v < 256; v++) assertEquals((float) v / 255f, scaled[v], 0f, "value " + v);
        assertEquals(0f, scaled[0]);
        assertEquals(1f, scaled[255]);
        assertEquals(128f, Idx.read(write(dir.resolve("raw"), ubyte(new int[] {1}, 128))).toFloatArray()[0]);
    }

    @Test
    void readsEveryIdxTypeBigEndian() {
        byte[] sbytes = {-128, -1, 0, 127};
        assertArrayEquals(new int[] {-128, -1, 0, 127}, read("b", idx(0x09, new int[] {4}, sbytes)).toIntArray());

        ByteBuffer s = ByteBuffer.allocate(6).putShort((short) -300).putShort((short) 0).putShort((short) 32767);
        IdxArray shorts = read("s", idx(0x0B, new int[] {3}, s.array()));
        assertEquals(IdxType.SHORT, shorts.type());
        assertArrayEquals(new int[] {-300, 0, 32767}, shorts.toIntArray());
        assertArrayEquals(new float[] {-300, 0, 32767}, shorts.toFloatArray());

        ByteBuffer i = ByteBuffer.allocate(8).putInt(-70000).putInt(Integer.MAX_VALUE);
        assertArrayEquals(new int[] {-70000, Integer.MAX_VALUE}, read("i", idx(0x0C, new int[] {2}, i.array())).toIntArray());

        ByteBuffer f = ByteBuffer.allocate(12).putFloat(1.5f).putFloat(-2.25f).putFloat(Float.MIN_VALUE);
        IdxArray floats = read("f", idx(0x0D, new int[] {3, 1}, f.array()));
        assertArrayEquals(new float[] {1.5f, -2.25f, Float.MIN_VALUE}, floats.toFloatArray());
        assertArrayEquals(new float[] {0.75f, -1.125f, Float.MIN_VALUE / 2}, floats.toFloatArray(2f));
        var notInts = assertThrows(IllegalStateException.class, floats::toIntArray);
        assertTrue(notInts.getMessage().contains("holds float values") && notInts.getMessage().contains("toFloatArray()"),
                notInts.getMessage());

        ByteBuffer d = ByteBuffer.allocate(16).putDouble(Math.PI).putDouble(-1e300);
        IdxArray doubles = read("d", idx(0x0E, new int[] {2}, d.array()));
        assertArrayEquals(new double[] {Math.PI, -1e300}, doubles.toDoubleArray());
        assertEquals((float) Math.PI, doubles.toFloatArray()[0]);
    }

    @Test
    void readsEmptyArrays() {
        IdxArray empty = read("empty", idx(0x08, new int[] {0, 28, 28}, new byte[0]));
        assertArrayEquals(new int[] {0, 28, 28}, empty.shape());
        assertEquals(0, empty.toFloatArray(255f).length);
    }

    @Test
    void refusesABadMagicNumber() {
        Path p = write(dir.resolve("bad-magic"), new byte[] {0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 1, 9});
        String m = message(p);
        assertTrue(m.startsWith("Cannot read IDX file " + p + ": bad magic number 50 4b 03 04"), m);
        assertTrue(m.contains("two zero bytes"), m);
        String tooShort = message(write(dir.resolve("short"), new byte[] {0, 0}));
        assertTrue(tooShort.contains("holds 2 bytes, too few for the 4-byte IDX magic number"), tooShort);
    }

    @Test
    void refusesAnUnknownType() {
        Path p = write(dir.resolve("bad-type"), idx(0x0A, new int[] {1}, new byte[] {1}));
        String m = message(p);
        assertTrue(m.contains(p + ": unknown element type 0x0A"), m);
        assertTrue(m.contains("0x08 (unsigned byte)") && m.contains("0x0E (double)"), "lists the known types: " + m);
    }

    @Test
    void refusesTruncatedDataSayingExpectedAndFound() {
        byte[] whole = ubyte(new int[] {2, 2, 3}, PIXELS);
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        for (Path p : new Path[] {write(dir.resolve("cut"), cut), write(dir.resolve("cut.gz"), gzip(cut))}) {
            String m = message(p);
            assertTrue(m.startsWith("Cannot read IDX file " + p + ": truncated"), m);
            assertTrue(m.contains("dims [2, 2, 3] of unsigned byte need 12 data bytes after the 16-byte header, found 7"), m);
        }
        // dims far beyond what the file could hold are refused without allocating for them
        String huge = message(write(dir.resolve("claims-a-lot"), ubyte(new int[] {60000, 28, 28}, 1, 2, 3)));
        assertTrue(huge.contains("need 47040000 data bytes after the 16-byte header, found 3"), huge);
        String hugeGz = message(write(dir.resolve("claims-a-lot.gz"), gzip(ubyte(new int[] {60000, 28, 28}, 1, 2))));
        assertTrue(hugeGz.contains("need 47040000 data bytes after the 16-byte header, found 2"), hugeGz);
    }

    @Test
    void refusesATruncatedHeader() {
        byte[] whole = ubyte(new int[] {2, 2, 3}, PIXELS);
        String m = message(write(dir.resolve("cut-header"), Arrays.copyOf(whole, 9)));
        assertTrue(m.contains("truncated header: rank 3 needs 16 header bytes, found 9"), m);
    }

    @Test
    void refusesTrailingBytes() {
        byte[] whole = ubyte(new int[] {2, 2, 3}, PIXELS);
        byte[] longer = Arrays.copyOf(whole, whole.length + 3);
        for (Path p : new Path[] {write(dir.resolve("long"), longer), write(dir.resolve("long.gz"), gzip(longer))}) {
            String m = message(p);
            assertTrue(m.startsWith("Cannot read IDX file " + p + ": 3 trailing bytes after the 12 data bytes"), m);
            assertTrue(m.contains("[2, 2, 3]"), m);
        }
    }

    @Test
    void refusesAbsurdDims() {
        String negative = message(write(dir.resolve("neg"), idx(0x08, new int[] {60000, -1, 28}, new byte[0])));
        assertTrue(negative.contains("absurd dims [60000, 4294967295, 28]: dim 1 is 4294967295"), negative);
        String tooBig = message(write(dir.resolve("big"), idx(0x0E, new int[] {65536, 65536}, new byte[0])));
        assertTrue(tooBig.contains("absurd dims [65536, 65536]") && tooBig.contains("more than one Java array holds"), tooBig);
        String rank0 = message(write(dir.resolve("rank0"), new byte[] {0, 0, 8, 0, 42}));
        assertTrue(rank0.contains("absurd rank 0"), rank0);
    }

    @Test
    void refusesACutGzipStream() {
        byte[] gz = gzip(ubyte(new int[] {2, 2, 3}, PIXELS));
        Path p = write(dir.resolve("cut-stream.gz"), Arrays.copyOf(gz, gz.length - 10));
        String m = message(p);
        assertTrue(m.startsWith("Cannot read IDX file " + p + ": "), m);
        assertTrue(m.contains("gzip"), m);
    }

    @Test
    void refusesAMissingFile() {
        Path p = dir.resolve("nowhere");
        assertTrue(message(p).contains(p + ": no such file"), message(p));
    }

    @Test
    void checksTheSha256OfTheDecompressedContent() {
        byte[] file = ubyte(new int[] {2, 2, 3}, PIXELS);
        String sum = sha256(file);
        assertEquals(12, Idx.read(write(dir.resolve("ok.gz"), gzip(file)), sum).size());
        assertEquals(12, Idx.read(write(dir.resolve("ok"), file), sum.toUpperCase()).size());

        byte[] other = file.clone();
        other[other.length - 1] ^= 1;
        Path p = write(dir.resolve("changed.gz"), gzip(other));
        var e = assertThrows(DatasetException.class, () -> Idx.read(p, sum));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + sum), e.getMessage());
        assertTrue(e.getMessage().contains("is " + sha256(other)), e.getMessage());
    }

    private IdxArray read(String name, byte[] bytes) {
        return Idx.read(write(dir.resolve(name), bytes));
    }

    private static String message(Path p) {
        return assertThrows(DatasetException.class, () -> Idx.read(p)).getMessage();
    }
}
