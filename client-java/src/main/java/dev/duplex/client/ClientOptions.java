package dev.duplex.client;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How a {@link DuplexClient} behaves. Immutable; build with {@link #builder()}. The defaults match
 * {@code duplex.js}.
 *
 * @param webSocket        whether to try the WebSocket upgrade at all (long-polling only when {@code false})
 * @param probeTimeout     how long the upgrade waits for {@code welcome} before it gives up (default 5 s)
 * @param backoffMin       the first reconnect cap (default 500 ms); each failure doubles it
 * @param backoffMax       the largest reconnect cap (default 10 s)
 * @param upgradeBackoffMin the first re-upgrade cap after a WebSocket failed (default 1 s)
 * @param upgradeBackoffMax the largest re-upgrade cap (default 30 s)
 * @param maxQueue         the most client frames queued or sent but unacked; {@code send} refuses beyond
 * @param closeTimeout     how long {@link DuplexClient#close()} waits for the server's close frame
 * @param clock            the time source for heartbeats and pressure
 * @param random           a [0, 1) source for the backoff jitter
 * @param httpClient       the HTTP client to use, or {@code null} for a new one per channel
 * @param protocols        subprotocols offered, in order of preference (default none): the server's handler
 *                         chooses one ({@link DuplexClient#protocol()}), or refuses the handshake
 *                         ({@code unsupported_protocol}) if it speaks none of them
 */
public record ClientOptions(boolean webSocket, Duration probeTimeout, Duration backoffMin, Duration backoffMax,
        Duration upgradeBackoffMin, Duration upgradeBackoffMax, int maxQueue, Duration closeTimeout, Clock clock,
        DoubleSupplier random, HttpClient httpClient, List<String> protocols) {

    /** {@return the defaults} */
    public static ClientOptions defaults() {
        return builder().build();
    }

    /** {@return a new builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ClientOptions}. */
    public static final class Builder {
        private boolean webSocket = true;
        private Duration probeTimeout = Duration.ofSeconds(5);
        private Duration backoffMin = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(10);
        private Duration upgradeBackoffMin = Duration.ofSeconds(1);
        private Duration upgradeBackoffMax = Duration.ofSeconds(30);
        private int maxQueue = 10_000;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private HttpClient httpClient;
        private List<String> protocols = List.of();

        /**
         * See {@link ClientOptions#webSocket()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder webSocket(boolean value) {
            webSocket = value;
            return this;
        }

        /**
         * See {@link ClientOptions#probeTimeout()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder probeTimeout(Duration value) {
            probeTimeout = value;
            return this;
        }

        /**
         * See {@link ClientOptions#backoffMin()} and {@link ClientOptions#backoffMax()}.
         *
         * @param min the first reconnect cap
         * @param max the largest reconnect cap
         * @return this builder
         */
        public Builder backoff(Duration min, Duration max) {
            backoffMin = min;
            backoffMax = max;
            return this;
        }

        /**
         * See {@link ClientOptions#upgradeBackoffMin()} and {@link ClientOptions#upgradeBackoffMax()}.
         *
         * @param min the first re-upgrade cap
         * @param max the largest re-upgrade cap
         * @return this builder
         */
        public Builder upgradeBackoff(Duration min, Duration max) {
            upgradeBackoffMin = min;
            upgradeBackoffMax = max;
            return this;
        }

        /**
         * See {@link ClientOptions#maxQueue()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder maxQueue(int value) {
            maxQueue = value;
            return this;
        }

        /**
         * See {@link ClientOptions#closeTimeout()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder closeTimeout(Duration value) {
            closeTimeout = value;
            return this;
        }

        /**
         * See {@link ClientOptions#clock()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /**
         * See {@link ClientOptions#random()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder random(DoubleSupplier value) {
            random = value;
            return this;
        }

        /**
         * See {@link ClientOptions#httpClient()}.
         *
         * @param value the new value
         * @return this builder
         */
        public Builder httpClient(HttpClient value) {
            httpClient = value;
            return this;
        }

        /**
         * The subprotocols to offer, in order of preference.
         *
         * @param value the subprotocols
         * @return this builder
         */
        public Builder protocols(List<String> value) {
            protocols = List.copyOf(value);
            return this;
        }

        /** {@return the options} */
        public ClientOptions build() {
            return new ClientOptions(webSocket, probeTimeout, backoffMin, backoffMax, upgradeBackoffMin,
                    upgradeBackoffMax, maxQueue, closeTimeout, clock, random, httpClient, protocols);
        }
    }
}
