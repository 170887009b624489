package dev.duplex.server.session;

import java.security.SecureRandom;
import java.util.Base64;

/** Mints session ids (128 bits) and tokens (256 bits) from {@link SecureRandom}, as unpadded base64url. */
public final class SessionIds {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();

    /** A new session id: 22 characters. */
    public String newId() {
        return random(16);
    }

    /** A new session token: 43 characters. */
    public String newToken() {
        return random(32);
    }

    private String random(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return ENCODER.encodeToString(buffer);
    }
}
