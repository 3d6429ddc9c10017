package dev.fathom.datasets;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Message digests by name, and lower-case hex. */
final class Digests {
    private Digests() {}

    static MessageDigest sha256() {
        return of("SHA-256");
    }

    static MessageDigest md5() {
        return of("MD5");
    }

    static MessageDigest of(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK, which every JDK must provide", e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
