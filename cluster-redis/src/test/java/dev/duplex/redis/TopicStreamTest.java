package dev.duplex.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The continuity check alone, with a capture fake for its sink: what is delivered, what is a gap, what is asked. */
class TopicStreamTest {
    /** Everything the stream did, in order: "d:payload", "gap", "ask:generation:since". */
    private final List<String> events = new ArrayList<>();
    private long lastGeneration;
    private final TopicStream stream = new TopicStream(new TopicStream.Sink() {
        @Override
        public void deliver(Publication publication) {
            events.add("d:" + publication.payload());
        }

        @Override
        public void gap() {
            events.add("gap");
        }

        @Override
        public void requestPosition(long generation, long since) {
            lastGeneration = generation;
            events.add("ask:" + since);
        }
    });

    private static Publication pub(long offset, String epoch) {
        return new Publication(offset, epoch, "m" + offset);
    }

    private static TopicStream.Position position(String epoch, long offset, Publication... history) {
        return new TopicStream.Position(epoch, offset, List.of(history));
    }

    private void liveAt(String epoch, long offset) {
        stream.subscribed();
        stream.position(lastGeneration, position(epoch, offset));
        events.clear();
    }

    @Test
    void firstSyncDeliversWhatArrivedAfterSubscribingInOrderThenGoesLive() {
        stream.subscribed();
        stream.message(pub(6, "e1"));
        stream.message(pub(7, "e1"));
        stream.position(lastGeneration, position("e1", 7, pub(5, "e1"), pub(6, "e1"), pub(7, "e1")));
        stream.message(pub(8, "e1"));
        assertEquals(List.of("ask:0", "d:m6", "d:m7", "d:m8"), events);
        assertEquals(StreamState.LIVE, stream.state());
    }

    @Test
    void aTopicNeverPublishedStartsAtItsFirstPublication() {
        stream.subscribed();
        stream.position(lastGeneration, position(null, 0));
        stream.message(pub(1, "e1"));
        stream.message(pub(2, "e1"));
        assertEquals(List.of("ask:0", "d:m1", "d:m2"), events);
    }

    @Test
    void publicationsStillInFlightWhenALaterFirstPositionArrivesAreDeliveredNotDroppedAsDuplicates() {
        // Published 1 to 3 after the subscription took effect; the position (3) came back before pub/sub did.
        stream.subscribed();
        stream.position(lastGeneration, position("e1", 3, pub(1, "e1"), pub(2, "e1"), pub(3, "e1")));
        stream.message(pub(1, "e1"));
        stream.message(pub(2, "e1"));
        stream.message(pub(3, "e1"));
        stream.message(pub(3, "e1"));
        stream.message(pub(4, "e1"));
        assertEquals(List.of("ask:0", "d:m1", "d:m2", "d:m3", "d:m4"), events);
    }

    @Test
    void publicationsMadeBeforeTheSubscriptionNeverArriveAndTheNextOneStartsTheStream() {
        stream.subscribed();
        stream.position(lastGeneration, position("e1", 3, pub(1, "e1"), pub(2, "e1"), pub(3, "e1")));
        stream.message(pub(4, "e1"));
        stream.message(pub(2, "e1"));
        assertEquals(List.of("ask:0", "d:m4"), events, "after the first arrival, an old offset is a duplicate");
    }

    @Test
    void duplicatesAreDropped() {
        liveAt("e1", 3);
        stream.message(pub(4, "e1"));
        stream.message(pub(4, "e1"));
        stream.message(pub(2, "e1"));
        assertEquals(List.of("d:m4"), events);
    }

    @Test
    void aResubscriptionFillsTheHoleFromHistoryWithoutAGap() {
        liveAt("e1", 3);
        stream.subscribed();
        stream.message(pub(7, "e1"));
        stream.position(lastGeneration, position("e1", 6, pub(4, "e1"), pub(5, "e1"), pub(6, "e1")));
        assertEquals(List.of("ask:3", "d:m4", "d:m5", "d:m6", "d:m7"), events);
    }

