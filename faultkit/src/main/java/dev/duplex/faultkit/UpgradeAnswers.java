package dev.duplex.faultkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The answers the {@link FaultProxy} gives a WebSocket upgrade itself, instead of forwarding it. */
final class UpgradeAnswers {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private UpgradeAnswers() {
    }

    /** {@code 403 Forbidden}, as a proxy that bans WebSockets answers. */
    static void refuse(OutputStream out) throws IOException {
        out.write(("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n"
                + "Connection: close\r\n\r\nforbidden").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A valid {@code 101}, then every frame the client sends is swallowed and nothing comes back. */
    static void fake101(HttpHead head, InputStream in, OutputStream out) throws IOException {
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(head.header("Sec-WebSocket-Key")) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        byte[] sink = new byte[8192];
        while (in.read(sink) >= 0) {
            // swallow every frame the browser sends; forward nothing
        }
    }

    static String accept(String key) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
