package dev.duplex.server.testing;

import dev.duplex.server.protocol.Frame;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client that sends numbered messages at a fixed rate over a {@link RawChannel}, as PROTOCOL.md section 4.3
 * asks, or not: an <em>obedient</em> sender that gets {@code slow} pauses for {@code retry} ms, then re-sends
 * every frame the server has not acked, in order; a <em>deaf</em> one goes on sending new frames regardless.
 */
public final class PacedSender {
    private static final long TICK_MILLIS = 10;

    private final RawChannel channel;
    private final boolean obedient;
    private final int maxBatch;
    private final TreeMap<Long, String> unacked = new TreeMap<>();
    private long nextSeq = 1;
    private long pausedUntil;
    private boolean resend;
    /** How many {@code slow} frames arrived. */
    public final AtomicInteger slows = new AtomicInteger();

    public PacedSender(RawChannel channel, boolean obedient, int maxBatch) {
        this.channel = channel;
        this.obedient = obedient;
        this.maxBatch = maxBatch;
        channel.listen(this::onFrame);
    }

    private synchronized void onFrame(Frame frame) {
        if (frame instanceof Frame.Ack a) {
            unacked.headMap(a.ack(), true).clear();
        } else if (frame instanceof Frame.Slow s) {
            slows.incrementAndGet();
            if (obedient) {
                pausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.retry());
                resend = true;
            }
        }
    }

    /**
     * Sends {@code count} messages, payloads 0 to count - 1, at {@code perSecond}; then, if obedient, goes on
     * re-sending until the server has acked them all. Returns early if a send is refused or the socket closes.
     */
    public void run(int count, int perSecond) throws Exception {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(30);
        int created = 0;
        while (System.nanoTime() < deadline && !channel.webSocketClosed.isDone()) {
            long due = Math.min(count, (System.nanoTime() - start) / 1_000_000 * perSecond / 1000 + 1);
            List<String> fresh = new ArrayList<>();
            synchronized (this) {
                for (; created < due; created++) {
                    String frame = "{\"t\":\"msg\",\"seq\":" + nextSeq + ",\"d\":" + created + "}";
                    unacked.put(nextSeq++, frame);
                    fresh.add(frame);
                }
                if (created == count && unacked.isEmpty()) {
                    return;
                }
            }
            if (!sendAll(toSend(fresh))) {
                return;
            }
            Thread.sleep(TICK_MILLIS);
        }
    }

    /** What goes out this tick: nothing while paused; after a pause, every unacked frame; else the new ones. */
    private synchronized List<String> toSend(List<String> fresh) {
        if (System.nanoTime() < pausedUntil) {
            return List.of();
        }
        if (resend) {
            resend = false;
            return new ArrayList<>(unacked.values());
        }
        return fresh;
    }

    private boolean sendAll(List<String> frames) throws Exception {
        for (int i = 0; i < frames.size(); i += maxBatch) {
            HttpResponse<String> response;
            try {
                response = channel.send("[" + String.join(",", frames.subList(i,
                        Math.min(frames.size(), i + maxBatch))) + "]");
            } catch (ExecutionException e) {
                if (channel.isWebSocket()) {
                    // The server closed the WebSocket between our check and this send (a cut client): the
                    // caller reads the close code the server sent.
                    return false;
                }
                throw e;
            }
            if (response != null && response.statusCode() != 200) {
                return false;
            }
            synchronized (this) {
                if (resend) {
                    // Advised to slow down in the middle: the rest waits, and goes out again after the pause.
                    return true;
                }
            }
        }
        return true;
    }

    /** Frames sent and not acked yet. */
    public synchronized int unackedCount() {
        return unacked.size();
    }
}
