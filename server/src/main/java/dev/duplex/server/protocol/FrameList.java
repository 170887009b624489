package dev.duplex.server.protocol;

/**
 * Encoded frames gathered into one write: a long-poll response is always a JSON array, a WebSocket message is
 * a lone frame bare or several as an array (PROTOCOL.md section 3). Not thread-safe; one per write.
 */
public final class FrameList {
    private final StringBuilder out = new StringBuilder(128);
    private int count;

    /** Where the next frame's text goes: the caller appends exactly one frame to it. */
    public StringBuilder next() {
        if (count++ > 0) {
            out.append(',');
        }
        return out;
    }

    /** Appends one frame already encoded. */
    public FrameList add(String frame) {
        next().append(frame);
        return this;
    }

    /** How many frames were gathered. */
    public int count() {
        return count;
    }

    /** The frames as a JSON array, {@code []} when there are none: a long-poll response. */
    public String array() {
        return "[" + out + "]";
    }

    /** A lone frame bare, several as a JSON array, or null when there are none: a WebSocket message. */
    public String message() {
        return count == 0 ? null : count == 1 ? out.toString() : array();
    }
}
