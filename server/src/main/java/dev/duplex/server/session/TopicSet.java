package dev.duplex.server.session;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;

/**
 * A session's topics: copy-on-write over an array. A session has a handful of topics, changed rarely and read
 * on every reset and topic listing, and most sessions sit idle: one array costs a few dozen bytes where a
 * concurrent hash set costs some two hundred. Thread-safe; iteration sees a snapshot.
 */
final class TopicSet extends AbstractSet<String> {
    private static final String[] NONE = {};
    private volatile String[] topics = NONE;

    @Override
    public synchronized boolean add(String topic) {
        if (contains(topic)) {
            return false;
        }
        String[] grown = Arrays.copyOf(topics, topics.length + 1);
        grown[topics.length] = topic;
        topics = grown;
        return true;
    }

    @Override
    public synchronized boolean remove(Object topic) {
        String[] current = topics;
        int at = Arrays.asList(current).indexOf(topic);
        if (at < 0) {
            return false;
        }
        String[] shrunk = new String[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, at);
        System.arraycopy(current, at + 1, shrunk, at, shrunk.length - at);
        topics = shrunk.length == 0 ? NONE : shrunk;
        return true;
    }

    @Override
    public boolean contains(Object topic) {
        return Arrays.asList(topics).contains(topic);
    }

    @Override
    public int size() {
        return topics.length;
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.asList(topics).iterator();
    }
}
