package dev.duplex.bench;

import dev.duplex.server.protocol.Frame;
import dev.duplex.server.protocol.FrameCodec;
import dev.duplex.server.protocol.Payloads;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Why Duplex carries binary payloads as base64 in the {@code b} member (PROTOCOL.md section 3.5) rather than as
 * WebSocket binary frames: prints, per payload size, the bytes on the wire of both forms and the server's CPU time
 * to encode and decode one frame of each. The binary-frame form is the cheapest one possible (a type byte and an
 * 8-byte seq before the raw bytes), so the comparison favours it.
 * Usage: {@code java ... dev.duplex.bench.BinaryWire}.
 */
public final class BinaryWire {
    private static final FrameCodec CODEC = new FrameCodec();
    private static final int[] SIZES = {16, 1024, 16 * 1024, 64 * 1024};

    private BinaryWire() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| payload | base64 in JSON (b) | binary frame (9-byte header) | overhead"
                + " | b: encode + decode | binary frame: encode + decode |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        Random random = new Random(42);
        for (int size : SIZES) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            String text = CODEC.encode(new Frame.Msg(123_456, null, Payloads.binary(bytes)));
            int jsonBytes = text.getBytes(StandardCharsets.UTF_8).length;
            int frameBytes = 9 + size;
            double base64Nanos = time(() -> {
                String wire = CODEC.encode(new Frame.Msg(123_456, null, Payloads.binary(bytes)));
                byte[] utf8 = wire.getBytes(StandardCharsets.UTF_8);
                return Payloads.bytes(decode(new String(utf8, StandardCharsets.UTF_8)).d()).length;
            });
            double frameNanos = time(() -> {
                ByteBuffer out = ByteBuffer.allocate(9 + bytes.length).put((byte) 1).putLong(123_456).put(bytes);
                out.flip();
                byte type = out.get();
                long seq = out.getLong();
                byte[] back = new byte[out.remaining()];
                out.get(back);
                return back.length + type + (int) seq;
            });
            System.out.printf("| %,d B | %,d B | %,d B | %+.1f %% | %,.1f µs | %,.1f µs |%n", size, jsonBytes,
                    frameBytes, 100.0 * (jsonBytes - frameBytes) / frameBytes, base64Nanos / 1000, frameNanos / 1000);
        }
    }

    private static Frame.Msg decode(String wire) {
        try {
            return (Frame.Msg) CODEC.decodeFrame(wire, FrameCodec.Direction.CLIENT_TO_SERVER);
        } catch (dev.duplex.server.protocol.ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mean ns per call after a warm-up, over about half a second. */
    private static double time(java.util.function.IntSupplier op) {
        long sink = 0;
        for (int i = 0; i < 2_000; i++) {
            sink += op.getAsInt();
        }
        int calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            for (int i = 0; i < 100; i++) {
                sink += op.getAsInt();
            }
            calls += 100;
            elapsed = System.nanoTime() - start;
        } while (elapsed < 500_000_000L);
        if (sink == 42) {
            System.out.print("");
        }
        return (double) elapsed / calls;
    }
}
