package dev.parley.social.connector.internal.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.PollResult;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.AccountHealth;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;

/**
 * Polls every account in {@code mode=poll} on the connector's own threads: one poll at a time
 * per account, every poll interval (a long poll, which waits on the platform itself, again at once),
 * later when the platform's rate limit says so, backing off after failures. Fetched messages are stored in the inbox before the cursor moves on, so a
 * restart resumes where the last stored poll stopped and at worst fetches some messages again
 * (the inbox drops them as duplicates). Accounts added, switched or removed are picked up on the
 * next tick, within a second.
 */
@Component(service = {})
public final class AccountPoller {

    private static final Logger LOG = LoggerFactory.getLogger(AccountPoller.class);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(15);
    static final Duration LONG_POLL_GAP = Duration.ofSeconds(1);

    /** Per-account schedule; touched by the tick thread and the account's one running poll. */
    private static final class Schedule {
        volatile boolean running;
        volatile Instant nextAt = Instant.EPOCH;
        volatile int failures;
    }

    private final AccountDirectory directory;
    private final JdbcSocialInbox inbox;
    private final Clock clock;
    private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService polls;

    @Activate
    public AccountPoller(@Reference AccountDirectory directory, @Reference JdbcSocialInbox inbox) {
        this(directory, inbox, Clock.systemUTC());
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    AccountPoller(AccountDirectory directory, JdbcSocialInbox inbox, Clock clock) {
        this.directory = directory;
        this.inbox = inbox;
        this.clock = clock;
        this.ticker = Executors.newSingleThreadScheduledExecutor(threads("parley-social-poll-tick"));
        // one poll at a time per account, and a long poll holds its thread while it waits: a thread per polling account
        this.polls = Executors.newCachedThreadPool(threads("parley-social-poll"));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Deactivate
    void stop() {
        ticker.shutdownNow();
        polls.shutdownNow();
        try {
            polls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the polls that are due; forgets accounts that are no longer polled. */
    void tick() {
        try {
            Instant now = clock.instant();
            Set<String> polled = directory.accounts().stream().filter(AccountPoller::pollable)
                    .map(ConfiguredAccount::name).collect(Collectors.toSet());
            schedules.keySet().removeIf(name -> {
                boolean gone = !polled.contains(name);
                if (gone) {
                    directory.health(name).pollingOff();
                }
                return gone;
            });
            for (ConfiguredAccount account : directory.accounts()) {
                if (!pollable(account)) {
                    continue;
                }
                Schedule schedule = schedules.computeIfAbsent(account.name(), n -> new Schedule());
                if (schedule.running || now.isBefore(schedule.nextAt)) {
                    continue;
                }
                directory.platform(account.account().platform()).filter(SocialPlatform::canPoll).ifPresent(platform -> {
                    schedule.running = true;
                    polls.execute(() -> pollNow(account, platform, schedule));
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Social poll scheduling failed: {}", e.toString());
        }
    }

    private static boolean pollable(ConfiguredAccount account) {
        return account.account().mode() == ReceiveMode.POLL && account.problems().isEmpty();
    }

    void pollNow(ConfiguredAccount account, SocialPlatform platform, Schedule schedule) {
        AccountHealth health = directory.health(account.name());
        Instant started = clock.instant();
        try {
            health.polling(started);
            String cursor = inbox.pollCursor(account.name()).orElse("");
            PollResult result = platform.poll(account.account(), cursor);
            int added = inbox.store(result.messages());
            if (!result.cursor().equals(cursor)) {
                inbox.savePollCursor(account.name(), account.account().platform(), result.cursor());
            }
            // a long poll already waited on the platform: go on at once (after a second, should it return at once)
            Instant next = platform.longPolls(account.account()) ? Collections.max(List.of(clock.instant(),
                    started.plus(LONG_POLL_GAP))) : started.plus(account.pollInterval());
            if (result.notBefore().isPresent() && result.notBefore().get().isAfter(next)) {
                next = result.notBefore().get();
            }
            schedule.failures = 0;
            schedule.nextAt = next;
            health.polled(next, result.notBefore().isPresent(), result.rateLimit());
            if (added > 0) {
                LOG.debug("Polled {}: {} messages, {} new", account.name(), result.messages().size(), added);
            }
        } catch (RuntimeException e) {
            int failures = ++schedule.failures;
            // a long-polling account has no interval of its own: it backs off from a second
            Duration base = platform.longPolls(account.account()) ? LONG_POLL_GAP : account.pollInterval();
            Duration wait = base.multipliedBy(1L << Math.min(failures, 10));
            Instant next = started.plus(wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait);
            schedule.nextAt = next;
            health.pollFailed(clock.instant(), e.getMessage(), next);
            LOG.warn("Polling {} failed ({} in a row), next try at {}: {}", account.name(), failures, next,
                    e.getMessage());
        } finally {
            schedule.running = false;
        }
    }

    /** For tests: runs one due round synchronously for every pollable account. */
    void pollAllNow() {
        for (ConfiguredAccount account : directory.accounts()) {
            if (pollable(account)) {
                directory.platform(account.account().platform()).filter(SocialPlatform::canPoll).ifPresent(
                        platform -> pollNow(account, platform, schedules.computeIfAbsent(account.name(), n -> new Schedule())));
            }
        }
    }
}
