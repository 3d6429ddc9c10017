package dev.fathom.serve;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Jetty's answers to requests that never reach {@link Routes} (an unparsable request line, headers
 * too large, a 503 while shutting down) as {@code {"error": "..."}} like every other answer, with
 * no stack trace and no HTML.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(Routes.JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(Routes.JSON_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        String text = message == null || message.isBlank() || message.equals(reason)
                ? code + " " + reason : code + " " + reason + ": " + message;
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) text += " (the server is shutting down)";
        return JsonBodies.error(text, null);
    }
}
