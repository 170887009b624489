package dev.duplex.bayeux.engine;

/**
 * Whether a {@code /meta/connect} proves that the reply to the previous one arrived, for clients without the
 * ack extension. CometD clients ({@code cometd.js}, {@code BayeuxClient}) send {@code advice:{timeout:0}}
 * on their first connect and on the one after a failure, alone in its request; any other connect is sent
 * after the previous reply was processed. Faye puts the same advice on a connect that shares its batch with
 * other messages (no sign of failure), and retries a failed request unchanged, with the same {@code id}.
 */
final class ImplicitAck {
    private ImplicitAck() {
    }

    /**
     * @param timeoutZero the connect carries {@code advice:{timeout:0}}
     * @param alone       it is the only message of its request
     * @param id          its {@code id}, or null
     * @param previousId  the previous connect's {@code id}, or null
     */
    static boolean proves(boolean timeoutZero, boolean alone, String id, String previousId) {
        boolean retry = id != null && id.equals(previousId);
        boolean firstOrAfterFailure = timeoutZero && alone;
        return !retry && !firstOrAfterFailure;
    }
}
