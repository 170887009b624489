package dev.duplex.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.duplex.server.api.Channel;
import dev.duplex.server.api.ChannelHandler;
import dev.duplex.server.api.Message;
import dev.duplex.server.api.RequestException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * {@code /echo}: sends every message back unchanged, a binary one as binary. The smallest useful handler, and a
 * tour of the rest of the Channel API:
 * <ul>
 *   <li>a request ({@code channel.request(data)} on the page) is answered with itself;</li>
 *   <li>a message {@code {"askPage": question}} makes the server ask the page ({@code channel.onRequest}) and
 *       send back {@code {"answered": answer}} or {@code {"refused": code}};</li>
 *   <li>a client that offers subprotocols gets {@value #PROTOCOL} if it offered it, and is refused otherwise.</li>
 * </ul>
 */
public final class EchoHandler implements ChannelHandler {
    /** The one subprotocol this mount speaks. */
    public static final String PROTOCOL = "echo.v1";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public void onMessage(Channel channel, Message message) {
        JsonElement question = message.isBinary() ? null : askPage(message.json());
        if (question == null) {
            channel.send(message);
            return;
        }
        channel.request(Message.json(question.toString()), ASK_TIMEOUT).whenComplete((answer, failure) -> {
            JsonObject reply = new JsonObject();
            if (failure == null) {
                if (answer.isBinary()) {
                    reply.addProperty("answered", answer.bytes().length + " bytes");
                } else {
                    reply.add("answered", JsonParser.parseString(answer.json()));
                }
            } else {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                reply.addProperty("refused", cause instanceof RequestException refused ? refused.code() : "failed");
            }
            channel.send(Message.json(reply.toString()));
        });
    }

    /** The question of a {@code {"askPage": question}} message, or null for anything else. */
    private static JsonElement askPage(String json) {
        if (!json.startsWith("{\"askPage\":")) {
            return null;
        }
        try {
            return JsonParser.parseString(json).getAsJsonObject().get("askPage");
        } catch (JsonSyntaxException | IllegalStateException e) {
            return null;
        }
    }

    @Override
    public CompletionStage<Message> onRequest(Channel channel, Message request) {
        return CompletableFuture.completedFuture(request);
    }

    @Override
    public String selectProtocol(List<String> offered) {
        return offered.contains(PROTOCOL) ? PROTOCOL : null;
    }
}
