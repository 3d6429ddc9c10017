package dev.fathom.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer TOKEN} against the server's token in constant time: both
 * are hashed with SHA-256 and the hashes compared with {@link MessageDigest#isEqual}, so neither
 * the time taken nor an early exit tells a client how much of its guess was right, or the
 * token's length.
 */
final class BearerToken {
    private final byte[] expected;

    BearerToken(String token) {
        this.expected = sha256(token);
    }

    /**
     * Refuses the request unless it carries the token.
     *
     * @throws ApiException 401 naming what is missing or wrong
     */
    void check(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null) {
            throw new ApiException(401, "this server requires a bearer token: send the header 'Authorization: Bearer TOKEN'"
                    + " (with curl: -H \"Authorization: Bearer $(cat TOKEN_FILE)\")");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "the Authorization header is not a bearer token; send 'Authorization: Bearer TOKEN'");
        }
        if (!MessageDigest.isEqual(expected, sha256(header.substring(7).trim()))) {
            throw new ApiException(401, "the bearer token is wrong");
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }
}
