package dev.duplex.server.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.protocol.FastFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A session that moved here from another node follows each topic until this node's stream goes on from the last
 * publish it got there ({@link TopicIndex#follow}, {@link Follower}): with this node behind, ahead, not subscribed
 * yet, a history trimmed or unreadable, a new epoch, deliveries while history is read. Capture fakes for the
 * subscriber and the broker's history: each case is judged by what the subscriber got, in order.
 */
class TopicFollowTest {
    private static final String TOPIC = "news";
    private static final String EPOCH = "e1";

    private final TopicIndex index = new TopicIndex();
    private final Captured moved = new Captured();
    private final History history = new History();

    /** What a subscriber got: {@code "n"} for the publish numbered n, {@code "gap"} for a reset. */
    private static final class Captured implements Subscriber {
        final List<String> got = new ArrayList<>();
        final List<StreamMark> marks = new ArrayList<>();

        @Override
        public void deliver(String tail) {
            got.add(payloadOf(tail));
        }

        @Override
        public void deliver(String tail, String topic, StreamMark mark) {
            got.add(payloadOf(tail));
            marks.add(mark);
        }

        @Override
        public void topicGap(String topic) {
            got.add("gap");
        }

        private static String payloadOf(String tail) {
            for (int n = 0; n < 100; n++) {
                if (tail.equals(FastFrames.topicTail(TOPIC, Integer.toString(n)))) {
                    return Integer.toString(n);
                }
            }
            throw new AssertionError("not a publish of this test: " + tail);
        }
    }

    /** The broker's history, answered when the test says; each read is kept. */
    private static final class History implements TopicIndex.HistoryReader {
        final List<StreamMark> asked = new ArrayList<>();
        final List<CompletableFuture<Broker.History>> answers = new ArrayList<>();

        @Override
        public CompletionStage<Broker.History> since(String topic, StreamMark mark) {
            asked.add(mark);
            CompletableFuture<Broker.History> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        /** Answers the last read with the stream's publishes {@code from..to} of {@code epoch}. */
        void answer(String epoch, long from, long to) {
            List<Broker.Marked> publishes = new ArrayList<>();
            for (long n = from; n <= to; n++) {
                publishes.add(new Broker.Marked(new StreamMark(epoch, n), Long.toString(n)));
            }
            answers.get(answers.size() - 1).complete(new Broker.History(epoch, to, publishes));
        }
    }

    private void publish(long... offsets) {
        publishIn(EPOCH, offsets);
    }

    private void publishIn(String epoch, long... offsets) {
        for (long n : offsets) {
            index.onPublish(TOPIC, Long.toString(n), new StreamMark(epoch, n));
        }
    }

    /** Another subscriber, so that the topic is live here; it got 1..{@code upTo}. */
    private Captured stayingAt(long upTo) {
        Captured staying = new Captured();
        index.add(TOPIC, staying);
        for (long n = 1; n <= upTo; n++) {
            publish(n);
        }
        return staying;
    }

    private static StreamMark at(long offset) {
        return new StreamMark(EPOCH, offset);
    }

    @Test
    void behindThisNodeDropsWhatTheSessionGotAlreadyThenCarriesOn() {
        stayingAt(5);
        index.follow(TOPIC, moved, at(7), history);
        publish(6, 7, 8, 9);
        assertEquals(List.of("8", "9"), moved.got);
        assertEquals(List.of(), history.asked, "nothing to read");
    }

    @Test
    void levelThisNodeGoesOnAtOnce() {
        stayingAt(5);
        index.follow(TOPIC, moved, at(5), history);
        publish(6);
        assertEquals(List.of("6"), moved.got);
        assertEquals(List.of(), history.asked);
    }

    @Test
    void aheadThisNodeReadsWhatTheSessionMissedFromHistoryFirst() {
        Captured staying = stayingAt(9);
        index.follow(TOPIC, moved, at(6), history);
        assertEquals(List.of(at(6)), history.asked);
        publish(10); // while history is read: held
        assertEquals(List.of(), moved.got);
        history.answer(EPOCH, 7, 10); // Redis is at 10 by now
        publish(11);
        assertEquals(List.of("7", "8", "9", "10", "11"), moved.got, "each once, in order");
        assertEquals(at(11), moved.marks.get(moved.marks.size() - 1), "the session remembers the last mark");
        assertEquals(11, staying.got.size(), "the other subscriber is untouched");
    }

    @Test
    void aTopicNewHereReadsHistoryAndDropsWhatTheNewStreamRepeats() {
        index.follow(TOPIC, moved, at(3), history);
        history.answer(EPOCH, 4, 6);
        index.onPosition(TOPIC, at(5)); // the new stream started at 5: 6 may still come over pub/sub
        publish(6, 7);
        assertEquals(List.of("4", "5", "6", "7"), moved.got);
    }

    @Test
    void aStreamThatStartsPastTheSessionsMarkSendsItToHistory() {
        index.follow(TOPIC, moved, at(3), history);
        history.answer(EPOCH, 4, 3); // nothing after 3 when read
        index.onPosition(TOPIC, at(5)); // published 4 and 5 before this node's subscription took effect
        assertEquals(List.of(at(3), at(3)), history.asked);
        history.answer(EPOCH, 4, 5);
        publish(6);
        assertEquals(List.of("4", "5", "6"), moved.got);
    }

    @Test
    void aHoleInTheLiveStreamIsFilledFromHistory() {
        stayingAt(5);
        index.follow(TOPIC, moved, at(5), history);
        publish(8); // 6 and 7 did not reach this node's stream yet as the session arrived
        assertEquals(List.of(at(5)), history.asked);
        history.answer(EPOCH, 6, 8);
        assertEquals(List.of("6", "7", "8"), moved.got);
    }

    @Test
    void aTrimmedHistoryIsAnnouncedWithAResetWhereTheHoleIs() {
        stayingAt(9);
        index.follow(TOPIC, moved, at(2), history);
        history.answer(EPOCH, 6, 9); // 3..5 trimmed
        publish(10);
        assertEquals(List.of("gap", "6", "7", "8", "9", "10"), moved.got);
    }

    @Test
    void anUnreadableHistoryIsAnnouncedOnceThenTheStreamGoesOn() {
        stayingAt(9);
        index.follow(TOPIC, moved, at(6), history);
        publish(10);
        history.answers.get(0).completeExceptionally(new IllegalStateException("Redis down"));
        publish(11);
        assertEquals(List.of("gap", "10", "11"), moved.got);
    }

    @Test
    void anotherEpochIsAnnouncedWithAReset() {
        stayingAt(0);
        publishIn("e2", 1);
        index.follow(TOPIC, moved, at(6), history);
        history.answer("e2", 2, 1);
        publishIn("e2", 2);
        assertEquals(List.of("gap", "2"), moved.got);
    }

    @Test
    void aGapOnThisNodeWhileHistoryIsReadTakesItsPlace() {
        stayingAt(9);
        index.follow(TOPIC, moved, at(8), history);
        publish(10);
        index.onGap(TOPIC);
        publish(12);
        history.answer(EPOCH, 9, 10);
        assertEquals(List.of("9", "10", "gap", "12"), moved.got);
    }

    @Test
    void anUnsubscribeWhileHistoryIsReadEndsIt() {
        stayingAt(9);
        index.follow(TOPIC, moved, at(6), history);
        index.remove(TOPIC, moved);
        history.answer(EPOCH, 7, 9);
        publish(10);
        assertEquals(List.of(), moved.got);
    }

    @Test
    void aSessionWithoutAMarkIsAnyOtherSubscriber() {
        stayingAt(3);
        index.follow(TOPIC, moved, null, history);
        publish(4);
        assertEquals(List.of("4"), moved.got);
        assertEquals(List.of(), history.asked);
    }
}
