package dev.duplex.server.http;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes every response a mount gives: JSON, never cached, never sniffed. */
public final class Responses {
    private Responses() {
    }

    /** Headers every response carries, success or error. */
    public static void commonHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
    }

    /** Writes a JSON body with {@code status}. */
    public static void json(HttpServletResponse response, int status, String json) throws IOException {
        commonHeaders(response);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            writeBuffered(out, body);
        }
    }

    /**
     * Writes {@code body}, whose length the response declares, in two writes so that it goes out of the
     * container's own buffer. Given all of the declared length in one write, a container may hand the caller's
     * heap array straight to the socket (Jetty does); the JDK then copies it through a temporary direct buffer
     * that it caches per thread, with a 4 KB array, for the thread's life: after a burst of handshakes, every
     * request thread that answered one held its own (some 340 B of heap per idle session at 2,000 sessions).
     * A container that buffers anyway (Tomcat) sends the same bytes either way.
     */
    private static void writeBuffered(OutputStream out, byte[] body) throws IOException {
        int last = body.length - 1;
        if (last > 0) {
            out.write(body, 0, last);
            out.write(body[last]);
        } else {
            out.write(body);
        }
    }

    /**
     * Writes a 200 JSON body to an async request without blocking, then completes it. A client that has
     * stopped reading therefore holds no thread: the container calls back when the socket can take more.
     */
    public static void jsonAsync(AsyncContext async, String json) throws IOException {
        jsonAsync(async, 200, json);
    }

    /**
     * Writes {@code status} and a JSON body (none for {@code 204}) to an async request without blocking, then
     * completes it.
     */
    public static void jsonAsync(AsyncContext async, int status, String json) throws IOException {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        if (status == 204) {
            noContent(response);
            async.complete();
            return;
        }
        commonHeaders(response);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        ServletOutputStream out = response.getOutputStream();
        out.setWriteListener(new WriteListener() {
            private boolean written;

            @Override
            public void onWritePossible() throws IOException {
                if (!written) {
                    written = true;
                    out.write(body);
                }
                // isReady() is true once the write above has fully left; if false, we are called again.
                if (out.isReady()) {
                    async.complete();
                }
            }

            @Override
            public void onError(Throwable failure) {
                async.complete();
            }
        });
    }

    /** Answers {@code 204 No Content}: the request was taken, and there is nothing to say. */
    public static void noContent(HttpServletResponse response) {
        commonHeaders(response);
        response.setStatus(204);
    }

    /** Writes {@code {"error":..., "message":...}} with the code's HTTP status. */
    public static void error(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        error(response, code, message, "");
    }

    /**
     * Writes {@code 503} with {@code {"error":"shutting_down","message":...,"retry":ms}} and {@code Retry-After}
     * in whole seconds, rounded up: this node is stopping, come back in {@code retryMillis} ms.
     */
    public static void shuttingDown(HttpServletResponse response, long retryMillis) throws IOException {
        response.setHeader("Retry-After", retryAfterSeconds(retryMillis));
        error(response, ErrorCode.SHUTTING_DOWN, "the server is shutting down; come back later",
                ",\"retry\":" + retryMillis);
    }

    /**
     * A {@code Retry-After} value for advice in milliseconds: whole seconds, rounded up.
     *
     * @param retryMillis the advised delay
     * @return the header's value
     */
    public static String retryAfterSeconds(long retryMillis) {
        return Long.toString((retryMillis + 999) / 1000);
    }

    private static void error(HttpServletResponse response, ErrorCode code, String message, String more)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        json(response, code.httpStatus(), "{\"error\":" + Json.quote(code.wireName()) + ",\"message\":"
                + Json.quote(message) + more + "}");
    }
}
