package dev.fathom.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a CSV file was written, as {@link CsvReader} found it (or was told with {@link CsvOptions}):
 * the delimiter, the quote character, the decimal separator and the text encoding.
 * {@link #describe()} says it in a few words for a message.
 *
 * <pre>{@code
 * CsvReport r = CsvReader.load(Path.of("sales.csv"), CsvOptions.defaults());
 * r.dialect().describe();   // ';'-separated, decimal comma, UTF-8
 * }</pre>
 *
 * @param delimiter     the character between fields: ',', ';', '\t', '|' or one set by the caller
 * @param quote         the character that encloses a field holding delimiters or line breaks
 * @param decimal       the decimal separator of numbers, '.' or ','
 * @param charset       the text encoding
 * @param byteOrderMark whether the file starts with a byte-order mark
 */
public record CsvDialect(char delimiter, char quote, char decimal, Charset charset, boolean byteOrderMark) {
    /** E.g. {@code ';'-separated, decimal comma, UTF-8} or {@code tab-separated, UTF-16LE with BOM}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(delimiter == '\t' ? "tab" : "'" + delimiter + "'").append("-separated");
        if (quote != '"') sb.append(", quote ").append(CsvOptions.show(quote));
        sb.append(decimal == ',' ? ", decimal comma" : ", decimal point");
        sb.append(", ").append(charset.name());
        if (byteOrderMark) sb.append(" with BOM");
        else if (charset.name().startsWith("UTF-16")) sb.append(" without BOM");
        return sb.toString();
    }

    /**
     * Whether this is the dialect a reader would assume for a file named {@code source}: commas
     * (tabs for .tsv names), double quotes, decimal points and UTF-8. A program can stay quiet then.
     */
    public boolean isUsual(String source) {
        return delimiter == CsvOptions.defaults().delimiterFor(source) && quote == '"' && decimal == '.'
                && charset.equals(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return describe();
    }
}
