package dev.duplex.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.server.http.OriginPolicy.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy policy = new OriginPolicy(Set.of("https://partner.example"), true);

    @Test
    void sameOriginFollowsTheContainersSchemeHostAndPort() {
        assertEquals(Verdict.SAME_ORIGIN, policy.judge("http://127.0.0.1:8080", "http", "127.0.0.1", 8080));
        assertEquals(Verdict.SAME_ORIGIN, policy.judge("https://app.example", "https", "app.example", 443));
        assertEquals(Verdict.SAME_ORIGIN, policy.judge("http://app.example", "http", "app.example", 80));
        assertEquals(Verdict.SAME_ORIGIN, policy.judge("http://[::1]:8080", "http", "::1", 8080));
    }

    @Test
    void anythingElseIsRefusedUnlessAllowListedExactly() {
        assertEquals(Verdict.DENIED, policy.judge("https://app.example", "http", "app.example", 80));
        assertEquals(Verdict.DENIED, policy.judge("http://app.example:8080", "http", "app.example", 80));
        assertEquals(Verdict.DENIED, policy.judge("http://app.example.evil", "http", "app.example", 80));
        assertEquals(Verdict.DENIED, policy.judge("null", "http", "app.example", 80));
        assertEquals(Verdict.ALLOW_LISTED, policy.judge("https://partner.example", "http", "app.example", 80));
        assertEquals(Verdict.DENIED, policy.judge("https://partner.example:443", "http", "app.example", 80));
        assertEquals(Verdict.NO_ORIGIN, policy.judge(null, "http", "app.example", 80));
        assertEquals(Verdict.DENIED, new OriginPolicy(Set.of(), false).judge(null, "http", "app.example", 80));
    }
}
