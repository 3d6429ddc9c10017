package dev.fathom.data.preprocessing;

/**
 * What an encoder does with a category it did not see in fit (scikit-learn's {@code handle_unknown}).
 *
 * <pre>{@code
 * new OneHotEncoder(HandleUnknown.IGNORE);                       // unseen -> all zeros
 * new OrdinalEncoder(HandleUnknown.USE_ENCODED_VALUE, -1);       // unseen -> -1
 * }</pre>
 */
public enum HandleUnknown {
    /** Throw, naming the column, the row, the unseen value and the known categories (the default). */
    ERROR,
    /** {@link OneHotEncoder} only: encode the value as all zeros. */
    IGNORE,
    /** {@link OrdinalEncoder} only: encode the value as a reserved code, the encoder's {@code unknownValue}. */
    USE_ENCODED_VALUE
}
