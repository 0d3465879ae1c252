package dev.parley.social.meta.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MediaAttachment;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;

/**
 * Meta webhook bodies ({@code object} page or instagram) to normalized messages: Messenger and
 * Instagram messages ({@code entry[].messaging[]}), Page feed comments and visitor posts, and
 * Instagram comments ({@code entry[].changes[]}). Echoes of our own sends ({@code is_echo}, or a
 * comment from the Page itself) come back as ECHO; delivery and read receipts, likes and edits are
 * left out; anything else (reactions, postbacks, unknown fields) is UNSUPPORTED with its raw type.
 * A message whose content we cannot show (a sticker, a story reply without text) is still a
 * customer message, with a placeholder text, so the agent sees that the customer wrote.
 */
public final class MetaWebhookParser {

    public static final String PLATFORM = "meta";
    private static final Set<String> RECEIPTS = Set.of("delivery", "read", "message_edit");
    private static final Set<String> MESSAGING_ENVELOPE = Set.of("sender", "recipient", "timestamp");
    private static final Set<String> FEED_IGNORED_ITEMS = Set.of("reaction", "like", "share");

    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        JsonNode root = Json.object(body, "Meta webhook body");
        String object = Json.text(root, "object").orElse("page");
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new MalformedEventException("a Meta webhook body needs an 'entry' array");
        }
        boolean instagram = object.equals("instagram");
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode entry : entries) {
            String ownId = Json.text(entry, "id").orElse(account.accountId());
            Instant entryTime = time(Json.number(entry, "time"));
            for (JsonNode item : entry.path("messaging")) {
                messaging(account, instagram, ownId, item).ifPresent(messages::add);
            }
            for (JsonNode change : entry.path("changes")) {
                change(account, instagram, ownId, entryTime, change).ifPresent(messages::add);
            }
        }
        return messages;
    }

    private Optional<InboundMessage> messaging(SocialAccount account, boolean instagram, String ownId, JsonNode item) {
        String channel = instagram ? "instagram" : "messenger";
        String sender = Json.text(item.path("sender"), "id").orElse("unknown");
        String recipient = Json.text(item.path("recipient"), "id").orElse(ownId);
        Instant at = time(Json.number(item, "timestamp"));
        JsonNode message = item.path("message");
        if (!message.isObject()) {
            String type = eventType(item);
            if (RECEIPTS.contains(type)) {
                return Optional.empty();
            }
            String id = type + ":" + sender + ":" + Json.number(item, "timestamp").orElse(0) + ":" + Json.digest(item);
            return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, sender), id,
                    MessageKind.UNSUPPORTED, Optional.of(channel + "." + type), SocialAuthor.of(sender), "", List.of(),
                    MessageVisibility.PRIVATE, Optional.empty(), at));
        }
        String mid = Json.text(message, "mid")
                .orElseThrow(() -> new MalformedEventException("a " + channel + " message has no mid"));
        boolean echo = Json.flag(message, "is_echo");
        String customer = echo ? recipient : sender;
        List<MediaAttachment> attachments = new ArrayList<>();
        for (JsonNode attachment : message.path("attachments")) {
            String type = attachment.path("payload").has("sticker_id") ? "sticker" : Json.text(attachment, "type").orElse("file");
            Json.text(attachment.path("payload"), "url").ifPresent(url -> attachments.add(new MediaAttachment(type, url)));
        }
        JsonNode story = message.path("reply_to").path("story");
        Json.text(story, "url").ifPresent(url -> attachments.add(new MediaAttachment("story", url)));
        String text = Json.text(message, "text").orElseGet(() -> placeholder(message, attachments, story));
        return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, customer), mid,
                echo ? MessageKind.ECHO : MessageKind.MESSAGE, Optional.of(channel + ".message"),
                SocialAuthor.of(sender), text, attachments, MessageVisibility.PRIVATE,
                Json.text(message.path("reply_to"), "mid"), at));
    }

    private static String placeholder(JsonNode message, List<MediaAttachment> attachments, JsonNode story) {
        if (Json.flag(message, "is_unsupported")) {
            return "[unsupported message]";
        }
        if (story.isObject()) {
            return "[story reply]";
        }
        if (!attachments.isEmpty()) {
            return "";
        }
        return message.path("attachments").isArray() ? "[attachment without a link]" : "[empty message]";
    }

    private static String eventType(JsonNode item) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!MESSAGING_ENVELOPE.contains(name)) {
                return name;
            }
        }
        return "unknown";
    }

    private static String conversation(boolean instagram, String customerId) {
        return (instagram ? "igsid:" : "psid:") + customerId;
    }

    private Optional<InboundMessage> change(SocialAccount account, boolean instagram, String ownId, Instant entryTime,
            JsonNode change) {
        String field = Json.text(change, "field").orElse("unknown");
        JsonNode value = change.path("value");
        if (!instagram && field.equals("feed")) {
            return feed(account, ownId, value);
        }
        if (instagram && field.equals("comments")) {
            return instagramComment(account, ownId, entryTime, value);
        }
        String channel = instagram ? "instagram" : "facebook";
        String id = "changes." + field + ":" + Json.digest(change);
        return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, id, id, MessageKind.UNSUPPORTED,
                Optional.of(channel + ".changes." + field), SocialAuthor.of(ownId), "", List.of(),
                MessageVisibility.PUBLIC, Optional.empty(), entryTime));
    }

    private Optional<InboundMessage> feed(SocialAccount account, String pageId, JsonNode value) {
        String item = Json.text(value, "item").orElse("unknown");
        String verb = Json.text(value, "verb").orElse("add");
        if (!verb.equals("add") || FEED_IGNORED_ITEMS.contains(item)) {
            return Optional.empty(); // edits, removals, likes: not new customer messages
        }
        JsonNode from = value.path("from");
        String author = Json.text(from, "id").orElse("unknown");
        Instant at = time(Json.number(value, "created_time"));
        SocialAuthor who = new SocialAuthor(author, Optional.empty(), Json.text(from, "name"), OptionalLong.empty(),
                false, Optional.empty());
        MessageKind kind = author.equals(pageId) ? MessageKind.ECHO : MessageKind.COMMENT;
        if (item.equals("comment")) {
            String commentId = Json.text(value, "comment_id")
                    .orElseThrow(() -> new MalformedEventException("a feed comment has no comment_id"));
            Optional<String> post = Json.text(value, "post_id");
            Optional<String> parent = Json.text(value, "parent_id");
            String thread = parent.filter(p -> !p.equals(post.orElse(""))).orElse(commentId);
            return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", "comment:" + thread, commentId,
                    kind, Optional.of("feed.comment"), who, Json.text(value, "message").orElse(""), photo(value),
                    MessageVisibility.PUBLIC, parent.or(() -> post), at));
        }
        Optional<String> post = Json.text(value, "post_id");
        if (post.isPresent() && Set.of("status", "post", "photo", "video").contains(item)) {
            return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", "post:" + post.get(), post.get(),
                    kind, Optional.of("feed." + item), who, Json.text(value, "message").orElse(""), photo(value),
                    MessageVisibility.PUBLIC, Optional.empty(), at));
        }
        String id = "feed." + item + ":" + Json.digest(value);
        return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", id, id, MessageKind.UNSUPPORTED,
                Optional.of("feed." + item), who, "", List.of(), MessageVisibility.PUBLIC, Optional.empty(), at));
    }

    private static List<MediaAttachment> photo(JsonNode value) {
        return Json.text(value, "photo").map(url -> List.of(new MediaAttachment("image", url))).orElse(List.of());
    }

    private Optional<InboundMessage> instagramComment(SocialAccount account, String ownId, Instant entryTime,
            JsonNode value) {
        String id = Json.text(value, "id")
                .orElseThrow(() -> new MalformedEventException("an Instagram comment has no id"));
        JsonNode from = value.path("from");
        String author = Json.text(from, "id").orElse("unknown");
        Optional<String> parent = Json.text(value, "parent_id");
        SocialAuthor who = new SocialAuthor(author, Json.text(from, "username"), Optional.empty(), OptionalLong.empty(),
                false, Optional.empty());
        MessageKind kind = author.equals(ownId) ? MessageKind.ECHO : MessageKind.COMMENT;
        return Optional.of(new InboundMessage(PLATFORM, account.name(), "instagram", "igcomment:" + parent.orElse(id), id,
                kind, Optional.of("instagram.comments"), who, Json.text(value, "text").orElse(""), List.of(),
                MessageVisibility.PUBLIC, parent.or(() -> Json.text(value.path("media"), "id")), entryTime));
    }

    /** Meta mixes milliseconds (messaging) and seconds (feed created_time): tell them apart by size. */
    static Instant time(OptionalLong value) {
        if (value.isEmpty()) {
            return Instant.now();
        }
        long v = value.getAsLong();
        return v < 100_000_000_000L ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
    }
}
