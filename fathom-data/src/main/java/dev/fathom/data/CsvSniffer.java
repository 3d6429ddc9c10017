package dev.fathom.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds a CSV file's dialect from its first bytes, as Python's {@code csv.Sniffer} does, for what
 * the options leave open. Encoding: a byte-order mark, else UTF-16 when one byte of each pair is
 * mostly zero (ASCII text in UTF-16 without a mark), else UTF-8. Delimiter: of ',', ';', tab and
 * '|', the one that occurs the same number of times (outside quotes) on most lines; on a tie the
 * one whose fields hold none of the others, so that {@code 1,5;2,5} is two fields with decimal
 * commas, not three. Decimal comma: when another character separates the fields and more numbers
 * are written {@code 1,5} than {@code 1.5}.
 */
final class CsvSniffer {
    /** How many bytes are looked at: enough for a few hundred lines. */
    static final int SAMPLE_BYTES = 1 << 16;
    private static final int MAX_LINES = 200;
    private static final char[] CANDIDATES = {',', '\t', ';', '|'};
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d+,\\d+([eE][+-]?\\d+)?");
    private static final Pattern DECIMAL_POINT = Pattern.compile("[+-]?\\d*\\.\\d+([eE][+-]?\\d+)?");

    private CsvSniffer() {}

