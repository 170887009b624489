package dev.duplex.server.metrics;

import dev.duplex.server.api.TransportKind;

/** A count of a hub's sessions right now, taken when a gauge is read: nothing is kept between reads. */
public final class SessionCensus {
    private final long[] byTransport = new long[TransportKind.values().length];
    private long open;
    private long closing;
    private long outboxChars;
    private long outboxCharsMax;
    private long outboxFrames;

    /** Counts one session: its transport, whether it is closing, and its outbox's characters and frames. */
    public void add(TransportKind transport, boolean isClosing, long chars, long frames) {
        byTransport[transport.ordinal()]++;
        if (isClosing) {
            closing++;
        } else {
            open++;
        }
        outboxChars += chars;
        outboxCharsMax = Math.max(outboxCharsMax, chars);
        outboxFrames += frames;
    }

    long on(TransportKind transport) {
        return byTransport[transport.ordinal()];
    }

    long open() {
        return open;
    }

    long closing() {
        return closing;
    }

    long outboxChars() {
        return outboxChars;
    }

    long outboxCharsMax() {
        return outboxCharsMax;
    }

    long outboxFrames() {
        return outboxFrames;
    }
}
