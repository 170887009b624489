package dev.duplex.server.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.duplex.server.api.Handshake;
import dev.duplex.server.topic.StreamMark;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything another node needs to carry a session on exactly where it stopped: its credentials, the request
 * that opened it, the client's frames accepted so far, the server's numbering and unacknowledged frames, and its
 * topics, with the mark of the last publish it got on each ({@link StreamMark}). As JSON, so a cluster can store it
 * anywhere.
 *
 * <p>What does not travel: the handshake's HTTP session attributes and the channel's attributes (application
 * objects, node-local), and the principal beyond its name (it becomes a {@link NamedPrincipal}).
 *
 * @param protocol the subprotocol the client negotiated ({@code ""} for none)
 * @param received the highest client seq accepted
 * @param opened   whether the application was told the session opened (then it is not told again)
 */
public record SessionSnapshot(String id, String token, Handshake handshake, String protocol, long received,
        Outbox.Frozen outbox, List<String> topics, boolean opened) {

    /** A principal known by its name only: what a handed-off session keeps of its user. */
    public record NamedPrincipal(String getName) implements Principal { }

    /** This snapshot as JSON text. */
    public String toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("id", id);
        json.addProperty("token", token);
        json.addProperty("protocol", protocol);
        json.addProperty("received", received);
        json.addProperty("opened", opened);
        if (handshake.principal() != null) {
            json.addProperty("principal", handshake.principal().getName());
        }
        JsonObject headers = new JsonObject();
        handshake.headers().forEach((name, values) -> headers.add(name, strings(values)));
        json.add("headers", headers);
        JsonObject cookies = new JsonObject();
        handshake.cookies().forEach(cookies::addProperty);
        json.add("cookies", cookies);
        json.addProperty("remoteAddress", handshake.remoteAddress());
        json.addProperty("origin", handshake.origin());
        json.addProperty("httpSessionId", handshake.httpSessionId());
        json.addProperty("nextSeq", outbox.nextSeq());
        json.addProperty("lostThrough", outbox.lostThrough());
        JsonArray frames = new JsonArray();
        for (Outbox.Held held : outbox.frames()) {
            JsonArray frame = new JsonArray();
            frame.add(held.seq());
            frame.add(held.head());
            frame.add(held.tail());
            frames.add(frame);
        }
        json.add("frames", frames);
        JsonObject marks = new JsonObject();
        outbox.marks().forEach((topic, mark) -> marks.addProperty(topic, mark.format()));
        json.add("marks", marks);
        json.add("topics", strings(topics));
        return json.toString();
    }

    /**
     * Reads {@link #toJson()}'s text.
     *
     * @throws IllegalArgumentException if it is not a snapshot
     */
    public static SessionSnapshot fromJson(String text) {
        try {
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            json.getAsJsonObject("headers").entrySet().forEach(e -> headers.put(e.getKey(), list(e.getValue())));
            Map<String, String> cookies = new LinkedHashMap<>();
            json.getAsJsonObject("cookies").entrySet()
                    .forEach(e -> cookies.put(e.getKey(), e.getValue().getAsString()));
            Principal principal = json.has("principal")
                    ? new NamedPrincipal(json.get("principal").getAsString()) : null;
            Handshake handshake = new Handshake(principal, headers, cookies, string(json, "remoteAddress"),
                    string(json, "origin"), string(json, "httpSessionId"), Map.of());
            List<Outbox.Held> frames = new ArrayList<>();
            for (JsonElement element : json.getAsJsonArray("frames")) {
                JsonArray frame = element.getAsJsonArray();
                frames.add(new Outbox.Held(frame.get(0).getAsLong(), frame.get(1).getAsString(),
                        frame.get(2).getAsString()));
            }
            Map<String, StreamMark> marks = new LinkedHashMap<>();
            if (json.has("marks")) { // a snapshot of a node that kept none: its topics are followed from now
                json.getAsJsonObject("marks").entrySet()
                        .forEach(e -> marks.put(e.getKey(), StreamMark.parse(e.getValue().getAsString())));
            }
            String protocol = string(json, "protocol");
            return new SessionSnapshot(json.get("id").getAsString(), json.get("token").getAsString(), handshake,
                    protocol == null ? "" : protocol, json.get("received").getAsLong(),
                    new Outbox.Frozen(json.get("nextSeq").getAsLong(), json.get("lostThrough").getAsLong(), frames,
                            marks),
                    list(json.get("topics")), json.get("opened").getAsBoolean());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Duplex session snapshot", e);
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static List<String> list(JsonElement array) {
        List<String> values = new ArrayList<>();
        array.getAsJsonArray().forEach(value -> values.add(value.getAsString()));
        return values;
    }

    private static String string(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
