package dev.parley.agent.console.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The console's sign-in sessions, in memory: a session is an HttpOnly, SameSite=Strict cookie
 * (Secure when the request came over TLS, directly or from a trusted proxy) naming a random 256-bit
 * id, and the agent's API token kept here against its hash. It ends after {@code idleMinutes}
 * unused, {@code maxSessionHours} after sign-in, at sign-out, and as soon as the host stops
 * accepting its token (asked every {@code revalidateSeconds}). A restart of the bundle signs
 * everybody out; the page then asks for the token again and keeps the draft.
 */
@Component(service = Sessions.class, configurationPid = ConsoleConfig.PID)
@Designate(ocd = ConsoleConfig.class)
public final class Sessions {

    static final String COOKIE = "parley_console";
    static final String CSRF_HEADER = "X-Parley-CSRF";
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

    private final Map<String, ConsoleSession> byKey = new ConcurrentHashMap<>();
    private final List<Consumer<ConsoleSession>> endListeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final HostApi host;
    private final Clock clock;
    private final ScheduledExecutorService sweeper;
    private volatile ConsoleConfig config;

    @Activate
    public Sessions(@Reference HostApi host, ConsoleConfig config) {
        this(host, config, Clock.systemUTC());
    }

    Sessions(HostApi host, ConsoleConfig config, Clock clock) {
        this.host = host;
        this.config = config;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-console-sessions");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(5, config.revalidateSeconds());
        sweeper.scheduleWithFixedDelay(this::revalidate, every, every, TimeUnit.SECONDS);
    }

    @Modified
    void modified(ConsoleConfig changed) {
        this.config = changed;
    }

    @Deactivate
    void deactivate() {
        sweeper.shutdownNow();
        byKey.values().forEach(this::ended);
        byKey.clear();
    }

    /** Called with each session that ends (sign-out, expiry, revoked token), e.g. to close its event stream. */
    void onEnd(Consumer<ConsoleSession> listener) {
        endListeners.add(listener);
    }

    void removeOnEnd(Consumer<ConsoleSession> listener) {
        endListeners.remove(listener);
    }

    /** Starts a session for a token the host accepted; sets the cookie; returns it (its csrf goes to the page). */
    ConsoleSession start(String token, HostApi.Identity identity, URI api, HttpServletRequest request,
            HttpServletResponse response) {
        String id = randomToken();
        ConsoleSession session = new ConsoleSession(hash(id), token, identity.name(), identity.role(), randomToken(),
                api, clock.instant());
        while (byKey.size() >= Math.max(1, config.maxSessions())) {
            byKey.values().stream().min(Comparator.comparing(ConsoleSession::lastSeen)).ifPresent(this::end);
        }
        byKey.put(session.key, session);
        response.addHeader("Set-Cookie", cookie(id, request.isSecure(), false));
        LOG.info("Console sign-in of '{}' ({})", identity.name(), identity.role());
        return session;
    }

    /** The live session the request's cookie names, touched; empty when there is none or it expired. */
    Optional<ConsoleSession> find(HttpServletRequest request) {
        return cookieValue(request).map(Sessions::hash).map(byKey::get).filter(s -> {
            if (expired(s, clock.instant())) {
                end(s);
                return false;
            }
            s.touch(clock.instant());
            return true;
        });
    }

    /** Whether the request carries a console cookie at all (an expired one means: ask the agent to sign in again). */
    static boolean hasCookie(HttpServletRequest request) {
        return cookieValue(request).isPresent();
    }

    /** Whether a write carries the session's CSRF token (compared in constant time). */
    static boolean csrfMatches(ConsoleSession session, HttpServletRequest request) {
        String sent = request.getHeader(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrf.getBytes(StandardCharsets.UTF_8));
    }

    void signOut(ConsoleSession session, HttpServletRequest request, HttpServletResponse response) {
        end(session);
        response.addHeader("Set-Cookie", cookie("", request.isSecure(), true));
        LOG.info("Console sign-out of '{}'", session.name);
    }

    void end(ConsoleSession session) {
        if (byKey.remove(session.key, session)) {
            ended(session);
        }
    }

    int size() {
        return byKey.size();
    }

    Duration idleLimit() {
        return Duration.ofMinutes(Math.max(1, config.idleMinutes()));
    }

    private boolean expired(ConsoleSession s, Instant now) {
        return s.lastSeen().plus(idleLimit()).isBefore(now)
                || s.created.plus(Duration.ofHours(Math.max(1, config.maxSessionHours()))).isBefore(now);
    }

    private void ended(ConsoleSession session) {
        for (Consumer<ConsoleSession> listener : endListeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                LOG.warn("A console session listener failed", e);
            }
        }
    }

    /** Ends expired sessions and those whose token the host no longer accepts (revoked). */
    void revalidate() {
        Instant now = clock.instant();
        for (ConsoleSession s : byKey.values()) {
            if (expired(s, now)) {
                end(s);
                continue;
            }
            try {
                int status = host.whoAmI(s.api, s.token).status();
                if (status == 401 || status == 403) {
                    LOG.info("Console session of '{}' ended: its token is no longer accepted ({})", s.name, status);
                    end(s);
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not revalidate the console session of '{}': {}", s.name, e.toString());
            }
        }
    }

    private static Optional<String> cookieValue(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName()) && c.getValue() != null && !c.getValue().isEmpty()) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    static String cookie(String value, boolean secure, boolean delete) {
        return COOKIE + "=" + value + "; Path=/agent; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
                + (delete ? "; Max-Age=0" : "");
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }
}
