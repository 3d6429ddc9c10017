package dev.fathom.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Bytes to text for the CSV parser, with what {@link java.io.InputStreamReader} lacks: a byte-order
 * mark is skipped (and a UTF-16 mark chooses UTF-16), and bytes that are not text in the charset
 * stop the read with the line they are on and the bytes themselves, instead of turning silently
 * into '�'. It counts line breaks as it hands out text, which is what makes the line exact.
 */
final class DecodingReader extends Reader {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder;
    private final CsvHints hints;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);
    private long newlines;     // line breaks handed out so far
    private boolean eof;
    private boolean flushed;
    private int lastChar = -1;  // the last character that is not a line break, for the unclosed-quote check

    /**
     * @param bom whether to look for a byte-order mark (only at the start of a file)
     */
    DecodingReader(InputStream in, String source, Charset charset, boolean replaceMalformed, boolean bom, CsvHints hints) throws IOException {
        this.in = in;
        this.hints = hints;
        this.source = source;
        bytes.limit(0);
        Charset cs = charset;
        if (bom) {
            fill();
            cs = skipBom(cs);
        }
        CodingErrorAction onError = replaceMalformed ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
        this.decoder = cs.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
    }

    /** Skips a byte-order mark at the start; the charset it names wins over the one given. */
    private Charset skipBom(Charset given) {
        int n = bytes.remaining();
        int p = bytes.position();
        byte[] b = bytes.array();
        if (n >= 3 && (b[p] & 0xFF) == 0xEF && (b[p + 1] & 0xFF) == 0xBB && (b[p + 2] & 0xFF) == 0xBF) {
            bytes.position(p + 3);
            return StandardCharsets.UTF_8;
        }
        if (n >= 2 && (b[p] & 0xFF) == 0xFE && (b[p + 1] & 0xFF) == 0xFF) {
            bytes.position(p + 2);
            return StandardCharsets.UTF_16BE;
        }
        if (n >= 2 && (b[p] & 0xFF) == 0xFF && (b[p + 1] & 0xFF) == 0xFE) {
            bytes.position(p + 2);
            return StandardCharsets.UTF_16LE;
        }
        return given;
    }

    /** Reads more bytes after what is left; sets eof at the end of the stream. */
    private void fill() throws IOException {
        bytes.compact();
        try {
            while (bytes.hasRemaining()) {
                int r = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                if (r < 0) {
                    eof = true;
                    break;
                }
                if (r == 0) break;
                bytes.position(bytes.position() + r);
                if (bytes.position() >= BUFFER / 2) break;
            }
        } finally {
            bytes.flip();
        }
    }

    @Override
    public int read(char[] cbuf, int off, int len) throws IOException {
        if (len == 0) return 0;
        CharBuffer out = CharBuffer.wrap(cbuf, off, len);
        while (!flushed) {
            if (eof) {
                // Once the decoder has seen the end of the input, only flush may follow.
                CoderResult r = decoder.decode(bytes, out, true);
                if (r.isError()) throw malformed(cbuf, off, out.position(), r.length());
                if (r.isOverflow() || decoder.flush(out).isOverflow()) break;
                flushed = true;
                break;
            }
            CoderResult r = decoder.decode(bytes, out, false);
            if (r.isError()) throw malformed(cbuf, off, out.position(), r.length());
            if (r.isOverflow() || out.position() > off) break;   // a partial read is fine: the parser asks again
            fill();
        }
        int n = out.position() - off;
        count(cbuf, off, n);
        for (int i = off + n - 1; i >= off; i--) {
            if (cbuf[i] != '\n' && cbuf[i] != '\r') {
                lastChar = cbuf[i];
                break;
            }
        }
        return n == 0 && flushed ? -1 : n;
    }

    private void count(char[] c, int off, int n) {
        long k = 0;
        for (int i = off, end = off + n; i < end; i++) if (c[i] == '\n') k++;
        newlines += k;
    }

    private CsvException malformed(char[] cbuf, int off, int end, int badLength) {
        count(cbuf, off, end - off);
        int p = bytes.position();
        byte[] bad = new byte[Math.min(badLength, bytes.remaining())];
        System.arraycopy(bytes.array(), p, bad, 0, bad.length);
        String hex = HexFormat.ofDelimiter(" ").withPrefix("0x").withUpperCase().formatHex(bad);
        // The text just before the bad bytes shows where on the line they are.
        int from = end;
        while (from > off && cbuf[from - 1] != '\n' && end - from < 40) from--;
        String before = new String(cbuf, from, end - from);
        return new CsvException(source, newlines + 1, 0, null, hex,
                "the bytes " + hex + " after " + CsvException.quoted(before) + " are not valid " + decoder.charset().name()
                        + " text. If the file was saved in another encoding (Windows or Latin-1 files often are), read it "
                        + "with " + hints.charset(StandardCharsets.ISO_8859_1) + " or the charset it was written in"
                        + (hints.replaceMalformed() == null ? "" : "; " + hints.replaceMalformed() + " reads such bytes as '\uFFFD' instead"));
    }

    /** The line breaks handed out so far. */
    long newlines() {
        return newlines;
    }

    /** The last character handed out that is not a line break, or -1. */
    int lastChar() {
        return lastChar;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
