package dev.duplex.client;

/**
 * The channel ended, for good.
 *
 * @param code           a WebSocket-style close code: 1000 normal, the server's close code, 4404 when the
 *                       session was unknown or expired, 4413 for a frame the server can never take
 * @param reason         a text for humans
 * @param continuityLost {@code true} when messages may have been lost with the session: the client's
 *                       {@code unsentFrames} never reached the server, and server messages after the last one
 *                       delivered are gone. Start a new channel to go on.
 * @param unsentFrames   how many of this client's frames the server never acknowledged
 */
public record CloseNotice(int code, String reason, boolean continuityLost, int unsentFrames) {
}
