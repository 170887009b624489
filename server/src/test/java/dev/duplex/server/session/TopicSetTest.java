package dev.duplex.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicSetTest {
    private final TopicSet topics = new TopicSet();

    @Test
    void behavesAsASetInInsertionOrder() {
        assertTrue(topics.add("a"));
        assertTrue(topics.add("b"));
        assertFalse(topics.add("a"));
        assertTrue(topics.add("c"));
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(topics));
        assertTrue(topics.remove("b"));
        assertFalse(topics.remove("b"));
        assertFalse(topics.contains("b"));
        assertEquals(Set.of("a", "c"), topics);
        assertTrue(topics.remove("a"));
        assertTrue(topics.remove("c"));
        assertTrue(topics.isEmpty());
    }

    @Test
    void iterationSeesASnapshot() {
        topics.add("a");
        topics.add("b");
        List<String> seen = new ArrayList<>();
        for (String topic : topics) {
            topics.remove(topic);
            topics.add(topic + "'");
            seen.add(topic);
        }
        assertEquals(List.of("a", "b"), seen);
        assertEquals(Set.of("a'", "b'"), topics);
    }
}
