package dev.parley.agent.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class SessionsTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Sessions sessions = new Sessions(mock(HostApi.class), config(60, 12), clock);

    @AfterEach
    void stop() {
        sessions.deactivate();
    }

    @Test
    void aSessionIsAnHttpOnlyStrictCookieSecureOverTls() {
        String plain = signIn(false);
        assertThat(plain).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/agent").doesNotContain("Secure");
        assertThat(signIn(true)).contains("; Secure");
    }

    @Test
    void theCookieFindsItsSessionUntilItIdlesOutAndTheTokenStaysOnTheServer() {
        String cookie = signIn(false);
        String value = cookie.substring(Sessions.COOKIE.length() + 1, cookie.indexOf(';'));
        assertThat(value).doesNotContain("prl_agent").hasSizeGreaterThanOrEqualTo(43);
        assertThat(sessions.find(request(value, null))).hasValueSatisfying(s -> assertThat(s.name).isEqualTo("Ann"));
        now = now.plus(Duration.ofMinutes(59));
        assertThat(sessions.find(request(value, null))).isPresent();
        now = now.plus(Duration.ofMinutes(61));
        assertThat(sessions.find(request(value, null))).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void writesNeedTheSessionsCsrfTokenAndSignOutEndsIt() {
        String cookie = signIn(false);
        String value = cookie.substring(Sessions.COOKIE.length() + 1, cookie.indexOf(';'));
        ConsoleSession session = sessions.find(request(value, null)).orElseThrow();
        assertThat(Sessions.csrfMatches(session, request(value, null))).isFalse();
        assertThat(Sessions.csrfMatches(session, request(value, "wrong"))).isFalse();
        assertThat(Sessions.csrfMatches(session, request(value, session.csrf))).isTrue();
        List<String> ended = new ArrayList<>();
        sessions.onEnd(s -> ended.add(s.name));
        HttpServletResponse response = mock(HttpServletResponse.class);
        sessions.signOut(session, request(value, session.csrf), response);
        assertThat(sessions.find(request(value, null))).isEmpty();
        assertThat(ended).containsExactly("Ann");
    }

    private String signIn(boolean secure) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.isSecure()).thenReturn(secure);
        HttpServletResponse response = mock(HttpServletResponse.class);
        List<String> cookies = new ArrayList<>();
        org.mockito.Mockito.doAnswer(a -> cookies.add(a.getArgument(1))).when(response)
                .addHeader(org.mockito.ArgumentMatchers.eq("Set-Cookie"), org.mockito.ArgumentMatchers.anyString());
        sessions.start("prl_agent_token", new HostApi.Identity(200, "Ann", "agent"), URI.create("http://127.0.0.1:1"),
                request, response);
        assertThat(cookies).hasSize(1);
        return cookies.get(0);
    }

    private static HttpServletRequest request(String cookie, String csrf) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getCookies()).thenReturn(new Cookie[] {new Cookie(Sessions.COOKIE, cookie)});
        when(request.getHeader(Sessions.CSRF_HEADER)).thenReturn(csrf);
        return request;
    }

    static ConsoleConfig config(int idleMinutes, int maxHours) {
        return new ConsoleConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleConfig.class;
            }

            @Override
            public int idleMinutes() {
                return idleMinutes;
            }

            @Override
            public int maxSessionHours() {
                return maxHours;
            }

            @Override
            public int maxSessions() {
                return 100;
            }

            @Override
            public int revalidateSeconds() {
                return 3600;
            }

            @Override
            public String apiBaseUrl() {
                return "";
            }

            @Override
            public long maxUploadBytes() {
                return 26_214_400L;
            }

            @Override
            public int uploadTimeoutSeconds() {
                return 300;
            }
        };
    }
}
