package dev.duplex.server.fuzz;

import dev.duplex.server.api.TransportKind;
import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Model-based test of the session machinery (Session, Outbox, their acks, transports, overflow and expiry)
 * against a reference client. Random chains of publish, deliver, lose, ack (fresh, stale, duplicate),
 * disconnect, resume, switch, overflow bursts, a bystander eating the global budget, server close and time
 * passing run on a real {@link dev.duplex.server.session.Session} with tiny replay limits.
 *
 * <p>The oracle: the client receives each seq at most once and in order, and every seq it never receives
 * was announced lost by a reset before any later seq; unacked frames never exceed the limits; acked frames
 * are released, and the global counter is back to 0 once everything is acked or released.
 */
class SessionModelTest {

    @Property(tries = 250, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void theClientGetsEverySeqOnceInOrderOrIsToldItIsLost(@ForAll("chains") ActionChain<SessionWorld> chain) {
        SessionWorld end = chain.withInvariant("replay buffer", SessionWorld::checkReplayBuffer).run();
        end.finish();
        Statistics.label("reset announced").collect(end.resets > 0);
        Statistics.label("duplicate dropped").collect(end.duplicatesDropped > 0);
        Statistics.label("expired or closed by sweep").collect(end.expirations > 0);
        Statistics.label("transport superseded").collect(end.supersedes > 0);
        Statistics.label("close acked").collect(end.closesAcked > 0);
        Statistics.label("reset announced").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("duplicate dropped").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("expired or closed by sweep").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("transport superseded").coverage(c -> c.check(true).percentage(p -> p > 20));
        Statistics.label("close acked").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    @Provide
    Arbitrary<ActionChain<SessionWorld>> chains() {
        return Combinators.combine(Arbitraries.integers().between(1, 6), Arbitraries.longs().between(12, 200),
                Arbitraries.longs().between(12, 400)).flatAs((maxFrames, maxChars, globalMax) ->
                ActionChain.startWith(() -> new SessionWorld(maxFrames, maxChars, globalMax))
                        .withAction(5, publish())
                        .withAction(1, overflow())
                        .withAction(5, deliver(false))
                        .withAction(1, deliver(true))
                        .withAction(3, ack())
                        .withAction(1, disconnect())
                        .withAction(2, resume())
                        .withAction(1, switchTransport())
                        .withAction(1, advanceTime())
                        .withAction(1, bystander())
                        .withAction(1, serverClose())
                        .withAction(1, handshake())
                        .withMaxTransformations(60));
    }

    private static Arbitrary<String> payloads() {
        return Arbitraries.strings().alpha().numeric().withChars(" \"\\\u2028\u00e9\u0001").ofMaxLength(30);
    }

    private static Action.Independent<SessionWorld> publish() {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.isOpen();
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer() {
                return payloads().map(text -> Transformer.mutate("publish", world -> world.publish(text)));
            }
        };
    }

    /** A burst past the tiny replay limits. */
    private static Action.Independent<SessionWorld> overflow() {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.isOpen();
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer() {
                return payloads().list().ofMinSize(3).ofMaxSize(15).map(texts -> Transformer.mutate(
                        "overflow " + texts.size(), world -> texts.forEach(world::publish)));
            }
        };
    }

    private static Action.Independent<SessionWorld> deliver(boolean lose) {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.canDeliver();
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer() {
                return Arbitraries.integers().between(1, 5).map(max -> Transformer.mutate(
                        (lose ? "lose " : "deliver ") + max, world -> world.deliver(max, lose)));
            }
        };
    }

    /** Fresh, stale and duplicate acks, as ack frames. */
    private static Action.Dependent<SessionWorld> ack() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.isOpen();
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer(SessionWorld world) {
                long fresh = world.received;
                long duplicate = Math.min(world.lastAckSent, fresh);
                Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.just(fresh), Arbitraries.just(duplicate),
                        Arbitraries.longs().between(0, fresh));
                return value.map(ack -> Transformer.mutate("ack " + ack, w -> w.ack(ack)));
            }
        };
    }

    private static Action<SessionWorld> disconnect() {
        return Action.<SessionWorld>when(world -> world.isOpen() && world.session.currentTransport() != null)
                .describeAs("disconnect").justMutate(SessionWorld::disconnect);
    }

    private static Action.Dependent<SessionWorld> resume() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.clientTransport == null;
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer(SessionWorld world) {
                return Combinators.combine(kinds(), resumeAcks(world)).as((kind, ack) -> Transformer.mutate(
                        "resume " + kind + " from " + ack, w -> w.attach(kind, ack)));
            }
        };
    }

    /** Mostly the client's received, sometimes a stale ack. */
    private static Arbitrary<Long> resumeAcks(SessionWorld world) {
        return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(world.received)),
                Tuple.of(1, Arbitraries.longs().between(0, world.received)));
    }

    /** A new transport while one is attached (an upgrade, a downgrade, or a client that lost its socket). */
    private static Action.Dependent<SessionWorld> switchTransport() {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(SessionWorld world) {
                return world.isOpen() && world.clientTransport != null;
            }

            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer(SessionWorld world) {
                return Combinators.combine(kinds(), resumeAcks(world)).as((kind, ack) -> Transformer.mutate(
                        "switch to " + kind + " from " + ack, w -> w.attach(kind, ack)));
            }
        };
    }

    private static Arbitrary<TransportKind> kinds() {
        return Arbitraries.of(List.of(TransportKind.LONG_POLLING, TransportKind.WEBSOCKET));
    }

    private static Action.Independent<SessionWorld> advanceTime() {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer() {
                long window = SessionWorld.WINDOW;
                long timeout = SessionWorld.HEARTBEAT_TIMEOUT;
                return Arbitraries.of(1L, timeout - 1, timeout, window - 1, window, window + 1, 3 * window)
                        .map(ms -> Transformer.mutate("advance " + ms, world -> world.advanceAndSweep(ms)));
            }
        };
    }

    private static Action.Independent<SessionWorld> bystander() {
        return new Action.Independent<>() {
            @Override
            public Arbitrary<Transformer<SessionWorld>> transformer() {
                return Arbitraries.integers().between(0, 8).map(n -> n == 0
                        ? Transformer.mutate("bystander acks", SessionWorld::bystanderAcksAll)
                        : Transformer.mutate("bystander +" + n, world -> world.bystanderLoad(n)));
            }
        };
    }

    private static Action<SessionWorld> serverClose() {
        return Action.<SessionWorld>when(world -> world.session.isOpen()).describeAs("server close")
                .justMutate(SessionWorld::serverClose);
    }

    private static Action<SessionWorld> handshake() {
        return Action.<SessionWorld>when(world -> !world.isOpen()).describeAs("handshake")
                .justMutate(SessionWorld::newSession);
    }
}
