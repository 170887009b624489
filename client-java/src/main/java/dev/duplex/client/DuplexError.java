package dev.duplex.client;

/**
 * Something the application should know about that did not end the channel by itself: a refused frame
 * (the server's {@code error} frame, with {@code ref} the refused frame's seq), a payload over the server's
 * {@code maxMessage} refused locally ({@code too_large}, {@code ref} 0), or the code that precedes a close.
 *
 * @param code    the protocol's error code, e.g. {@code forbidden}, {@code invalid_topic}, {@code too_large},
 *                {@code unknown_session}
 * @param message a text for humans
 * @param ref     the seq of the client frame concerned, or 0
 */
public record DuplexError(String code, String message, long ref) {
}
