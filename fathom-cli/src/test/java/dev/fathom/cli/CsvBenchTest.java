package dev.fathom.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvBenchTest {
    /**
     * The benchmark file must be the one bench/pandas_csv.py writes: the SHA-256 of its first 1,000
     * rows, from {@code pandas_csv.write(path, rows=1000, cols=20)} run with /usr/bin/python3.
     */
    @Test
    void writesTheSameBytesAsThePythonScript() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = CsvBench.write(1000, 20, out);
        assertEquals(out.size(), n);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        assertEquals("9e2800d29b6957c313ac558e2f85b9bb5bb7ef9c2dbdffe4acb87fa719b0ac33", sha);
    }

    @Test
    void formatsFourDecimals() {
        byte[] b = new byte[16];
        assertEquals("-0.0005", new String(b, 0, CsvBench.fixed4(-5, b, 0)));
        assertEquals("0.0000", new String(b, 0, CsvBench.fixed4(0, b, 0)));
        assertEquals("100.0000", new String(b, 0, CsvBench.fixed4(1_000_000, b, 0)));
    }
}
