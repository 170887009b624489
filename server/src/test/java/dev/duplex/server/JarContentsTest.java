package dev.duplex.server;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the server jar carries besides classes: the client and its typings where a WAR serves them
 * ({@code META-INF/resources}, so {@code /duplex.js} and {@code /duplex.d.ts} need no configuration), and the
 * licence.
 */
class JarContentsTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = JarContentsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " is not in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theTypingsShipBesideTheScript() throws IOException {
        assertTrue(resource("META-INF/resources/duplex.js").contains("Duplex"));
        String typings = resource("META-INF/resources/duplex.d.ts");
        assertTrue(typings.contains("declare") && typings.contains("connect"), "a TypeScript declaration file");
    }

    @Test
    void theLicenceShipsInTheJar() throws IOException {
        assertTrue(resource("META-INF/LICENSE").contains("Apache License"));
    }
}
