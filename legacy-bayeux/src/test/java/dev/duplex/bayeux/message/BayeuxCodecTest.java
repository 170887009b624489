package dev.duplex.bayeux.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BayeuxCodecTest {
    private final BayeuxCodec codec = new BayeuxCodec(3);

    @Test
    void readsABatchOrALoneMessage() throws BayeuxException {
        List<JsonObject> batch = codec.parse("[{\"channel\":\"/meta/connect\",\"id\":\"2\"},{\"channel\":\"/a\"}]");
        assertEquals(2, batch.size());
        assertEquals("/meta/connect", BayeuxCodec.string(batch.get(0), "channel"));
        assertEquals(1, codec.parse("{\"channel\":\"/meta/handshake\"}").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[1,2]", "\"text\"", "[]", "[{\"channel\":\"/a\"},"})
    void refusesWhatIsNotABatchWith400(String body) {
        BayeuxException e = assertThrows(BayeuxException.class, () -> codec.parse(body));
        assertEquals(BayeuxError.BAD_REQUEST, e.error());
        assertEquals("400::" + e.getMessage(), e.describe());
    }

    @Test
    void refusesTooManyMessagesWith413() {
        BayeuxException e = assertThrows(BayeuxException.class, () -> codec.parse("[{},{},{},{}]"));
        assertEquals(BayeuxError.TOO_LARGE, e.error());
    }

    @Test
    void writesAnArray() {
        JsonObject reply = new JsonObject();
        reply.addProperty("successful", true);
        assertEquals("[{\"successful\":true}]", BayeuxCodec.write(List.of(reply)));
        assertEquals(null, BayeuxCodec.string(reply, "successful"), "not a string");
    }
}
