package dev.fathom.testing;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a fuzz test's promise lets through and what it reports, with the input to replay it. */
class FuzzContractTest {
    private final FuzzContract contract = new FuzzContract("reader", List.of(IllegalArgumentException.class));
    private final byte[] input = {'a', ',', '\n'};

    @Test
    void aReturnOrADocumentedRefusalOfOneLinePasses() {
        contract.check(input, () -> {});
        contract.check(input, () -> {
            throw new IllegalArgumentException("fuzz.csv, line 2: too few fields");
        });
        assertEquals(2, contract.inputs());
    }

    @Test
    void anotherExceptionFailsNamingItAndTheInputInBase64() {
        var e = assertThrows(AssertionError.class, () -> contract.check(input, () -> {
            throw new UncheckedIOException(new java.io.IOException("disk"));
        }));
        assertEquals("reader: threw java.io.UncheckedIOException, which is not one of the documented refusals "
                + "[IllegalArgumentException] on the input of 3 bytes, Base64 YSwK", e.getMessage());
        assertInstanceOf(UncheckedIOException.class, e.getCause());
    }

    @Test
    void anErrorFailsToo() {
        var e = assertThrows(AssertionError.class, () -> contract.check(input, () -> {
            throw new StackOverflowError();
        }));
        assertTrue(e.getMessage().startsWith("reader: threw java.lang.StackOverflowError"), e.getMessage());
    }

    @Test
    void aRefusalOfSeveralLinesOrNoneFails() {
        var lines = assertThrows(AssertionError.class, () -> contract.check(input, () -> {
            throw new IllegalArgumentException("bad value\n\tat somewhere");
        }));
        assertEquals("reader: refused with a message of more than one line (2): bad value\\n\tat somewhere "
                + "on the input of 3 bytes, Base64 YSwK", lines.getMessage());
        var none = assertThrows(AssertionError.class, () -> contract.check(input, () -> {
            throw new IllegalArgumentException();
        }));
        assertTrue(none.getMessage().startsWith("reader: refused with IllegalArgumentException but no message"), none.getMessage());
    }

    @Test
    void theSummarySaysHowManyInputsWereChecked() {
        contract.check(input, () -> {});
        assertTrue(contract.summary().startsWith("fuzz reader: 1 inputs in 0.0 s"), contract.summary());
    }
}
