package dev.duplex.server.session;

/**
 * A long-polling request that reached a node which does not hold its session, as that node passes it to the
 * node that does (a cluster's owner). The node that received it has already checked the origin and, for a poll,
 * asked the application to authorize the request; the owner checks the token and the principal.
 *
 * @param kind      a poll or a send
 * @param sid       the session named by the request
 * @param token     the token the request carried
 * @param principal the name of the request's authenticated user, or null
 * @param ack       a poll's {@code X-Duplex-Ack}
 * @param probing   whether a poll carried {@code X-Duplex-Probe: 1}
 * @param body      a send's body, as text
 */
public record RemoteCall(Kind kind, String sid, String token, String principal, long ack, boolean probing,
        String body) {

    /** What the request asks for. */
    public enum Kind {
        /** {@code GET /poll}. */
        POLL,
        /** {@code POST /send}. */
        SEND
    }
}
