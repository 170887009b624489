package dev.duplex.server.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client that writes frames exactly as told (any fragmentation, any opcode), for the abuse no real
 * client library will commit. Client frames are masked with a zero key, which RFC 6455 allows.
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 1;
    public static final int CONTINUATION = 0;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades a connection to {@code path} on 127.0.0.1:{@code port}; fails unless the answer is 101. */
    public static RawWebSocket open(int port, String path) throws IOException {
        Socket socket = RawHttp.connect(port);
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        RawHttp.Response answer = RawHttp.readHead(socket.getInputStream());
        if (answer.status() != 101) {
            socket.close();
            throw new IOException("no upgrade: " + answer.status());
        }
        return new RawWebSocket(socket);
    }

    /** Writes one frame; {@code fin} false leaves the message open for continuation frames. */
    public void frame(boolean fin, int opcode, byte[] payload) throws IOException {
        int length = payload.length;
        byte[] head = length < 126 ? new byte[] {0, (byte) (0x80 | length)}
                : length < 65536 ? new byte[] {0, (byte) (0x80 | 126), (byte) (length >> 8), (byte) length}
                : longHead(length);
        head[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        out.write(head);
        out.write(new byte[4]);
        out.write(payload);
    }

    private static byte[] longHead(long length) {
        byte[] head = new byte[10];
        head[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            head[9 - i] = (byte) (length >> (8 * i));
        }
        return head;
    }

    /** Sends a whole text message in one frame. */
    public void text(String message) throws IOException {
        frame(true, TEXT, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads server frames until a close frame, returning its code, or -1 if the connection ends without one.
     * Text frames on the way are skipped.
     */
    public int awaitClose() throws IOException {
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = in.readNBytes((int) length);
                if ((first & 0x0f) == 8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
