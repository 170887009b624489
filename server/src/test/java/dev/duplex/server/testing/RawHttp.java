package dev.duplex.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a bare socket, for requests no well-behaved client library will send: duplicate or non-ASCII
 * headers, huge heads, lying {@code Content-Length}, bodies trickled byte by byte.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A response as read off the wire; header names lower-cased, in order, repeated ones kept. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        /** Every value of {@code name} (lower case), empty if absent. */
        public List<String> header(String name) {
            return headers.getOrDefault(name, List.of());
        }
    }

    /** Opens a connection to 127.0.0.1:{@code port} with a 10 s read timeout. */
    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends {@code head} (lines without the final empty line) and {@code body}, then reads one response. */
    public static Response exchange(int port, String head, byte[] body) throws IOException {
        try (Socket socket = connect(port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one response: its head, then {@code Content-Length} bytes, or up to end of stream. */
    public static Response read(InputStream in) throws IOException {
        Response head = readHead(in);
        List<String> length = head.header("content-length");
        byte[] body = length.isEmpty() ? readToEnd(in) : in.readNBytes(Integer.parseInt(length.get(0)));
        return new Response(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a response head only (status and headers), leaving the body, or the upgraded stream, unread. */
    public static Response readHead(InputStream in) throws IOException {
        String[] lines = readHeadText(in).split("\r\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, "");
    }

    private static String readHeadText(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of head: " + head);
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }
}
