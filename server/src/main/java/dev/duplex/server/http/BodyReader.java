package dev.duplex.server.http;

import dev.duplex.server.protocol.ErrorCode;
import dev.duplex.server.protocol.ProtocolException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a {@code POST} body without blocking, then hands it on. A client that sends its body slowly (slowloris)
 * holds no container thread while it trickles: the container calls back when bytes arrive. The whole body must
 * arrive within a deadline, or the request is refused.
 *
 * <p>A body past {@code maxBytes} is refused with {@code 413}, but the refusal is written only once the client has
 * finished sending, up to {@value #DISCARD_FACTOR} times the limit: the bytes are read and thrown away. A server
 * that answers early and closes leaves unread bytes in its socket, the kernel answers them with a reset, and the
 * reset can destroy the response on its way, so the client would see an I/O error instead of the clear refusal.
 * A longer body is refused at once and its connection closed: past that point the client has only itself to blame.
 */
public final class BodyReader implements ReadListener, AsyncListener {
    /** How many times the limit a refused body may be before it is no longer read to its end. */
    public static final int DISCARD_FACTOR = 4;

    /** What to do with the body once it is all there; runs on a container thread, may write the response. */
    @FunctionalInterface
    public interface Then {
        void accept(String body) throws ProtocolException, IOException;
    }

    /**
     * What to do with the body once it is all there, answering later: it owns {@code async} and completes it
     * (a failure it throws is still answered, and the request completed, for it).
     */
    @FunctionalInterface
    public interface ThenLater {
        void accept(String body, AsyncContext async) throws ProtocolException, IOException;
    }

    /** How a failure (a refusal, a bug) is turned into a response. */
    @FunctionalInterface
    public interface Failure {
        void handle(Exception failure) throws IOException;
    }

    private final AsyncContext async;
    private final ServletInputStream in;
    private final int maxBytes;
    private final Then then;
    private final ThenLater later;
    private final Failure failure;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private final AtomicBoolean finished = new AtomicBoolean();
    /** Set once the body is known to be too large; from then on bytes are counted and dropped. */
    private ProtocolException refusal;
    private long discarded;

    private BodyReader(AsyncContext async, ServletInputStream in, int maxBytes, Then then, ThenLater later,
            Failure failure) {
        this.async = async;
        this.in = in;
        this.maxBytes = maxBytes;
        this.then = then;
        this.later = later;
        this.failure = failure;
    }

    /**
     * Reads {@code request}'s body within {@code timeoutMillis}, then runs {@code then}; any exception from either
     * goes to {@code failure}. The request is completed afterwards either way.
     *
     * @throws ProtocolException {@code too_large} at once if {@code Content-Length} declares more than
     *         {@value #DISCARD_FACTOR} times the limit
     */
    public static void read(HttpServletRequest request, int maxBytes, long timeoutMillis, Then then, Failure failure)
            throws ProtocolException, IOException {
        read(request, maxBytes, timeoutMillis, then, null, failure);
    }

    /**
     * As {@link #read(HttpServletRequest, int, long, Then, Failure)}, but {@code later} answers when it can and
     * completes the request itself, within {@code timeoutMillis} of the start (an {@link AsyncListener} of its
     * own answers a timeout).
     */
    public static void readThenLater(HttpServletRequest request, int maxBytes, long timeoutMillis, ThenLater later,
            Failure failure) throws ProtocolException, IOException {
        read(request, maxBytes, timeoutMillis, null, later, failure);
    }

    private static void read(HttpServletRequest request, int maxBytes, long timeoutMillis, Then then,
            ThenLater later, Failure failure) throws ProtocolException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > discardLimit(maxBytes)) {
            throw Requests.tooLarge(maxBytes);
        }
        AsyncContext async = request.startAsync();
        // The body's deadline is kept here, not as the request's async timeout. A ThenLater may hold the request far
        // longer once the body is in, and sets its own; but a container timer armed for the body could still fire
        // in the instant the body completes, after the longer timeout was set and before it took effect, and answer
        // the held request as timed out (seen under load: a held Bayeux connect answered [] at a 200 ms deadline).
        async.setTimeout(0);
        BodyReader reader = new BodyReader(async, request.getInputStream(), maxBytes, then, later, failure);
        if (declared > maxBytes) {
            reader.refusal = Requests.tooLarge(maxBytes);
        }
        async.addListener(reader);
        CompletableFuture.delayedExecutor(timeoutMillis, TimeUnit.MILLISECONDS).execute(reader::deadline);
        reader.in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        int read;
        while (in.isReady() && (read = in.read(buffer)) != -1) {
            if (refusal == null && body.size() + read > maxBytes) {
                refusal = Requests.tooLarge(maxBytes);
                discarded = body.size();
                body.reset();
            }
            if (refusal == null) {
                body.write(buffer, 0, read);
            } else if ((discarded += read) > discardLimit(maxBytes)) {
                finish(refusal);
                return;
            }
        }
    }

    private static long discardLimit(int maxBytes) {
        return (long) DISCARD_FACTOR * maxBytes;
    }

    @Override
    public void onAllDataRead() {
        if (refusal != null) {
            finish(refusal);
            return;
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            if (later != null) {
                later.accept(Requests.utf8(body.toByteArray()), async);
                return;
            }
            then.accept(Requests.utf8(body.toByteArray()));
        } catch (ProtocolException | IOException | RuntimeException e) {
            fail(e);
        }
        async.complete();
    }

    @Override
    public void onError(Throwable error) {
        // The client went away mid-body; nobody is left to answer.
        if (finished.compareAndSet(false, true)) {
            async.complete();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        deadline();
    }

    /** The body's deadline passed: unless it is all in, the request is refused. */
    private void deadline() {
        finish(refusal != null ? refusal
                : new ProtocolException(ErrorCode.BAD_REQUEST, "the request body did not arrive in time"));
    }

    private void finish(ProtocolException refusal) {
        if (finished.compareAndSet(false, true)) {
            fail(refusal);
            async.complete();
        }
    }

    private void fail(Exception e) {
        try {
            failure.handle(e);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone; the request is completed by the caller
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
