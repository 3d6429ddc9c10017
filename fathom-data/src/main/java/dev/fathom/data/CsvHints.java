package dev.fathom.data;

import java.nio.charset.Charset;

/**
 * How {@link CsvReader}'s messages name the options that fix a problem, so that each interface
 * speaks its own terms: the Java API names {@link CsvOptions} methods ({@link #JAVA}, the
 * default), the command line its flags. A method returns null when the interface has no such
 * option; the message then leaves that fix out.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().hints(new CsvHints() {
 *     @Override public String skipBadRows() { return "--skip-bad-rows"; }
 * });
 * }</pre>
 */
public interface CsvHints {
    /** The Java API's words: {@code CsvOptions.skipBadRows(true)} and the like. */
    CsvHints JAVA = new CsvHints() {};

    /** How to skip malformed rows. */
    default String skipBadRows() {
        return "CsvOptions.skipBadRows(true)";
    }

    /** How to read the file with {@code delimiter} between fields. */
    default String delimiter(char delimiter) {
        return "CsvOptions.delimiter(" + javaChar(delimiter) + ")";
    }

    /** How to read numbers with {@code decimal} ('.' or ',') as the decimal separator. */
    default String decimal(char decimal) {
        return "CsvOptions.decimal(" + javaChar(decimal) + ")";
    }

    /** How to read the file in {@code charset}. */
    default String charset(Charset charset) {
        String constant = switch (charset.name()) {
            case "ISO-8859-1", "UTF-8", "US-ASCII", "UTF-16", "UTF-16LE", "UTF-16BE" -> "StandardCharsets." + charset.name().replace('-', '_');
            default -> "Charset.forName(\"" + charset.name() + "\")";
        };
        return "CsvOptions.charset(" + constant + ")";
    }

    /** How to read undecodable bytes as U+FFFD instead of stopping; null when there is no such option. */
    default String replaceMalformed() {
        return "CsvOptions.replaceMalformed(true)";
    }

    /** How to say whether the first line holds the column names; null when there is no such option. */
    default String header(boolean header) {
        return "CsvOptions.header(" + header + ")";
    }

    /** How to set the quote character. */
    default String quote(char quote) {
        return "CsvOptions.quote(" + javaChar(quote) + ")";
    }

    /** Why {@code column} must hold values of {@code type}: the declaration that made it so. */
    default String declaredBecause(String column, ColumnType type) {
        return "column '" + column + "' is declared " + type.label() + " (CsvOptions.type)";
    }

    /** How to keep {@code column} as {@code type} instead of inferring it; null when there is no such option. */
    default String declare(String column, ColumnType type) {
        return "CsvOptions.type(\"" + column + "\", ColumnType." + type.name() + ")";
    }

    /** {@code c} as a Java char literal. */
    private static String javaChar(char c) {
        return switch (c) {
            case '\t' -> "'\\t'";
            case '\'' -> "'\\''";
            case '\\' -> "'\\\\'";
            default -> "'" + c + "'";
        };
    }
}
