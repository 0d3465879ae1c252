package dev.parley.social.sandbox.internal.meta;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.delivery.WebhookSink;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;

/**
 * One simulated Facebook Page with its Instagram account: customer Messenger and Instagram
 * messages and page comments become signed webhooks (Meta-escaped JSON); the Graph API answers
 * the page's sends under Meta's rules; with echoes on, the page's own messages come back with
 * {@code is_echo: true} and its public replies as feed changes.
 */
public final class MetaSimulation {

    private final MetaAccount account;
    private final URI webhookUrl;
    private final MetaInbox inbox = new MetaInbox();
    private final MetaPayloads payloads;
    private final WireJson json;
    private final PlatformIds ids;
    private final Clock clock;
    private final WebhookSink sink;
    private final boolean echoSends;
    private final MetaApi api;

    public MetaSimulation(MetaAccount account, URI webhookBaseUrl, WireJson json, PlatformIds ids, Clock clock,
            WebhookSink sink, boolean echoSends) {
        this.account = account;
        this.webhookUrl = URI.create(webhookBaseUrl.toString().replaceAll("/+$", "") + "/webhooks/meta/" + account.name());
        this.payloads = new MetaPayloads(json);
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.sink = sink;
        this.echoSends = echoSends;
        this.api = new MetaApi(account, inbox, json, ids, clock, this::echo, this::echo);
    }

