package dev.duplex.client;

import java.util.List;

/**
 * Continuity was lost but the channel goes on: the server frames {@code from}..{@code to} will never arrive
 * (the server's replay buffer overflowed while this client was away). PROTOCOL.md section 4.1.
 *
 * @param reason why, e.g. {@code overflow}
 * @param from   the first lost server seq (never one this client already received)
 * @param to     the last lost server seq
 * @param topics the topics the channel is still subscribed to
 */
public record ResetNotice(String reason, long from, long to, List<String> topics) {
}
