package dev.parley.social.x.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PollResult;
import dev.parley.social.api.RateLimit;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SentLookup;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProfile;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.Json;

/**
 * X (Twitter): Account Activity webhooks (CRC, signature, events) and polling of the v2 mentions
 * timeline and {@code /2/dm_events}, honouring {@code x-rate-limit-*}. The poll cursor is {@code
 * mentions=<since_id>;dms=<newest dm event id>}, so a restarted poller resumes where it stopped.
 */
@Component(service = SocialPlatform.class, immediate = true, property = {SocialPlatform.PLATFORM + "=" + XWebhookParser.PLATFORM,
    SocialPlatform.CHANNELS + "=x", SocialPlatform.CHANNEL_LABELS + "=x=X"})
public final class XPlatform implements SocialPlatform {

    public static final String DEFAULT_API = "https://api.x.com";
    static final int MAX_PAGES = 5;
    private static final String TWEET_FIELDS = "&tweet.fields=created_at,conversation_id,author_id,referenced_tweets,attachments"
            + "&expansions=author_id,attachments.media_keys&user.fields=username,name,verified,public_metrics"
            + "&media.fields=url,type,preview_image_url";
    private static final String DM_FIELDS = "&event_types=MessageCreate"
            + "&dm_event.fields=id,text,event_type,created_at,sender_id,dm_conversation_id,attachments"
            + "&expansions=sender_id,attachments.media_keys&user.fields=username,name,verified,public_metrics"
            + "&media.fields=url,type,preview_image_url";

    private final PlatformHttp http;
    private final Clock clock;
    private final XWebhookParser webhooks = new XWebhookParser();
    private final XApiParser api = new XApiParser();
    private final XSender sender;
    private final XProfiles profiles;
    private final XDmMedia dmMedia;

    @Activate
    public XPlatform(@Reference PlatformHttp http) {
        this(http, Clock.systemUTC());
    }

    public XPlatform(PlatformHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
        this.sender = new XSender(http, clock);
        this.profiles = new XProfiles(http);
        this.dmMedia = new XDmMedia(new XOAuth1(clock));
    }

