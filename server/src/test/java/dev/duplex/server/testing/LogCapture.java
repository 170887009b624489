package dev.duplex.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what Duplex logs (through {@code System.Logger}, which is {@code java.util.logging} here) under one
 * logger name, from construction to {@link #close()}.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** Captures every record of {@code loggerName} and its children, at every level. */
    public LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        previous = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** The messages logged at {@code level} or above, in order. */
    public List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(LogRecord::getMessage).toList();
    }

    /** The messages at {@code level} or above that contain {@code text}. */
    public List<String> containing(Level level, String text) {
        return messages(level).stream().filter(m -> m != null && m.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