    /**
     * The dialect of a file that starts with {@code sample[0, length)}.
     *
     * @param whole whether the sample is the whole file (else its last line may be cut)
     */
    static CsvDialect sniff(byte[] sample, int length, boolean whole, String source, CsvOptions options) {
        int bomLength = 0;
        Charset charset;
        if (length >= 3 && (sample[0] & 0xFF) == 0xEF && (sample[1] & 0xFF) == 0xBB && (sample[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bomLength = 3;
        } else if (length >= 2 && (sample[0] & 0xFF) == 0xFE && (sample[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bomLength = 2;
        } else if (length >= 2 && (sample[0] & 0xFF) == 0xFF && (sample[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bomLength = 2;
        } else if (options.charsetSet()) {
            charset = options.charset();
        } else {
            charset = zeroBytes(sample, length);
        }
        int end = length;
        if (charset.name().startsWith("UTF-16")) end -= (end - bomLength) % 2;
        String text = new String(sample, bomLength, Math.max(0, end - bomLength), charset);
        if (!whole) {
            int cut = text.lastIndexOf('\n');
            if (cut > 0) text = text.substring(0, cut);
        }
        char quote = options.quoteSet() ? options.quote() : quote(text);
        if (options.delimiter() != null && options.delimiter() == quote) quote = '"';   // the delimiter set wins
        List<String> lines = lines(text, quote);
        Character decimalSet = options.decimal();
        char delimiter = options.delimiter() != null ? options.delimiter() : delimiter(lines, quote, source, options, decimalSet);
        char decimal;
        if (decimalSet != null) decimal = decimalSet;
        else decimal = delimiter != ',' && decimalComma(lines, delimiter, quote) ? ',' : '.';
        return new CsvDialect(delimiter, quote, decimal, charset, bomLength > 0);
    }

    /** UTF-16 (big or little endian) when one byte of most pairs is zero, as in ASCII text; else UTF-8. */
    private static Charset zeroBytes(byte[] b, int length) {
        int n = Math.min(length, 4096) & ~1;
        if (n < 4) return StandardCharsets.UTF_8;
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < n; i += 2) {
            if (b[i] == 0) evenZeros++;
            if (b[i + 1] == 0) oddZeros++;
        }
        int pairs = n / 2;
        if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return StandardCharsets.UTF_16LE;
        if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return StandardCharsets.UTF_16BE;
        return StandardCharsets.UTF_8;
    }

    /** The single quote when fields are enclosed in it and none in double quotes; else the double quote. */
    private static char quote(String text) {
        return enclosed(text, '\'') > 0 && enclosed(text, '"') == 0 ? '\'' : '"';
    }

    /** How many fields are enclosed in {@code q}: it follows a line start or a candidate delimiter, and a delimiter or line end follows its closing twin. */
    private static int enclosed(String text, char q) {
        String d = "[,;\\t|]";
        Pattern p = Pattern.compile("(?m)(^|" + d + ") *" + q + "[^" + q + "\\n]*" + q + " *(" + d + "|$)");
        int count = 0;
        var m = p.matcher(text);
        while (m.find()) count++;
        return count;
    }

    /** The sample's records (a quoted line break does not end one), blank lines left out. */
    private static List<String> lines(String text, char quote) {
        List<String> lines = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length() && lines.size() < MAX_LINES; i++) {
            char c = text.charAt(i);
            if (c == quote) quoted = !quoted;
            else if ((c == '\n' || c == '\r') && !quoted) {
                if (i > start) lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (start < text.length() && lines.size() < MAX_LINES) lines.add(text.substring(start));
        lines.removeIf(String::isBlank);
        return lines;
    }

    private static char delimiter(List<String> lines, char quote, String source, CsvOptions options, Character decimal) {
        char byName = options.delimiterFor(source);
        if (lines.isEmpty()) return byName;
        char best = 0;
        double bestShare = 0;
        double bestClean = 0;
        for (char c : CANDIDATES) {
            if (c == quote || (decimal != null && c == decimal)) continue;
            Map<Integer, Integer> counts = new HashMap<>();
            for (String line : lines) counts.merge(split(line, c, quote).size() - 1, 1, Integer::sum);
            int mode = 0;
            int modeLines = 0;
            for (var e : counts.entrySet()) {
                if (e.getKey() > 0 && (e.getValue() > modeLines || e.getValue() == modeLines && e.getKey() > mode)) {
                    mode = e.getKey();
                    modeLines = e.getValue();
                }
            }
            if (mode == 0) continue;
            double share = (double) modeLines / lines.size();
            double clean = clean(lines, c, quote);
            boolean better = share > bestShare + 1e-9 || (Math.abs(share - bestShare) <= 1e-9 && clean > bestClean + 1e-9)
                    || (c == byName && Math.abs(share - bestShare) <= 1e-9 && Math.abs(clean - bestClean) <= 1e-9);
            if (best == 0 || better) {
                best = c;
                bestShare = share;
                bestClean = clean;
            }
        }
        return best == 0 ? byName : best;
    }

    /** The share of fields, split by {@code c}, that hold no other candidate delimiter (a comma in {@code 1,5} does not count). */
    private static double clean(List<String> lines, char c, char quote) {
        int fields = 0;
        int clean = 0;
        for (String line : lines) {
            for (String f : split(line, c, quote)) {
                fields++;
                String v = f.strip();
                boolean ok = true;
                for (char other : CANDIDATES) {
                    if (other != c && v.indexOf(other) >= 0 && !(other == ',' && DECIMAL_COMMA.matcher(v).matches())) ok = false;
                }
                if (ok) clean++;
            }
        }
        return fields == 0 ? 0 : (double) clean / fields;
    }

    private static boolean decimalComma(List<String> lines, char delimiter, char quote) {
        int comma = 0;
        int point = 0;
        for (String line : lines) {
            for (String f : split(line, delimiter, quote)) {
                String v = unquote(f.strip(), quote);
                if (DECIMAL_COMMA.matcher(v).matches()) comma++;
                else if (DECIMAL_POINT.matcher(v).matches()) point++;
            }
        }
        return comma > point;
    }

    private static String unquote(String v, char quote) {
        return v.length() >= 2 && v.charAt(0) == quote && v.charAt(v.length() - 1) == quote ? v.substring(1, v.length() - 1) : v;
    }

    /** A line's fields split at {@code c} outside quotes (quotes kept). */
    static List<String> split(String line, char c, char quote) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == quote) quoted = !quoted;
            else if (ch == c && !quoted) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out;
    }
}
