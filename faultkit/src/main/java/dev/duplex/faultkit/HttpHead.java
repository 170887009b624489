package dev.duplex.faultkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The head of one HTTP/1.1 request, read byte by byte so nothing after it is consumed. */
final class HttpHead {
    final String requestLine;
    final List<String[]> headers;

    private HttpHead(String requestLine, List<String[]> headers) {
        this.requestLine = requestLine;
        this.headers = headers;
    }

    /** Reads a head, or returns {@code null} at end of stream. */
    static HttpHead read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) >= 0) {
            buf.write(b);
            state = b == '\r' && (state == 0 || state == 2) || b == '\n' && (state == 1 || state == 3)
                    ? state + 1 : b == '\r' ? 1 : 0;
            if (buf.size() > 65536) {
                throw new IOException("request head too large");
            }
        }
        if (state < 4) {
            return null;
        }
        String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
            }
        }
        return new HttpHead(lines[0], headers);
    }

    String method() {
        return requestLine.substring(0, requestLine.indexOf(' '));
    }

    String target() {
        String[] parts = requestLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    String header(String name) {
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase(name)) {
                return h[1];
            }
        }
        return null;
    }

    /** Removes every header named {@code name}. */
    void drop(String name) {
        headers.removeIf(h -> h[0].equalsIgnoreCase(name));
    }

    /**
     * Whether this is a WebSocket upgrade. Other upgrades are plain requests here: Java's HttpClient offers
     * {@code Upgrade: h2c} on every HTTP/1.1 request, which the proxy must not treat as a tunnel.
     */
    boolean isUpgrade() {
        String upgrade = header("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** This head with {@code requestLine} replaced, hop-by-hop connection headers dropped, plus extras. */
    byte[] rewrite(String newRequestLine, boolean keepConnectionHeaders, String... extra) {
        StringBuilder sb = new StringBuilder(newRequestLine).append("\r\n");
        for (String[] h : headers) {
            String n = h[0].toLowerCase(Locale.ROOT);
            // Hop-by-hop: they bind this hop only (an h2c upgrade offer included), never forwarded as they are.
            boolean hop = n.equals("connection") || n.equals("keep-alive") || n.equals("proxy-connection")
                    || n.equals("upgrade") || n.equals("http2-settings");
            if (!hop || keepConnectionHeaders) {
                sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
        }
        for (String e : extra) {
            sb.append(e).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
