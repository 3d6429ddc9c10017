package dev.fathom.tensor;

/**
 * An op was given shapes it cannot work with. The message names the op, every shape involved and
 * the rule that was broken, for example:
 * <pre>matmul: cannot multiply [2, 3] by [4, 5]: the last axis of the first (3) must equal the second-to-last axis of the second (4)</pre>
 */
public class ShapeException extends IllegalArgumentException {
    private final String op;

    public ShapeException(String op, String message) {
        super(op + ": " + message);
        this.op = op;
    }

    /** The name of the op that refused its input. */
    public String op() {
        return op;
    }
}
