package dev.fathom.report;

/** Escaping of text for HTML element content and attribute values. */
final class Html {
    private Html() {}

    /**
     * {@code text} safe inside an element or a quoted attribute: {@code & < > " '} become entities,
     * and control characters other than tab, newline and carriage return are dropped (HTML forbids
     * them, and a browser would show them as broken characters). {@code null} is the empty string.
     */
    static String escape(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isSurrogate(c)) {
                        // A lone surrogate cannot be written as UTF-8; a pair is one character.
                        if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                            out.append(c).append(text.charAt(++i));
                        } else {
                            out.append('\uFFFD');
                        }
                    } else if (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** {@link #escape} with line breaks kept as {@code <br>}. */
    static String escapeLines(String text) {
        return escape(text).replace("\r\n", "\n").replace("\n", "<br>\n");
    }
}
