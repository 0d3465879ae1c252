package dev.parley.social.sandbox.internal.meta;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.sandbox.internal.wire.WireJson;
import dev.parley.social.sandbox.internal.wire.WireTime;

/**
 * Meta's webhook shapes: {@code entry[].messaging[]} for Messenger ({@code object: page}) and
 * Instagram ({@code object: instagram}), {@code entry[].changes[]} with field {@code feed} for
 * page comments. Messaging entries carry milliseconds, feed entries seconds, as Meta sends them.
 */
final class MetaPayloads {

    private final WireJson json;

    MetaPayloads(WireJson json) {
        this.json = json;
    }

    /** A customer's message to the page (or to its Instagram account). */
    ObjectNode customerMessage(MetaAccount account, MetaUser from, String mid, String text, Optional<String> replyTo,
            Instant at) {
        String recipient = recipientOf(account, from.channel());
        ObjectNode message = json.object().put("mid", mid).put("text", text);
        replyTo.ifPresent(r -> message.putObject("reply_to").put("mid", r));
        return messaging(account, from.channel(), from.id(), recipient, at, message);
    }

    /** A customer's message with one attachment of Meta's {@code type} at {@code url}. */
    ObjectNode customerMessage(MetaAccount account, MetaUser from, String mid, String text, Optional<String> replyTo,
            Instant at, String type, String url) {
        ObjectNode root = customerMessage(account, from, mid, text, replyTo, at);
        ObjectNode message = (ObjectNode) root.path("entry").path(0).path("messaging").path(0).path("message");
        message.putArray("attachments").addObject().put("type", type).putObject("payload").put("url", url);
        return root;
    }

    /** The echo of a message the page sent, as Meta reports it back: sender and recipient swapped. */
    ObjectNode echo(MetaAccount account, MetaUser to, String mid, String text, Instant at) {
        ObjectNode message = json.object().put("mid", mid).put("is_echo", true)
                .put("app_id", Long.parseLong(account.appId())).put("text", text);
        return messaging(account, to.channel(), recipientOf(account, to.channel()), to.id(), at, message);
    }

    /** An echo of a message the Page sent from another app (Meta Business Suite): its own app id. */
    ObjectNode nativeEcho(MetaAccount account, MetaUser to, String mid, String appId, String text, Instant at) {
        ObjectNode message = json.object().put("mid", mid).put("is_echo", true).put("app_id", Long.parseLong(appId))
                .put("text", text);
        return messaging(account, to.channel(), recipientOf(account, to.channel()), to.id(), at, message);
    }

    /**
     * Any customer messaging event ({@code postback}, {@code reaction}, {@code message_edit},
     * {@code referral}, {@code message}) under {@code messaging}, or under {@code standby} when
     * another app holds the thread.
     */
    ObjectNode customerEvent(MetaAccount account, MetaUser from, String container, String field, ObjectNode value,
            Instant at) {
        return event(account, from.channel(), container, from.id(), recipientOf(account, from.channel()), at, field,
                value);
    }

    /** An Instagram {@code mentions} change: only ids, as Meta sends it. */
    ObjectNode instagramMention(MetaAccount account, String mediaId, Optional<String> commentId, Instant at) {
        ObjectNode root = json.object().put("object", "instagram");
        ObjectNode entry = root.putArray("entry").addObject().put("id", account.instagramId())
                .put("time", at.getEpochSecond());
        ObjectNode value = entry.putArray("changes").addObject().put("field", "mentions").putObject("value")
                .put("media_id", mediaId);
        commentId.ifPresent(c -> value.put("comment_id", c));
        return root;
    }

    private ObjectNode messaging(MetaAccount account, Channel channel, String senderId, String recipientId,
            Instant at, ObjectNode message) {
        return event(account, channel, "messaging", senderId, recipientId, at, "message", message);
    }

    private ObjectNode event(MetaAccount account, Channel channel, String container, String senderId,
            String recipientId, Instant at, String field, ObjectNode value) {
        ObjectNode root = json.object().put("object", channel.webhookObject());
        ObjectNode entry = root.putArray("entry").addObject()
                .put("id", recipientOf(account, channel))
                .put("time", at.toEpochMilli());
        ObjectNode event = entry.putArray(container).addObject();
        event.putObject("sender").put("id", senderId);
        event.putObject("recipient").put("id", recipientId);
        event.put("timestamp", at.toEpochMilli());
        event.set(field, value);
        return root;
    }

    /**
     * A new comment (a customer's, or the page's own public reply) on the page's feed; without
     * {@code from} when {@code withFrom} is false.
     */
    ObjectNode comment(MetaAccount account, PageComment comment, boolean withFrom) {
        ObjectNode root = json.object().put("object", "page");
        ObjectNode entry = root.putArray("entry").addObject()
                .put("id", account.pageId())
                .put("time", comment.createdAt().getEpochSecond());
        ObjectNode value = entry.putArray("changes").addObject().put("field", "feed").putObject("value");
        if (withFrom) {
            value.putObject("from").put("id", comment.fromId()).put("name", comment.fromName());
        }
        value.putObject("post")
                .put("status_type", "mobile_status_update")
                .put("is_published", true)
                .put("updated_time", WireTime.graph(comment.createdAt()))
                .put("permalink_url", "https://www.facebook.com/" + comment.postId().replace('_', '/'))
                .put("promotion_status", "inactive")
                .put("id", comment.postId());
        value.put("message", comment.message())
                .put("post_id", comment.postId())
                .put("comment_id", comment.id())
                .put("created_time", comment.createdAt().getEpochSecond())
                .put("item", "comment")
                .put("parent_id", comment.parentId())
                .put("verb", "add");
        return root;
    }

    private static String recipientOf(MetaAccount account, Channel channel) {
        return channel == Channel.INSTAGRAM ? account.instagramId() : account.pageId();
    }
}
