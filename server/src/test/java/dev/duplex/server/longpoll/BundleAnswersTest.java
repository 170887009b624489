package dev.duplex.server.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.api.Scheduler;
import dev.duplex.server.metrics.HubMetrics;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import dev.duplex.server.session.Session;
import dev.duplex.server.session.TransportHost;
import dev.duplex.server.testing.FakeHost;
import dev.duplex.server.testing.GoldenVectors;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The entries of a bundled poll's answer, byte for byte as the golden vectors give them, the request's members as
 * the server reads them, and the cluster rule: a member another node holds is told to poll alone.
 */
class BundleAnswersTest {
    private static final JsonObject VECTORS = GoldenVectors.load().getAsJsonObject("bundle");

    private static String wire(int index) {
        return VECTORS.getAsJsonArray("answers").get(index).getAsJsonObject().get("wire").getAsString();
    }

    @Test
    void eachKindOfEntryHasTheWireFormOfTheVectors() {
        String s1 = "AAAAAAAAAAAAAAAAAAAAAA";
        String s2 = "CCCCCCCCCCCCCCCCCCCCCC";
        assertEquals(wire(0), BundledPoll.frames(s1, "[{\"t\":\"msg\",\"seq\":1,\"d\":\"hi\"}]"));
        assertEquals(wire(1), BundledPoll.frames(s1, "[]"));
        assertEquals(wire(2), BundledPoll.held(s2));
        assertEquals(wire(3), BundledPoll.alone(s2));
        assertEquals(wire(4), BundledPoll.refused(s2, ErrorCode.UNKNOWN_SESSION, "no such session"));
    }

    @Test
    void theRequestOfTheVectorsReadsAsItsMembers() throws ProtocolException {
        JsonObject request = VECTORS.getAsJsonObject("request");
        List<BundleMember> members = BundleMember.parse(request.get("wire").getAsString(), 2);
        JsonArray expected = request.getAsJsonArray("members");
        assertEquals(expected.size(), members.size());
        for (int i = 0; i < members.size(); i++) {
            JsonObject m = expected.get(i).getAsJsonObject();
            assertEquals(new BundleMember(m.get("sid").getAsString(), m.get("token").getAsString(),
                    m.get("ack").getAsLong(), m.has("probe") && m.get("probe").getAsBoolean()), members.get(i));
        }
    }

    @Test
    void aMemberAnotherNodeHoldsIsToldToPollAlone() {
        FakeHost fake = new FakeHost(DuplexOptions.builder());
        LongPollEndpoint endpoint = new LongPollEndpoint(new Clustered(fake), "/m");
        Handshake handshake = new Handshake(null, Map.of(), Map.of(), "127.0.0.1", null);
        List<String> written = new ArrayList<>();
        BundledPoll.Joined elsewhere = endpoint.join(new BundleMember("B.elsewhere", "t", 0, false), handshake,
                written::add);
        assertEquals("{\"sid\":\"B.elsewhere\",\"alone\":true}", elsewhere.entry());
        BundledPoll.Joined here = endpoint.join(new BundleMember("sid", "token", 0, false), handshake, written::add);
        assertNull(here.entry(), "a session of this node parks in the bundle");
        assertEquals(List.of(), written);
    }

    /** A node of a cluster: sessions other than the fake's live elsewhere. */
    private record Clustered(FakeHost fake) implements TransportHost {
        @Override
        public boolean elsewhere(String sid) {
            return !sid.equals(fake.session().id());
        }

        @Override
        public DuplexOptions options() {
            return fake.options();
        }

        @Override
        public Scheduler scheduler() {
            return fake.scheduler();
        }

        @Override
        public HubMetrics metrics() {
            return fake.metrics();
        }

        @Override
        public Executor flushExecutor() {
            return fake.flushExecutor();
        }

        @Override
        public Session resolve(String sid, String token, Principal principal) throws ProtocolException {
            return fake.resolve(sid, token, principal);
        }

        @Override
        public void authorize(Handshake handshake) throws ProtocolException {
            fake.authorize(handshake);
        }
    }
}