    @Override
    public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
        Optional<String> token = request.queryParameter("crc_token");
        if (token.isEmpty()) {
            return WebhookReply.of(400, "text/plain", "a CRC check needs the crc_token query parameter");
        }
        Optional<String> refusal = XSignatures.crcTokenRefusal(token.get());
        if (refusal.isPresent()) {
            return WebhookReply.of(400, "text/plain", refusal.get() + "; nothing was signed");
        }
        if (account.consumerSecret().isEmpty()) {
            return WebhookReply.of(503, "text/plain", "the account has no consumerSecret configured");
        }
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("response_token", XSignatures.crcResponseToken(account.consumerSecret().get(), token.get()));
        return WebhookReply.of(200, "application/json", body.toString());
    }

    @Override
    public boolean verify(SocialAccount account, WebhookRequest request) {
        return account.consumerSecret().isPresent()
                && XSignatures.verify(account.consumerSecret().get(), request.header(XSignatures.HEADER), request.body());
    }

    /** One X webhook carries the events of every user subscribed to it; {@code for_user_id} names whose these are. */
    @Override
    public List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        JsonNode root = Json.object(body, "X webhook body");
        return List.of(new DeliveryPart(Json.text(root, "for_user_id").orElse(postedTo.accountId()), body));
    }

    @Override
    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        return webhooks.parse(account, body);
    }

    @Override
    public boolean canPoll() {
        return true;
    }

    @Override
    public PollResult poll(SocialAccount account, String cursor) {
        XCursor position = XCursor.parse(cursor);
        Fetch fetch = new Fetch(account);
        Optional<String> mentionsSince = fetch.mentions(position.mentionsSince());
        Optional<String> dmsNewest = fetch.directMessages(position.dmsNewest());
        XCursor next = new XCursor(mentionsSince.or(position::mentionsSince), dmsNewest.or(position::dmsNewest));
        return new PollResult(fetch.messages, next.toString(), fetch.notBefore, fetch.rateLimit);
    }

    /** One poll's calls; stops a stream early when the platform says to wait. */
    private final class Fetch {
        final SocialAccount account;
        final String base;
        final List<InboundMessage> messages = new ArrayList<>();
        Optional<Instant> notBefore = Optional.empty();
        Optional<RateLimit> rateLimit = Optional.empty();

        Fetch(SocialAccount account) {
            this.account = account;
            this.base = account.apiBaseUrl(DEFAULT_API);
        }

        /** The new since_id, or empty to keep the old one (nothing new, or interrupted). */
        Optional<String> mentions(Optional<String> since) {
            String url = base + "/2/users/" + encode(account.accountId()) + "/mentions?max_results=100" + TWEET_FIELDS
                    + since.map(s -> "&since_id=" + encode(s)).orElse("");
            Optional<String> newest = Optional.empty();
            Optional<String> token = Optional.empty();
            for (int page = 0; page < MAX_PAGES; page++) {
                Optional<JsonNode> body = call(url + token.map(t -> "&pagination_token=" + encode(t)).orElse(""));
                if (body.isEmpty()) {
                    return Optional.empty(); // rate-limited mid-way: resume from the old since_id, the inbox dedupes
                }
                XApiParser.Page result = api.mentions(account, body.get());
                messages.addAll(result.messages());
                newest = newest.or(result::newestId);
                token = result.nextToken();
                if (token.isEmpty() || since.isEmpty()) {
                    break; // the first poll takes the latest page only, not the whole history
                }
            }
            return newest;
        }

        Optional<String> directMessages(Optional<String> seen) {
            String url = base + "/2/dm_events?max_results=100" + DM_FIELDS;
            Optional<String> newest = Optional.empty();
            Optional<String> token = Optional.empty();
            for (int page = 0; page < MAX_PAGES; page++) {
                Optional<JsonNode> body = call(url + token.map(t -> "&pagination_token=" + encode(t)).orElse(""));
                if (body.isEmpty()) {
                    return Optional.empty();
                }
                XApiParser.Page result = api.directMessages(account, body.get());
                newest = newest.or(result::newestId);
                boolean reachedSeen = false;
                for (InboundMessage message : result.messages()) {
                    if (seen.isPresent() && XCursor.atOrBefore(message.externalId(), seen.get())) {
                        reachedSeen = true; // newest first: everything from here on was fetched before
                        break;
                    }
                    messages.add(message);
                }
                token = result.nextToken();
                if (reachedSeen || token.isEmpty() || seen.isEmpty()) {
                    break;
                }
            }
            return newest;
        }

        /** The next poll must wait for the latest reset any stream asked for. */
        private void waitUntil(Instant reset) {
            if (notBefore.isEmpty() || reset.isAfter(notBefore.get())) {
                notBefore = Optional.of(reset);
            }
        }

        private Optional<JsonNode> call(String url) {
            PlatformHttp.Reply reply;
            try {
                reply = http.get(url, Map.of("Authorization", "Bearer " + account.accessToken().orElse("")));
            } catch (IOException e) {
                throw new UncheckedIOException("X API call failed: " + e.getMessage(), e);
            }
            Optional<RateLimit> limit = XRateLimits.of(reply);
            if (limit.isPresent()) {
                rateLimit = limit;
            }
            if (reply.status() == 429) {
                waitUntil(XRateLimits.resetOrDefault(reply, clock));
                return Optional.empty();
            }
            if (!reply.ok()) {
                throw new IllegalStateException("X API answered " + reply.status() + " to " + url.substring(base.length(),
                        url.indexOf('?') > 0 ? url.indexOf('?') : url.length()) + ": " + XRateLimits.problem(reply));
            }
            if (limit.isPresent() && limit.get().exhausted()) {
                waitUntil(limit.get().resetAt());
            }
            return Optional.of(Json.object(reply.body(), "X API response"));
        }
    }

    @Override
    public SendResult send(SocialAccount account, OutboundMessage message) {
        return sender.send(account, message);
    }

    @Override
    public java.util.concurrent.CompletionStage<SendResult> sendAsync(SocialAccount account, OutboundMessage message) {
        return sender.sendAsync(account, message);
    }

    @Override
    public Optional<Boolean> acceptsDirectMessages(SocialAccount account, String userId) {
        return sender.acceptsDirectMessages(account, userId);
    }

    @Override
    public SentLookup findSent(SocialAccount account, OutboundMessage message, Instant since, Set<String> excluded) {
        return sender.findSent(account, message, since, excluded);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public Optional<SocialProfile> lookupProfile(SocialAccount account, String channel, String userId)
            throws IOException {
        return profiles.lookup(account, userId);
    }

    @Override
    public Set<String> mediaHosts() {
        return XProfiles.MEDIA_HOSTS;
    }

    /** DM media (ton.twitter.com, or the same path under the account's own API base URL) need an OAuth 1.0a signature. */
    @Override
    public Map<String, String> mediaHeaders(SocialAccount account, String url) {
        return dmMedia.headers(account, url);
    }
}
