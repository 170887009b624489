package dev.duplex.server.longpoll;

import dev.duplex.server.http.Responses;
import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.Json;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One parked {@code POST M/bundle} (PROTOCOL.md section 2.5): a poll of each member session, answered together
 * as soon as any of them has an answer. Each member's poll is an ordinary poll of its own long-polling transport
 * (its own ack, its own supersede rule), so every guarantee of a poll holds per session; the bundle only shares
 * the HTTP exchange. When the bundle answers, the members still parked are released unanswered: their frames
 * stay in their outboxes for the next poll, which restarts from the ack it carries.
 */
final class BundledPoll implements AsyncListener {
    private static final System.Logger LOG = System.getLogger(BundledPoll.class.getName());

    /** How a member joined: answered at once ({@code entry}), or parked on {@code transport} as {@code poll}. */
    record Joined(String entry, LongPollTransport transport, LongPollTransport.Poll poll) {
        static Joined answered(String entry) {
            return new Joined(entry, null, null);
        }
    }

    /** Joins a member to its session's long-polling, writing its answer, if any, to {@code answer}. */
    @FunctionalInterface
    interface Joiner {
        Joined join(BundleMember member, LongPollTransport.Answer answer);
    }

    private final AsyncContext async;
    private final String[] answers;
    private final List<Joined> parked = new ArrayList<>();
    private boolean joining = true;
    private boolean over;

    private BundledPoll(AsyncContext async, int size) {
        this.async = async;
        this.answers = new String[size];
    }

    /** Parks {@code async} as a bundled poll of {@code members}, answered within {@code timeoutMillis} at most. */
    static void park(AsyncContext async, List<BundleMember> members, Joiner joiner, long timeoutMillis) {
        BundledPoll bundle = new BundledPoll(async, members.size());
        async.addListener(bundle);
        async.setTimeout(timeoutMillis);
        for (int i = 0; i < members.size(); i++) {
            int index = i;
            String sid = members.get(i).sid();
            Joined joined = joiner.join(members.get(i), json -> bundle.answer(index, frames(sid, json)));
            if (joined.entry() != null) {
                bundle.answer(i, joined.entry());
            } else {
                bundle.parked(joined);
            }
        }
        boolean answered;
        synchronized (bundle) {
            bundle.joining = false;
            answered = bundle.answerCount() > 0;
        }
        // Every member joined first, so frames already waiting for any of them all travel in this answer.
        if (answered) {
            bundle.finish(true);
        }
    }

    private synchronized void parked(Joined joined) {
        parked.add(joined);
    }

    private int answerCount() {
        int count = 0;
        for (String answer : answers) {
            count += answer == null ? 0 : 1;
        }
        return count;
    }

    private void answer(int index, String entry) {
        synchronized (this) {
            if (over || answers[index] != null) {
                return; // answered already: the member's frames wait in its outbox for the next poll
            }
            answers[index] = entry;
            if (joining) {
                return;
            }
        }
        finish(true);
    }

    /** Ends the bundle: releases the members still parked and, if {@code write}, answers what has come. */
    private void finish(boolean write) {
        String body = body(write);
        if (body == null) {
            return;
        }
        if (write) {
            try {
                Responses.jsonAsync(async, body);
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "bundled poll not answered", e);
                async.complete();
            }
        }
    }

    /** Marks the bundle over and releases the parked members; the answer's body, or null if it was over. */
    private String body(boolean write) {
        List<Joined> release;
        StringJoiner body = new StringJoiner(",", "[", "]");
        synchronized (this) {
            if (over) {
                return null;
            }
            over = true;
            release = List.copyOf(parked);
            for (String answer : answers) {
                if (answer != null) {
                    body.add(answer);
                }
            }
        }
        for (Joined joined : release) {
            joined.transport().unpark(joined.poll());
        }
        return write ? body.toString() : "";
    }

    /** A member's frames (possibly none: its poll ended, superseded or timed out). */
    static String frames(String sid, String json) {
        return "{\"sid\":" + Json.quote(sid) + ",\"frames\":" + json + "}";
    }

    /** A member whose WebSocket probe already has its session (the {@code 204} of a single poll). */
    static String held(String sid) {
        return "{\"sid\":" + Json.quote(sid) + ",\"held\":true}";
    }

    /** A member another node holds, or that moved while it joined: poll it alone, with {@code GET M/poll}. */
    static String alone(String sid) {
        return "{\"sid\":" + Json.quote(sid) + ",\"alone\":true}";
    }

    /** A member refused as a single poll would be, with the same status, code and message. */
    static String refused(String sid, ErrorCode code, String message) {
        return "{\"sid\":" + Json.quote(sid) + ",\"status\":" + code.httpStatus() + ",\"error\":"
                + Json.quote(code.wireName()) + ",\"message\":" + Json.quote(message) + "}";
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // A safety net behind the members' own poll timeouts, which normally answer first. Written and completed
        // before returning, as a timed-out request left open would get the container's error page.
        String body = body(true);
        if (body != null) {
            try {
                Responses.json((HttpServletResponse) async.getResponse(), 200, body);
            } catch (IOException | IllegalStateException e) {
                LOG.log(Level.DEBUG, "timed-out bundled poll not answered", e);
            }
            async.complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        finish(false);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finish(false);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
