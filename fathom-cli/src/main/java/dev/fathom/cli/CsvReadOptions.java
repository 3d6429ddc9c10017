package dev.fathom.cli;

import dev.fathom.data.ColumnType;
import dev.fathom.data.CsvHints;
import dev.fathom.data.CsvOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

/**
 * The options of every command that reads a CSV file (a picocli mixin): {@code --delimiter},
 * {@code --decimal}, {@code --encoding} and {@code --skip-bad-rows}. What is not given is sniffed
 * from the file. The reader's messages then name these flags, not the Java methods behind them.
 *
 * <pre>
 * ./fathom describe sales.csv --delimiter ';' --decimal ',' --encoding windows-1252
 * ./fathom train survey.csv --target churned --skip-bad-rows
 * </pre>
 */
final class CsvReadOptions {
    @Option(names = "--delimiter", paramLabel = "CHAR", converter = DelimiterConverter.class,
            description = "The character between fields: ',', ';', '|' or tab (default: sniffed from the file)")
    Character delimiter;

    @Option(names = "--decimal", paramLabel = "CHAR", converter = DecimalConverter.class,
            description = "The decimal separator of numbers: '.' or ',' (default: sniffed; ',' where fields are separated by"
                    + " another character and numbers are written 1,5)")
    Character decimal;

    @Option(names = "--encoding", paramLabel = "CHARSET", converter = EncodingConverter.class,
            description = "The text encoding, e.g. UTF-8, ISO-8859-1, windows-1252, UTF-16 (default: a byte-order mark, UTF-16"
                    + " by its zero bytes, else UTF-8)")
    Charset encoding;

    @Option(names = "--skip-bad-rows", description = "Leave out malformed CSV rows (listed by line) instead of stopping at the first")
    boolean skipBadRows;

    /** How the CSV reader's messages name a fix on the command line. */
    static final CsvHints HINTS = new CsvHints() {
        @Override public String skipBadRows() { return "--skip-bad-rows"; }
        @Override public String delimiter(char d) { return "--delimiter " + show(d); }
        @Override public String decimal(char d) { return "--decimal " + show(d); }
        @Override public String charset(Charset c) { return "--encoding " + c.name(); }
        @Override public String replaceMalformed() { return null; }
        @Override public String header(boolean header) { return null; }
        @Override public String quote(char q) { return null; }
        @Override public String declaredBecause(String column, ColumnType type) {
            return "the model reads column '" + column + "' as " + type.label();
        }
        @Override public String declare(String column, ColumnType type) { return null; }
    };

    /** The reader's options: what was given, the rest sniffed, messages in the command line's terms. */
    CsvOptions options() {
        CsvOptions o = CsvOptions.defaults().hints(HINTS).skipBadRows(skipBadRows);
        if (delimiter != null) o = o.delimiter(delimiter);
        if (decimal != null) o = o.decimal(decimal);
        if (encoding != null) o = o.charset(encoding);
        return o;
    }

    /** A character as it is typed after a flag: tab by name, others in quotes. */
    static String show(char c) {
        return c == '\t' ? "tab" : "'" + c + "'";
    }

    /** One character, or tab by name ("tab", "\t"). */
    static final class DelimiterConverter implements CommandLine.ITypeConverter<Character> {
        @Override
        public Character convert(String text) {
            String t = text.toLowerCase(Locale.ROOT);
            if (t.equals("tab") || t.equals("\\t") || t.equals("\t")) return '\t';
            if (text.length() != 1 || text.charAt(0) == '\n' || text.charAt(0) == '\r' || text.charAt(0) == '"') {
                throw new CommandLine.TypeConversionException("--delimiter takes one character such as ',', ';' or '|', or 'tab'; got '"
                        + text + "'");
            }
            return text.charAt(0);
        }
    }

    /** '.' or ','. */
    static final class DecimalConverter implements CommandLine.ITypeConverter<Character> {
        @Override
        public Character convert(String text) {
            if (text.equals(".") || text.equals(",")) return text.charAt(0);
            throw new CommandLine.TypeConversionException("--decimal takes '.' or ','; got '" + text + "'");
        }
    }

    /** A charset Java knows, by name or alias. */
    static final class EncodingConverter implements CommandLine.ITypeConverter<Charset> {
        @Override
        public Charset convert(String text) {
            try {
                return Charset.forName(text.strip());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new CommandLine.TypeConversionException("--encoding: '" + text + "' is not an encoding Java knows; use e.g. UTF-8,"
                        + " ISO-8859-1 (Latin-1), windows-1252 or UTF-16");
            }
        }
    }
}
