package dev.fathom.datasets;

/**
 * The element type of an IDX file: the third byte of its magic number.
 *
 * <pre>{@code
 * IdxArray labels = Idx.read(Path.of("train-labels-idx1-ubyte.gz"));
 * labels.type();                       // IdxType.UBYTE
 * IdxType.UBYTE.code();                // 0x08
 * }</pre>
 */
public enum IdxType {
    /** Unsigned byte, 0..255 (code 0x08): MNIST pixels and labels. */
    UBYTE(0x08, 1, "unsigned byte"),
    /** Signed byte, -128..127 (code 0x09). */
    BYTE(0x09, 1, "signed byte"),
    /** Big-endian 16-bit signed integer (code 0x0B). */
    SHORT(0x0B, 2, "short"),
    /** Big-endian 32-bit signed integer (code 0x0C). */
    INT(0x0C, 4, "int"),
    /** Big-endian 32-bit IEEE float (code 0x0D). */
    FLOAT(0x0D, 4, "float"),
    /** Big-endian 64-bit IEEE double (code 0x0E). */
    DOUBLE(0x0E, 8, "double");

    private final int code;
    private final int bytes;
    private final String description;

    IdxType(int code, int bytes, String description) {
        this.code = code;
        this.bytes = bytes;
        this.description = description;
    }

    /** The type byte in the file's magic number, e.g. {@code 0x08}. */
    public int code() {
        return code;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether the values are integers (labels can be read from them). */
    public boolean isInteger() {
        return this != FLOAT && this != DOUBLE;
    }

    /** Words for messages, e.g. {@code "unsigned byte"}. */
    public String description() {
        return description;
    }

    /** The type with this code, or null when no IDX type has it. */
    static IdxType fromCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) return t;
        }
        return null;
    }

    /** Every type as {@code 0x08 (unsigned byte), ...}, for error messages. */
    static String known() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(String.format("0x%02X (%s)", t.code, t.description));
        }
        return sb.toString();
    }
}
