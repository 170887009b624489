package dev.duplex.server.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void quotesAndUnquotesEveryCharacterClass() {
        String text = "plain \"quoted\" back\\slash \n\r\t\b\f \u0001 \u2028 caf\u00e9 \ud83d\ude00";
        assertEquals(text, Json.unquote(Json.quote(text)));
        assertEquals("\"a\\u0001\\u2028\"", Json.quote("a\u0001\u2028"));
    }

    @Test
    void compactsWithoutChangingValues() {
        assertEquals("{\"a\":[1,2.50,1e999,true,null],\"b\":\"x\"}",
                Json.compact(" { \"a\" : [ 1 , 2.50, 1e999, true , null ], \"b\" : \"x\" } "));
    }

    @Test
    void refusesWhatIsNotExactlyOneValue() {
        assertThrows(IllegalArgumentException.class, () -> Json.compact("{} {}"));
        assertThrows(IllegalArgumentException.class, () -> Json.compact("{'a':1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.compact("[" .repeat(100) + "]".repeat(100)));
        assertThrows(IllegalArgumentException.class, () -> Json.compact("NaN"));
    }
}
