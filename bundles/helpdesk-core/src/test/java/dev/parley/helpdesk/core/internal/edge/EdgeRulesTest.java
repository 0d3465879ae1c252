package dev.parley.helpdesk.core.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class EdgeRulesTest {

    @Test
    void queryEscapesMustBeHexAndDecodeToUtf8() {
        assertThat(EdgePreprocessor.wellEscaped(null)).isTrue();
        assertThat(EdgePreprocessor.wellEscaped("status=OPEN&x=%C3%A9%20y")).isTrue();
        assertThat(EdgePreprocessor.wellEscaped("x=%zz")).isFalse();
        assertThat(EdgePreprocessor.wellEscaped("x=%")).isFalse();
        assertThat(EdgePreprocessor.wellEscaped("x=%4")).isFalse();
        assertThat(EdgePreprocessor.wellEscaped("x=%E0%A4")).isFalse();
        assertThat(EdgePreprocessor.wellEscaped("x=%C0%AF")).isFalse();
    }

    @Test
    void theMinimumRateCountsFromTheStartOfReadingAfterAFirstSecond() {
        long second = 1_000_000_000L;
        assertThat(BodyCollector.belowRate(0, second / 2, 1024)).as("grace: the first second").isFalse();
        assertThat(BodyCollector.belowRate(1023, second, 1024)).isTrue();
        assertThat(BodyCollector.belowRate(1024, second, 1024)).isFalse();
        assertThat(BodyCollector.belowRate(10 * 1024, 10 * second, 1024)).isFalse();
        assertThat(BodyCollector.belowRate(5 * 1024, 10 * second, 1024)).as("a trickle").isTrue();
        assertThat(BodyCollector.belowRate(0, 60 * second, 0)).as("0 turns it off").isFalse();
    }

    @Test
    void onlyTheUnauthenticatedPathsAreCappedPerAddress() {
        assertThat(EdgePreprocessor.unauthenticated("/webhooks/x/acme")).isTrue();
        assertThat(EdgePreprocessor.unauthenticated("/health")).isTrue();
        assertThat(EdgePreprocessor.unauthenticated("/sandbox/api/clock")).isTrue();
        assertThat(EdgePreprocessor.unauthenticated("/api/tickets")).isFalse();
        assertThat(EdgePreprocessor.unauthenticated("/healthz")).isFalse();
    }

    @Test
    void anAddressGetsItsCapAndItsPermitsBack() {
        AddressLimiter limiter = new AddressLimiter(2);
        AddressLimiter.Permit first = limiter.acquire("192.0.2.1");
        AddressLimiter.Permit second = limiter.acquire("192.0.2.1");
        assertThat(limiter.acquire("192.0.2.1")).isNull();
        assertThat(limiter.acquire("192.0.2.2")).isNotNull();
        first.release();
        first.release(); // idempotent: a second release does not free someone else's slot
        assertThat(limiter.inProgress("192.0.2.1")).isEqualTo(1);
        second.release();
        assertThat(limiter.inProgress("192.0.2.1")).isZero();
    }

    @Test
    void trustedProxiesAreLiteralAddressesAndRanges() {
        TrustedProxies proxies = TrustedProxies.parse(new String[] {"10.0.0.5", "192.168.0.0/16", "::1", " "});
        assertThat(proxies.trusts(new InetSocketAddress("10.0.0.5", 1))).isTrue();
        assertThat(proxies.trusts(new InetSocketAddress("10.0.0.6", 1))).isFalse();
        assertThat(proxies.trusts(new InetSocketAddress("192.168.200.1", 1))).isTrue();
        assertThat(proxies.trusts(new InetSocketAddress("192.169.0.1", 1))).isFalse();
        assertThat(proxies.trusts(new InetSocketAddress("::1", 1))).isTrue();
        assertThat(TrustedProxies.parse(new String[0]).isEmpty()).isTrue();
        assertThatThrownBy(() -> TrustedProxies.parse(new String[] {"proxy.example.com"}))
                .hasMessageContaining("proxy.example.com");
        assertThatThrownBy(() -> TrustedProxies.parse(new String[] {"10.0.0.0/33"})).hasMessageContaining("prefix");
    }
}
