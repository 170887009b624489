package dev.duplex.server.session;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A session's application attributes. Thread-safe. */
final class Attributes {
    /** Created on the first attribute: most sessions never get one, and an empty map still costs 64 bytes. */
    private volatile Map<String, Object> values;

    Optional<Object> get(String name) {
        Map<String, Object> current = values;
        return current == null ? Optional.empty() : Optional.ofNullable(current.get(name));
    }

    /** Sets {@code name}; {@code null} removes it. */
    void set(String name, Object value) {
        if (value == null) {
            Map<String, Object> current = values;
            if (current != null) {
                current.remove(name);
            }
        } else {
            map().put(name, value);
        }
    }

    private Map<String, Object> map() {
        Map<String, Object> current = values;
        if (current == null) {
            synchronized (this) {
                current = values;
                if (current == null) {
                    current = new ConcurrentHashMap<>();
                    values = current;
                }
            }
        }
        return current;
    }
}
