package dev.parley.social.sandbox.internal.x;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.delivery.WebhookSink;
import dev.parley.social.sandbox.internal.faults.RateLimits;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * One simulated X account: turns customer posts into mentions and DMs, reports them through
 * signed Account Activity webhooks, keeps them for the listing endpoints and serves the API.
 * With echoes on, the account's own replies and DMs come back as webhooks, as X sends them.
 */
public final class XSimulation {

    private final XAccount account;
    private final URI webhookUrl;
    private final String apiBase;
    private final XTimeline timeline;
    private final XPayloads payloads;
    private final WireJson json;
    private final PlatformIds ids;
    private final Clock clock;
    private final WebhookSink sink;
    private final boolean echoSends;
    private final XApi api;

    public XSimulation(XAccount account, URI webhookBaseUrl, WireJson json, PlatformIds ids, Clock clock,
            RateLimits limits, WebhookSink sink, boolean echoSends) {
        this.account = account;
        this.webhookUrl = URI.create(webhookBaseUrl.toString().replaceAll("/+$", "") + "/webhooks/x/" + account.name());
        // the sandbox serves its API next to the connector's webhooks (the same HTTP server)
        this.apiBase = webhookBaseUrl.toString().replaceAll("/+$", "") + "/sandbox/x";
        this.timeline = new XTimeline(account);
        this.payloads = new XPayloads(json);
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.sink = sink;
        this.echoSends = echoSends;
        this.api = new XApi(account, timeline, payloads, json, ids, clock, limits, this::echo, this::echo);
    }

