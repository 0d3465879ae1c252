package dev.parley.social.telegram.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaLimit;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.kit.Json;

/**
 * Telegram bots through the Bot API. Webhook mode: each update is a POST whose {@code
 * X-Telegram-Bot-Api-Secret-Token} header must equal the account's secretToken (compared in
 * constant time; Telegram makes no GET verification call). Poll mode: {@code getUpdates} as a long
 * poll (its {@code timeout}, the account's {@code pollTimeoutSeconds}, default 25; the request ended
 * when this component stops) with the offset kept as the connector's poll cursor ({@code
 * offset=<next update_id>}), so a restart resumes
 * where the last stored poll stopped and earlier updates are confirmed to Telegram by that very
 * offset. Button taps are acknowledged with {@code answerCallbackQuery} off the caller's thread.
 * Media are named by {@code file_id} and resolved through {@code getFile} only when downloaded.
 */
@Component(service = SocialPlatform.class, immediate = true, property = {
    SocialPlatform.PLATFORM + "=" + TelegramUpdates.PLATFORM, SocialPlatform.CHANNELS + "=" + TelegramUpdates.CHANNEL,
    SocialPlatform.CHANNEL_LABELS + "=" + TelegramUpdates.CHANNEL + "=Telegram"})
public final class TelegramPlatform implements SocialPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramPlatform.class);
    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Updates fetched per poll; the next poll goes on from the offset after them. */
    static final int POLL_LIMIT = 100;
    static final String CURSOR_KEY = "offset=";
    /** The cursor's part saying when the last update arrived ({@code ;seen=<epoch seconds>}). */
    static final String SEEN_KEY = ";seen=";
    /**
     * After a week without updates Telegram draws the next update_id at random, possibly below the
     * offset kept: after this long without one, a poll asks without an offset (the earliest
     * unconfirmed update first), which cannot skip any.
     */
    static final Duration QUIET_RESET = Duration.ofDays(6);
    static final String MIGRATIONS_FILE = "chat-migrations.properties";
    /** The update kinds a poll asks for (a bot that names none gets neither my_chat_member nor reactions). */
    static final List<String> ALLOWED_UPDATES = List.of("message", "edited_message", "callback_query",
            "my_chat_member", "message_reaction", "business_connection", "business_message",
            "edited_business_message", "deleted_business_messages");
    /** The account file key of getUpdates' long-poll timeout in seconds (0: short polling). */
    static final String POLL_TIMEOUT = "pollTimeoutSeconds";
    static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofSeconds(25);
    static final Duration MAX_POLL_TIMEOUT = Duration.ofSeconds(50);
    /** How much longer than the poll's timeout the client waits for Telegram's answer. */
    static final Duration POLL_SLACK = Duration.ofSeconds(10);

    private final Set<CompletableFuture<PlatformHttp.Reply>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    private final TelegramBotApi api;
    private final TelegramUpdates updates;
    private final TelegramSender sender;
    private final Clock clock;

    /** Group upgrades are kept in the bundle's data area ({@value #MIGRATIONS_FILE}), so a restart keeps them. */
    @Activate
    public TelegramPlatform(@Reference PlatformHttp http, BundleContext context) {
        this(http, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
                new ChatMigrations(Optional.ofNullable(context.getDataFile(MIGRATIONS_FILE)).map(File::toPath)));
    }

    TelegramPlatform(PlatformHttp http, Clock clock, TelegramSender.Sleeper sleeper) {
        this(http, clock, sleeper, new ChatMigrations(Optional.empty()));
    }

    TelegramPlatform(PlatformHttp http, Clock clock, TelegramSender.Sleeper sleeper, ChatMigrations migrations) {
        this.api = new TelegramBotApi(http);
        this.clock = clock;
        this.updates = new TelegramUpdates(clock, migrations);
        this.sender = new TelegramSender(api, clock, sleeper, migrations);
    }

    @Override
    public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
        return WebhookReply.of(400, "text/plain", "Telegram makes no verification call: updates arrive by POST with the "
                + SECRET_HEADER + " header set by setWebhook's secret_token");
    }

    @Override
    public boolean verify(SocialAccount account, WebhookRequest request) {
        Optional<String> expected = account.verifyToken();
        Optional<String> got = request.header(SECRET_HEADER);
        if (expected.isEmpty() || got.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.UTF_8),
                got.get().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        List<InboundMessage> messages = updates.parse(account, body);
        acknowledgeTaps(account, messages);
        return messages;
    }

    @Override
    public boolean canPoll() {
        return true;
    }

    @Override
    public boolean longPolls(SocialAccount account) {
        return !pollTimeout(account).isZero();
    }

    /**
     * {@code getUpdates}'s {@code timeout} for the account: its {@code pollTimeoutSeconds} setting
     * (0 = short polling), default {@link #DEFAULT_POLL_TIMEOUT}, at most {@link #MAX_POLL_TIMEOUT}.
     */
    static Duration pollTimeout(SocialAccount account) {
        try {
            long seconds = account.setting(POLL_TIMEOUT).map(String::strip).map(Long::parseLong)
                    .orElse(DEFAULT_POLL_TIMEOUT.toSeconds());
            return Duration.ofSeconds(Math.max(0, Math.min(seconds, MAX_POLL_TIMEOUT.toSeconds())));
        } catch (NumberFormatException e) {
            return DEFAULT_POLL_TIMEOUT;
        }
    }

    @Override
    public PollResult poll(SocialAccount account, String cursor) {
        if (stopped) {
            throw new IllegalStateException("the Telegram platform stopped while polling");
        }
        Instant now = clock.instant();
        OptionalLong seen = seen(cursor);
        boolean quiet = seen.isPresent() && Instant.ofEpochSecond(seen.getAsLong()).plus(QUIET_RESET).isBefore(now);
        OptionalLong offset = quiet ? OptionalLong.empty() : offset(cursor);
        Duration timeout = pollTimeout(account);
        ObjectNode request = Json.MAPPER.createObjectNode().put("limit", POLL_LIMIT).put("timeout", timeout.toSeconds());
        offset.ifPresent(o -> request.put("offset", o));
        ALLOWED_UPDATES.forEach(request.putArray("allowed_updates")::add);
        TelegramBotApi.Answer answer = answer(api.longPoll(account, "getUpdates", request, timeout.plus(POLL_SLACK)));
        if (!answer.ok()) {
            if (answer.errorCode() == 429) {
                Instant until = clock.instant().plusSeconds(answer.retryAfter().orElse(5));
                return new PollResult(List.of(), cursor == null ? "" : cursor, Optional.of(until), Optional.empty());
            }
            if (answer.errorCode() == 409) {
                throw new IllegalStateException(answer.reason("getUpdates") + " (a webhook is set for this bot: "
                        + "call deleteWebhook, or configure the account with mode=webhook)");
            }
            throw new IllegalStateException(answer.reason("getUpdates"));
        }
        List<InboundMessage> messages = new ArrayList<>();
        long next = offset.orElse(0);
        boolean any = false;
        for (JsonNode update : answer.result()) {
            long id = Json.number(update, "update_id").orElse(-1);
            if (id < 0) {
                continue;
            }
            any = true;
            next = Math.max(next, id + 1);
            try {
                messages.addAll(updates.parse(account, update));
            } catch (RuntimeException e) {
                // one update in a shape we cannot read must not stop the polling: it is kept as ignored, with why
                LOG.warn("Telegram account {}: update {} could not be read: {}", account.name(), id, e.getMessage());
                messages.add(TelegramUpdates.unsupported(account, id, "unreadable:" + TelegramUpdates.type(update)));
            }
        }
        acknowledgeTaps(account, messages);
        long lastSeen = any || seen.isEmpty() ? now.getEpochSecond() : seen.getAsLong();
        String nextCursor = next > 0 ? CURSOR_KEY + next + SEEN_KEY + lastSeen : (cursor == null ? "" : cursor);
        return new PollResult(messages, nextCursor, Optional.empty(), Optional.empty());
    }

    /**
     * Waits for a poll's answer; the poll is cancelled (its request ended) when this component
     * deactivates, so a long poll never outlives the bundle.
     */
    private TelegramBotApi.Answer answer(CompletableFuture<PlatformHttp.Reply> poll) {
        inFlight.add(poll);
        try {
            if (stopped) {
                poll.cancel(true);
            }
            return TelegramBotApi.answer("getUpdates", PlatformHttp.await(poll));
        } catch (java.util.concurrent.CancellationException e) {
            throw new IllegalStateException("the Telegram platform stopped while polling");
        } catch (IOException e) {
            // the request's URL holds the token: the exception that leaves names the method only
            TelegramBotApi.CallFailed failed = new TelegramBotApi.CallFailed("getUpdates", e);
            throw new UncheckedIOException(failed.getMessage(), failed);
        } finally {
            inFlight.remove(poll);
        }
    }

    /** Ends the long polls in flight at once: the connector's poll threads return instead of waiting them out. */
    @Deactivate
    void stop() {
        stopped = true;
        inFlight.forEach(poll -> poll.cancel(true));
    }

    /** The offset a cursor holds, if any ({@code offset=<n>[;seen=<epoch seconds>]}). */
    static OptionalLong offset(String cursor) {
        if (cursor == null || !cursor.startsWith(CURSOR_KEY)) {
            return OptionalLong.empty();
        }
        String value = cursor.substring(CURSOR_KEY.length());
        int end = value.indexOf(';');
        return number(end < 0 ? value : value.substring(0, end));
    }

    /** When the last update arrived, as the cursor says (epoch seconds). */
    static OptionalLong seen(String cursor) {
        int at = cursor == null || !cursor.startsWith(CURSOR_KEY) ? -1 : cursor.indexOf(SEEN_KEY);
        return at < 0 ? OptionalLong.empty() : number(cursor.substring(at + SEEN_KEY.length()));
    }

    private static OptionalLong number(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Stops the tapping customer's button spinner; its outcome changes nothing here. */
    private void acknowledgeTaps(SocialAccount account, List<InboundMessage> messages) {
        for (InboundMessage m : messages) {
            m.property(TelegramUpdates.CALLBACK_ID).ifPresent(id -> api.callAsync(account, "answerCallbackQuery",
                    Json.MAPPER.createObjectNode().put("callback_query_id", id)).whenComplete((reply, failure) -> {
                        if (failure != null || reply == null || !reply.ok()) {
                            LOG.debug("Telegram account {}: answerCallbackQuery for {} not confirmed", account.name(), id);
                        }
                    }));
        }
    }

    /** Files a bot uploads (Bot API limits: photos up to 10 MB, other files up to 50 MB). */
    @Override
    public List<MediaLimit> outgoingMedia(SocialAccount account, String channel) {
        return TelegramMedia.LIMITS;
    }

    @Override
    public SendResult send(SocialAccount account, OutboundMessage message) {
        return sender.send(account, message);
    }

    @Override
    public Set<String> mediaHosts() {
        return Set.of("api.telegram.org");
    }

    /**
     * A {@code telegram-file:<file_id>} source becomes its download URL through {@code getFile}; the
     * URL holds the bot token and goes to the downloader only.
     */
    @Override
    public String resolveMedia(SocialAccount account, String url) throws IOException {
        if (!url.startsWith(TelegramUpdates.FILE_SCHEME)) {
            return url;
        }
        String fileId = url.substring(TelegramUpdates.FILE_SCHEME.length());
        TelegramBotApi.Answer answer = api.call(account, "getFile",
                Json.MAPPER.createObjectNode().put("file_id", fileId));
        if (!answer.ok()) {
            if (answer.errorCode() == 429 || answer.errorCode() >= 500) {
                throw new IOException(answer.reason("getFile"));
            }
            throw new IllegalStateException(answer.reason("getFile")); // e.g. over the 20 MB bots may download
        }
        Optional<String> path = Json.text(answer.result(), "file_path").filter(p -> !p.isBlank());
        if (path.isEmpty()) {
            throw new IllegalStateException("Telegram's getFile gave no file_path (the file may be over the 20 MB "
                    + "bots may download)");
        }
        return TelegramBotApi.fileUrl(account, path.get());
    }
}