    @Test
    void aPublicationOutOfOrderAsksForHistoryAndBuffersMeanwhile() {
        liveAt("e1", 3);
        stream.message(pub(6, "e1"));
        stream.message(pub(7, "e1"));
        assertEquals(StreamState.SYNCING, stream.state());
        stream.position(lastGeneration, position("e1", 7, pub(4, "e1"), pub(5, "e1"), pub(6, "e1"), pub(7, "e1")));
        assertEquals(List.of("ask:3", "d:m4", "d:m5", "d:m6", "d:m7"), events);
    }

    @Test
    void historyTrimmedPastTheHoleIsAGapThenWhatHistoryHasIsDelivered() {
        liveAt("e1", 3);
        stream.subscribed();
        stream.position(lastGeneration, position("e1", 9, pub(8, "e1"), pub(9, "e1")));
        stream.message(pub(10, "e1"));
        assertEquals(List.of("ask:3", "gap", "d:m8", "d:m9", "d:m10"), events);
    }

    @Test
    void noHistoryAtAllIsAGap() {
        liveAt("e1", 3);
        stream.subscribed();
        stream.position(lastGeneration, position("e1", 5));
        stream.message(pub(6, "e1"));
        assertEquals(List.of("ask:3", "gap", "d:m6"), events);
    }

    @Test
    void anotherEpochAfterAResubscriptionIsAGap() {
        liveAt("e1", 3);
        stream.subscribed();
        stream.message(pub(1, "e2"));
        stream.position(lastGeneration, position("e2", 1, pub(1, "e2")));
        stream.message(pub(2, "e2"));
        assertEquals(List.of("ask:3", "gap", "d:m1", "d:m2"), events);
    }

    @Test
    void redisRestartedEmptyAndNothingPublishedYetIsAGap() {
        liveAt("e1", 3);
        stream.subscribed();
        stream.position(lastGeneration, position(null, 0));
        stream.message(pub(1, "e2"));
        assertEquals(List.of("ask:3", "gap", "d:m1"), events);
    }

    @Test
    void aNewStreamWhileLiveStartingAtOneIsNoGap() {
        liveAt("e1", 3);
        stream.message(pub(1, "e2"));
        stream.message(pub(2, "e2"));
        assertEquals(List.of("d:m1", "d:m2"), events);
    }

    @Test
    void aNewStreamWhileLiveStartingLaterAsksAndAnnouncesTheGap() {
        liveAt("e1", 3);
        stream.message(pub(5, "e2"));
        stream.position(lastGeneration, position("e2", 5, pub(5, "e2")));
        assertEquals(List.of("ask:3", "gap", "d:m5"), events);
    }

    @Test
    void aStaleAnswerIsIgnoredAndOnlyTheLatestCounts() {
        liveAt("e1", 3);
        stream.subscribed();
        long stale = lastGeneration;
        stream.subscribed();
        stream.position(stale, position("e2", 1));
        assertEquals(StreamState.SYNCING, stream.state());
        stream.position(lastGeneration, position("e1", 4, pub(4, "e1")));
        assertEquals(List.of("ask:3", "ask:3", "d:m4"), events);
        assertEquals(false, stream.stillSyncing(lastGeneration));
    }

    @Test
    void everyMoveOfTheStateTable() {
        assertEquals(StreamState.LIVE, StreamState.SYNCING.moveTo(StreamState.LIVE));
        assertEquals(StreamState.SYNCING, StreamState.SYNCING.moveTo(StreamState.SYNCING));
        assertEquals(StreamState.SYNCING, StreamState.LIVE.moveTo(StreamState.SYNCING));
        assertThrows(IllegalStateException.class, () -> StreamState.LIVE.moveTo(StreamState.LIVE));
    }

    @Test
    void publicationsRoundTripAndForeignMessagesAreRefused() {
        Publication p = new Publication(42, "1700000000123456", "{\"a\":\"b c\"}");
        assertEquals(p, Publication.parse(p.format()));
        assertEquals("42 1700000000123456 {\"a\":\"b c\"}", p.format());
        assertThrows(IllegalArgumentException.class, () -> Publication.parse("hello"));
        assertThrows(IllegalArgumentException.class, () -> Publication.parse("x y z"));
    }
}
