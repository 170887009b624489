package dev.duplex.demo.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The demo's admin views, on for localhost: when the launcher listens on a loopback address only and no
 * {@code --admin-token} or {@code --admin-role} was given, every mount's admin view ({@code /echo/admin/},
 * {@code /chat/admin/}, {@code /ticker/admin/}) opens to a random token printed at start, as the password of the
 * browser's login prompt. Listening on any other address, the views stay off unless asked for: never open by
 * default, and never without a secret.
 */
final class AdminAccess {
    private static final String TOKEN = ServerOptions.PREFIX + "adminToken";
    private static final String ROLE = ServerOptions.PREFIX + "adminRole";

    private AdminAccess() {
    }

    /** Adds a random admin token to {@code options} if {@code host} is loopback and none was configured. */
    static void forLoopback(String host, Map<String, String> options) {
        if (options.containsKey(TOKEN) || options.containsKey(ROLE) || !isLoopback(host)) {
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        options.put(TOKEN, token);
        System.out.println("Duplex admin views (localhost only): /echo/admin/, /chat/admin/, /ticker/admin/;"
                + " any user name, password " + token);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
