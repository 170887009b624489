package dev.duplex.bayeux.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code BAYEUX_BROWSER} cookie, as CometD sets it: one random id per browser, {@code HttpOnly}. A client
 * id is bound to the browser that handshook it, so a client id seen elsewhere (logged, leaked from a page) is
 * useless without the cookie, which scripts cannot read.
 */
final class BrowserCookie {
    static final String NAME = "BAYEUX_BROWSER";
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserCookie() {
    }

    /** The request's browser id; a new one, set on the response, if it had none. */
    static String ensure(HttpServletRequest request, HttpServletResponse response) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        StringBuilder header = new StringBuilder(NAME).append('=').append(id).append("; Path=/; HttpOnly");
        if (request.isSecure()) {
            // Cross-site pages (allowed origins) send it only when it is SameSite=None, which needs Secure.
            header.append("; SameSite=None; Secure");
        }
        response.addHeader("Set-Cookie", header.toString());
        return id;
    }
}
