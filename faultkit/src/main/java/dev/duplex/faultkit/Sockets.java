package dev.duplex.faultkit;

import java.io.Closeable;
import java.io.IOException;

/** Closing what may already be closed, as every fault does. */
final class Sockets {
    private Sockets() {
    }

    static void closeQuietly(Closeable s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
