package dev.fathom.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over one socket, for tests that need what an HTTP client hides: a request sent
 * in pieces, several requests on one connection, the exact headers of an answer.
 */
final class RawHttp implements AutoCloseable {
    /** One answer: status, headers (names in lower case), body. */
    record Answer(int status, Map<String, String> headers, String body) {
        boolean closes() {
            return "close".equalsIgnoreCase(headers.get("connection"));
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);   // a hang fails the test instead of stalling the build
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** The head of a request with a body of {@code length} bytes. */
    static String head(String method, String target, long length) {
        return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n";
    }

    /** A whole request with a body. */
    static String request(String method, String target, String body) {
        return head(method, target, body.getBytes(StandardCharsets.UTF_8).length) + body;
    }

    RawHttp send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one answer with a Content-Length body. */
    Answer read() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the server closed the connection" + (head.isEmpty() ? " before answering" : " mid-answer: " + head));
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Answer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    /** Bytes of an answer already here. */
    int available() throws IOException {
        return in.available();
    }

    /** Whether the server has closed the connection: the next read finds its end. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketException e) {
            return true;   // reset: closed too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
