package dev.duplex.server.longpoll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.api.DuplexOptions;
import dev.duplex.server.api.Message;
import dev.duplex.server.testing.FakeHost;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A burst of frames for a parked poll queues one write task, as the WebSocket's writer does. */
class WakeCoalescingTest {

    @Test
    void wakesWhileAFlushIsQueuedQueueNoMore() {
        FakeHost host = new FakeHost(DuplexOptions.builder());
        LongPollTransport transport = new LongPollTransport(host.session(), host);
        host.session().attach(transport);
        List<String> answers = new ArrayList<>();
        transport.poll(answers::add, 0);
        for (int i = 0; i < 1_000; i++) {
            host.session().send(Message.text("m" + i));
        }
        assertEquals(1, host.tasks.size(), "one queued flush answers the whole burst");
        assertEquals(List.of(), answers, "nothing is written before the queued flush runs");
    }
}
