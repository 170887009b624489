package dev.duplex.bayeux.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The implicit ack's whole table, with the client behaviour each row stands for. */
class ImplicitAckTest {

    @ParameterizedTest(name = "{4}")
    @CsvSource(nullValues = "-", value = {
        "true,  true,  2, 1, false, 'CometD: first connect, or the one after a failed reply'",
        "false, true,  3, 2, true,  'CometD: a connect sent after the previous reply was processed'",
        "true,  false, 5, 4, true,  'faye: timeout:0 because other messages share the batch'",
        "false, true,  4, 4, false, 'faye: a failed connect retried unchanged'",
        "false, false, 4, 4, false, 'faye: a failed batch retried unchanged'",
        "false, true,  -, -, true,  'a client that sends no ids'",
    })
    void provesDeliveryOfThePreviousReply(boolean timeoutZero, boolean alone, String id, String previousId,
            boolean proves, String because) {
        assertEquals(proves, ImplicitAck.proves(timeoutZero, alone, id, previousId), because);
    }
}