    public XAccount account() {
        return account;
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public XApi api() {
        return api;
    }

    /** Records the customer's mention or DM and delivers it; the result carries the new X id. */
    public PostedMessage post(CustomerPost.Validated post) {
        XUser author = new XUser(post.authorId().orElseGet(() -> PlatformIds.stableUserId('9', post.authorHandle())),
                post.authorHandle(), post.authorName(), post.followers(), post.verified(), post.receivesYourDm());
        if (author.id().equals(account.userId())) {
            throw new InvalidFieldException("authorId", "authorId is the sandbox account itself");
        }
        timeline.remember(author);
        return switch (post.kind()) {
            case MENTION -> mention(author, post);
            case X_DM -> directMessage(author, post.text(), post.attachment());
            case X_NATIVE_DM -> nativeDirectMessage(author, post.text());
            case X_DELETE, X_FAVORITE, X_RETWEET -> activity(author, post);
            default -> throw new InvalidFieldException("kind", "kind " + post.kind().key() + " is not an X kind");
        };
    }

    private PostedMessage mention(XUser author, CustomerPost.Validated post) {
        String text = post.text().toLowerCase().contains("@" + account.handle().toLowerCase()) ? post.text()
                : "@" + account.handle() + " " + post.text();
        if (post.inReplyTo().isPresent() && !post.inReplyTo().get().matches("[0-9]{1,19}")) {
            throw new InvalidFieldException("inReplyTo", "inReplyTo must be a numeric tweet id on X");
        }
        String id = ids.snowflake();
        Optional<Tweet> parent = post.inReplyTo().flatMap(timeline::tweet);
        Tweet tweet = new Tweet(id, text, author, post.inReplyTo(),
                parent.map(Tweet::author).or(() -> post.inReplyTo().map(ignored -> account.asUser())),
                parent.map(Tweet::conversationId).orElse(post.inReplyTo().orElse(id)), clock.instant());
        timeline.add(tweet);
        return new PostedMessage(id, tweet.conversationId(), deliver(id, payloads.tweetCreateEvents(account, tweet)));
    }

    private PostedMessage directMessage(XUser author, String text, Optional<String> file) {
        DirectMessage dm = new DirectMessage(ids.snowflake(), DirectMessage.conversationId(author.id(), account.userId()),
                author, account.asUser(), text, clock.instant(), false,
                file.map(f -> new DirectMessage.Media(ids.snowflake(), f)));
        timeline.add(dm);
        return new PostedMessage(dm.id(), dm.conversationId(), deliver(dm.id(), payloads.directMessageEvents(account, dm,
                apiBase)));
    }

    /** The account itself answering from X's app: an echo Parley did not send (another source_app_id). */
    private PostedMessage nativeDirectMessage(XUser customer, String text) {
        DirectMessage dm = new DirectMessage(ids.snowflake(), DirectMessage.conversationId(customer.id(),
                account.userId()), account.asUser(), customer, text, clock.instant(), false);
        timeline.add(dm);
        ObjectNode payload = payloads.directMessageEvents(account, dm);
        ((ObjectNode) payload.path("direct_message_events").get(0).path("message_create")).put("source_app_id",
                NATIVE_APP_ID);
        return new PostedMessage(dm.id(), dm.conversationId(), deliver(dm.id(), payload));
    }

    /** X for iPhone's app id, as echoes sent from it carry it. */
    static final String NATIVE_APP_ID = "3033300";

    /** A deleted tweet, a like or a retweet by the customer, in the Account Activity shapes. */
    private PostedMessage activity(XUser author, CustomerPost.Validated post) {
        String target = post.inReplyTo().orElse(account.userId());
        String id = ids.snowflake();
        ObjectNode root = json.object().put("for_user_id", account.userId());
        ObjectNode user = json.object().put("id_str", author.id()).put("screen_name", author.handle())
                .put("name", author.name());
        switch (post.kind()) {
            case X_DELETE -> {
                id = "delete:" + target;
                root.putArray("tweet_delete_events").addObject().put("timestamp_ms", Long.toString(clock.millis()))
                        .putObject("status").put("id", target).put("user_id", author.id());
            }
            case X_FAVORITE -> {
                ObjectNode event = root.putArray("favorite_events").addObject().put("id", id)
                        .put("timestamp_ms", clock.millis());
                event.putObject("favorited_status").put("id_str", target).put("text", "")
                        .putObject("user").put("id_str", account.userId());
                event.set("user", user);
            }
            default -> {
                ObjectNode tweet = root.putArray("tweet_create_events").addObject().put("id_str", id)
                        .put("text", "RT @" + account.handle() + ": ").put("timestamp_ms", Long.toString(clock.millis()));
                tweet.set("user", user);
                tweet.putObject("retweeted_status").put("id_str", target).putObject("user")
                        .put("id_str", account.userId()).put("screen_name", account.handle());
            }
        }
        return new PostedMessage(id, target, deliver(id, root));
    }

    private void echo(Tweet tweet) {
        if (echoSends) {
            deliver(tweet.id(), payloads.tweetCreateEvents(account, tweet));
        }
    }

    private void echo(DirectMessage dm) {
        if (echoSends) {
            deliver(dm.id(), payloads.directMessageEvents(account, dm));
        }
    }

    /** A signed webhook for {@code payload}, without sending it (bursts send their own way). */
    public Webhook webhook(String messageId, ObjectNode payload) {
        byte[] body = json.xBytes(payload);
        return new Webhook(Platform.X, account.name(), messageId, webhookUrl, body,
                Map.of(WebhookSignatures.X_HEADER, WebhookSignatures.x(account.consumerSecret(), body)));
    }

    /** A generated customer DM for load tests: recorded like any other, returned as a webhook to send. */
    public Webhook generatedDirectMessage(int n) {
        XUser author = new XUser(PlatformIds.stableUserId('9', "burst_" + n), "burst_" + n, "Burst Customer " + n,
                10, false, false);
        timeline.remember(author);
        DirectMessage dm = new DirectMessage(ids.snowflake(), DirectMessage.conversationId(author.id(), account.userId()),
                author, account.asUser(), "Load test message " + n, clock.instant(), false);
        timeline.add(dm);
        return webhook(dm.id(), payloads.directMessageEvents(account, dm));
    }

    private CompletableFuture<List<WebhookDelivery>> deliver(String messageId, ObjectNode payload) {
        return sink.deliver(webhook(messageId, payload));
    }

    public void reset() {
        timeline.clear();
    }
}
