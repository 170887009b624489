package dev.duplex.server.longpoll;

import dev.duplex.server.http.Responses;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/** A poll parked on this node's servlet container: its answer is the asynchronous response. */
final class AsyncPoll implements AsyncListener, LongPollTransport.Answer {
    private static final System.Logger LOG = System.getLogger(AsyncPoll.class.getName());

    private final AsyncContext async;
    private final LongPollTransport transport;
    private volatile LongPollTransport.Poll poll;

    private AsyncPoll(AsyncContext async, LongPollTransport transport) {
        this.async = async;
        this.transport = transport;
    }

    /** Parks {@code async} on {@code transport} as a poll acking {@code ack}. */
    static void park(AsyncContext async, LongPollTransport transport, long ack, long timeoutMillis) {
        AsyncPoll parked = new AsyncPoll(async, transport);
        async.addListener(parked);
        async.setTimeout(timeoutMillis);
        parked.poll = transport.poll(parked, ack);
    }

    @Override
    public void write(String json) {
        try {
            Responses.jsonAsync(async, json);
        } catch (IOException | IllegalStateException e) {
            // The client went away; the frames stay in the outbox for its next poll.
            LOG.log(Level.DEBUG, "poll response not delivered", e);
            async.complete();
            over();
        }
    }

    @Override
    public boolean endsLater() {
        return true;
    }

    /** The request is over: a stopping node waiting for this poll's answer goes on. */
    private void over() {
        LongPollTransport.Poll current = poll;
        if (current != null) {
            current.over.complete(null);
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // A safety net behind the sweeper, which normally answers first. The answer is written and the
        // request completed before returning: a listener that leaves a timed-out request open gets the
        // container's error dispatch, a 500 page, instead of the empty batch.
        LongPollTransport.Poll current = poll;
        if (current != null && transport.unpark(current) && current.claim()) {
            try {
                Responses.json((HttpServletResponse) async.getResponse(), 200, "[]");
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "timed-out poll not answered", e);
            }
            async.complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        LongPollTransport.Poll current = poll;
        if (current != null && transport.unpark(current)) {
            current.claim();
        }
        over();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        LongPollTransport.Poll current = poll;
        if (current != null) {
            transport.unpark(current);
        }
        over();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