    public MetaAccount account() {
        return account;
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public MetaApi api() {
        return api;
    }

    public PostedMessage post(CustomerPost.Validated post) {
        return switch (post.kind()) {
            case MESSENGER_DM -> message(user(post, Channel.MESSENGER), post);
            case INSTAGRAM_DM -> message(user(post, Channel.INSTAGRAM), post);
            case COMMENT -> comment(user(post, Channel.MESSENGER), post, true);
            case COMMENT_WITHOUT_FROM -> comment(user(post, Channel.MESSENGER), post, false);
            case POSTBACK, QUICK_REPLY, REACTION, UNSEND, EDIT, STANDBY, REFERRAL, STORY_MENTION ->
                customerEvent(user(post, post.kind() == CustomerPost.Kind.STORY_MENTION ? Channel.INSTAGRAM
                        : Channel.MESSENGER), post);
            case NATIVE_ECHO -> nativeEcho(user(post, Channel.MESSENGER), post);
            case INSTAGRAM_MENTION, INSTAGRAM_CAPTION_MENTION -> instagramMention(post);
            default -> throw new InvalidFieldException("kind", "kind " + post.kind().key() + " is not a Meta kind");
        };
    }

    private MetaUser user(CustomerPost.Validated post, Channel channel) {
        String id = post.authorId().orElseGet(() -> PlatformIds.stableUserId(channel == Channel.INSTAGRAM ? '8' : '7',
                post.authorHandle()));
        if (id.equals(account.pageId()) || id.equals(account.instagramId())) {
            throw new InvalidFieldException("authorId", "authorId is the sandbox page itself");
        }
        MetaUser user = new MetaUser(id, post.authorName(), post.authorHandle(), channel);
        inbox.remember(user);
        return user;
    }

    private PostedMessage message(MetaUser from, CustomerPost.Validated post) {
        Instant now = clock.instant();
        String mid = ids.messageId();
        inbox.customerWrote(from.id(), now);
        ObjectNode payload = post.attachment().isEmpty()
                ? payloads.customerMessage(account, from, mid, post.text(), post.inReplyTo(), now)
                : payloads.customerMessage(account, from, mid, post.text(), post.inReplyTo(), now, post.attachmentType(),
                        mediaUrl(post.attachment().get()));
        return new PostedMessage(mid, from.id(), deliver(mid, payload));
    }

    /** A sandbox file's URL on this sandbox (its stand-in CDN), or the URL the customer gave. */
    private String mediaUrl(String attachment) {
        return attachment.contains("://") ? attachment
                : webhookUrl.resolve("/sandbox/media/" + attachment).toString();
    }

    /** {@code withFrom} false: the webhook leaves the author out, as Meta does for some commenters. */
    private PostedMessage comment(MetaUser from, CustomerPost.Validated post, boolean withFrom) {
        String target = post.inReplyTo().orElse(account.defaultPostId());
        PageComment parent = inbox.comment(target).orElse(null);
        if (parent == null && !target.matches(java.util.regex.Pattern.quote(account.pageId()) + "_[0-9]+")) {
            throw new InvalidFieldException("inReplyTo", "inReplyTo '" + target + "' is neither a comment the sandbox "
                    + "knows nor a post of page " + account.pageId() + " (" + account.pageId() + "_<number>)");
        }
        String postId = parent == null ? target : parent.postId();
        String postNumber = postId.substring(postId.indexOf('_') + 1);
        PageComment comment = new PageComment(postNumber + "_" + ids.graphObjectId(), postId, target, from.id(),
                from.name(), post.text(), clock.instant());
        inbox.add(comment);
        return new PostedMessage(comment.id(), postId, deliver(comment.id(), payloads.comment(account, comment,
                withFrom)));
    }

    /** Meta Business Suite's app id as echoes from it carry it: not the sandbox app's, so not Parley's send. */
    static final String NATIVE_APP_ID = "263902037430900";

    /**
     * The other event kinds a customer causes, in Meta's documented shapes (Messenger Platform
     * webhook reference): a button tap, a quick reply, a reaction, an unsend, an edit, a message
     * while another app holds the thread, a referral, an Instagram story mention.
     */
    private PostedMessage customerEvent(MetaUser from, CustomerPost.Validated post) {
        Instant now = clock.instant();
        String mid = ids.messageId();
        String target = post.inReplyTo().orElse("");
        String container = "messaging";
        String field = "message";
        ObjectNode value = json.object();
        switch (post.kind()) {
            case POSTBACK -> {
                field = "postback";
                value.put("mid", mid).put("title", post.text()).put("payload", post.payload().orElse("SANDBOX_PAYLOAD"));
            }
            case QUICK_REPLY -> value.put("mid", mid).put("text", post.text()).putObject("quick_reply")
                    .put("payload", post.payload().orElse("SANDBOX_QUICK_REPLY"));
            case REACTION -> {
                field = "reaction";
                mid = "reaction-" + mid;
                value.put("mid", target).put("action", "react").put("reaction", "other")
                        .put("emoji", post.text().isBlank() ? "\u2764\ufe0f" : post.text().strip());
            }
            case UNSEND -> {
                mid = "unsend-" + target;
                value.put("mid", target).put("is_deleted", true);
            }
            case EDIT -> {
                field = "message_edit";
                mid = "edit-" + mid;
                value.put("mid", target).put("text", post.text()).put("num_edit", 1);
            }
            case STANDBY -> {
                container = "standby";
                value.put("mid", mid).put("text", post.text());
            }
            case REFERRAL -> {
                field = "referral";
                mid = "referral-" + mid;
                value.put("ref", post.payload().orElse("sandbox")).put("source", "SHORTLINK").put("type", "OPEN_THREAD");
            }
            case STORY_MENTION -> value.put("mid", mid).putArray("attachments").addObject().put("type", "story_mention")
                    .putObject("payload").put("url", "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=" + mid);
            default -> throw new InvalidFieldException("kind", "kind " + post.kind().key() + " is not a customer event");
        }
        if (post.kind() != CustomerPost.Kind.REFERRAL) {
            inbox.customerWrote(from.id(), now);
        }
        return new PostedMessage(mid, from.id(), deliver(mid, payloads.customerEvent(account, from, container, field,
                value, now)));
    }

    private PostedMessage nativeEcho(MetaUser to, CustomerPost.Validated post) {
        String mid = ids.messageId();
        return new PostedMessage(mid, to.id(), deliver(mid, payloads.nativeEcho(account, to, mid, NATIVE_APP_ID,
                post.text(), clock.instant())));
    }

    /**
     * A mention of the Instagram account in a comment ({@code instagram_mention}) or in a caption
     * ({@code instagram_caption_mention}) by the post's author: the webhook carries only ids, and the
     * Graph API's mentioned_comment / mentioned_media answer with the text and username kept here.
     */
    private PostedMessage instagramMention(CustomerPost.Validated post) {
        boolean inCaption = post.kind() == CustomerPost.Kind.INSTAGRAM_CAPTION_MENTION;
        String media = post.inReplyTo().orElseGet(ids::graphObjectId);
        java.util.Optional<String> comment = inCaption ? java.util.Optional.empty()
                : java.util.Optional.of(ids.graphObjectId());
        String text = post.text().isBlank() ? "@" + account.pageName().toLowerCase(java.util.Locale.ROOT)
                + (inCaption ? " look what I got!" : " can you help?") : post.text();
        inbox.add(new IgMention(media, comment, post.authorHandle(), text, clock.instant()));
        String id = comment.orElse(media);
        return new PostedMessage("mention:" + id, media, deliver(id, payloads.instagramMention(account, media,
                comment, clock.instant())));
    }

    private void echo(MetaApi.SentMessage sent) {
        if (echoSends) {
            deliver(sent.mid(), payloads.echo(account, sent.to(), sent.mid(), sent.text(), clock.instant()));
        }
    }

    private void echo(PageComment reply) {
        if (echoSends) {
            deliver(reply.id(), payloads.comment(account, reply, true));
        }
    }

    public Webhook webhook(String messageId, ObjectNode payload) {
        byte[] body = json.metaBytes(payload);
        return new Webhook(Platform.META, account.name(), messageId, webhookUrl, body,
                Map.of(WebhookSignatures.META_HEADER, WebhookSignatures.meta(account.appSecret(), body)));
    }

    /** A generated Messenger message for load tests, recorded like any other and returned unsent. */
    public Webhook generatedMessage(int n) {
        MetaUser from = new MetaUser(PlatformIds.stableUserId('7', "burst_" + n), "Burst Customer " + n, "burst_" + n,
                Channel.MESSENGER);
        inbox.remember(from);
        Instant now = clock.instant();
        inbox.customerWrote(from.id(), now);
        String mid = ids.messageId();
        return webhook(mid, payloads.customerMessage(account, from, mid, "Load test message " + n,
                java.util.Optional.empty(), now));
    }

    private CompletableFuture<List<WebhookDelivery>> deliver(String messageId, ObjectNode payload) {
        return sink.deliver(webhook(messageId, payload));
    }

    public void reset() {
        inbox.clear();
    }
}
