package dev.parley.social.meta.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import dev.parley.social.kit.Json;

/**
 * Meta webhook bodies ({@code object} page or instagram) to normalized messages, every documented
 * kind with a deliberate outcome (docs/PLATFORMS-COVERAGE.md): Messenger and Instagram messages
 * from {@code entry[].messaging[]} and, marked {@link InboundMessage#STANDBY}, from {@code
 * entry[].standby[]} (another app holds the thread); postbacks and quick-reply taps as messages
 * showing the button title with the payload kept; reactions, unsends ({@code is_deleted}), edits
 * ({@code message_edit}) and referrals as their own kinds pointing at the message they concern;
 * echoes ({@code is_echo}, or a comment from the Page itself) as ECHO with the sending app; Page
 * feed comments (add, edit, remove; without {@code from} an anonymous author of that comment
 * alone), Instagram comments and mentions. Delivery and read receipts are left out; anything else
 * is UNSUPPORTED with its raw type (acknowledged and counted, never parked). A message whose
 * content we cannot show (a sticker, a story reply without text) is still a customer message, with
 * a placeholder text, so the agent sees that the customer wrote.
 */
public final class MetaWebhookParser {

    public static final String PLATFORM = "meta";
    private static final Set<String> RECEIPTS = Set.of("delivery", "read");
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
            for (JsonNode item : entry.path("standby")) {
                // another app (a chatbot, Meta's inbox) holds the thread: recorded, never answered automatically
                messaging(account, instagram, ownId, item)
                        .map(m -> m.withProperties(Map.of(InboundMessage.STANDBY, "true")))
                        .ifPresent(messages::add);
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
            Optional<InboundMessage> known = switch (type) {
                case "postback" -> Optional.of(postback(account, channel, instagram, sender, at, item.path("postback")));
                case "reaction" -> reaction(account, channel, instagram, sender, at, item.path("reaction"));
                case "message_edit" -> edit(account, channel, instagram, sender, at, item.path("message_edit"));
                case "referral" -> Optional.of(referral(account, channel, instagram, sender, at, item.path("referral")));
                default -> Optional.empty();
            };
            if (known.isPresent()) {
                return known;
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
        if (Json.flag(message, "is_deleted")) {
            // the customer unsent it: erase what we stored, never a new message
            return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, customer),
                    "unsend:" + mid, MessageKind.RETRACTION, Optional.of(channel + ".message.is_deleted"),
                    SocialAuthor.of(sender), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(), at,
                    Map.of(InboundMessage.TARGET_ID, mid)));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        if (echo) {
            Json.text(message, "app_id").ifPresent(app -> properties.put(InboundMessage.ORIGIN_APP, app));
        }
        Json.text(message.path("quick_reply"), "payload").ifPresent(p -> properties.put(InboundMessage.PAYLOAD, p));
        referralProperties(message.path("referral"), properties);
        List<MediaAttachment> attachments = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (JsonNode attachment : message.path("attachments")) {
            JsonNode payload = attachment.path("payload");
            String type = payload.has("sticker_id") ? "sticker" : Json.text(attachment, "type").orElse("file");
            Optional<String> url = Json.text(payload, "url");
            url.ifPresent(u -> attachments.add(new MediaAttachment(type, u)));
            describe(type, attachment, payload, url.isPresent()).ifPresent(described::add);
        }
        JsonNode story = message.path("reply_to").path("story");
        Json.text(story, "url").ifPresent(url -> attachments.add(new MediaAttachment("story", url)));
        String text = Json.text(message, "text")
                .orElseGet(() -> described.isEmpty() ? placeholder(message, attachments, story) : String.join("\n", described));
        return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, customer), mid,
                echo ? MessageKind.ECHO : MessageKind.MESSAGE, Optional.of(channel + ".message"),
                SocialAuthor.of(sender), text, attachments, MessageVisibility.PRIVATE,
                Json.text(message.path("reply_to"), "mid"), at, properties));
    }

    /**
     * Text for attachments that are not a file to show: a location, a shared post, an Instagram
     * story mention, a link without a preview.
     */
    private static Optional<String> describe(String type, JsonNode attachment, JsonNode payload, boolean hasUrl) {
        return switch (type) {
            case "location" -> {
                JsonNode c = payload.path("coordinates");
                String title = Json.text(attachment, "title").or(() -> Json.text(payload, "title")).orElse("Location");
                yield Optional.of("[" + title + (c.isObject() ? ": " + c.path("lat").asText() + ", "
                        + c.path("long").asText() : "") + "]");
            }
            case "story_mention" -> Optional.of("[mentioned you in their story]");
            case "share", "ig_reel", "reel", "fallback" -> Optional.of("[shared " + Json.text(attachment, "title")
                    .or(() -> Json.text(payload, "title")).orElse(type.equals("fallback") ? "a link" : "a post") + "]");
            default -> hasUrl ? Optional.empty() : Optional.of("[" + type + "]");
        };
    }

    /** A postback (a button tap): the customer "said" the button's title; the payload is kept for rules. */
    private InboundMessage postback(SocialAccount account, String channel, boolean instagram, String sender, Instant at,
            JsonNode postback) {
        String title = Json.text(postback, "title").orElse("[button]");
        Map<String, String> properties = new LinkedHashMap<>();
        Json.text(postback, "payload").ifPresent(p -> properties.put(InboundMessage.PAYLOAD, p));
        referralProperties(postback.path("referral"), properties);
        String id = Json.text(postback, "mid").orElseGet(() -> "postback:" + sender + ":" + at.toEpochMilli());
        return new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, sender), id,
                MessageKind.MESSAGE, Optional.of(channel + ".postback"), SocialAuthor.of(sender), title, List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), at, properties);
    }

    private Optional<InboundMessage> reaction(SocialAccount account, String channel, boolean instagram, String sender,
            Instant at, JsonNode reaction) {
        Optional<String> mid = Json.text(reaction, "mid");
        if (mid.isEmpty()) {
            return Optional.empty(); // falls through to UNSUPPORTED: counted, nothing to attach it to
        }
        String action = Json.text(reaction, "action").orElse("react");
        String emoji = Json.text(reaction, "emoji").or(() -> Json.text(reaction, "reaction")).orElse("");
        return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, sender),
                "reaction:" + mid.get() + ":" + sender + ":" + at.toEpochMilli(), MessageKind.REACTION,
                Optional.of(channel + ".reaction"), SocialAuthor.of(sender), emoji, List.of(), MessageVisibility.PRIVATE,
                Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, mid.get(), InboundMessage.REACTION, emoji,
                        InboundMessage.REACTION_ACTION, action)));
    }

    private Optional<InboundMessage> edit(SocialAccount account, String channel, boolean instagram, String sender,
            Instant at, JsonNode edit) {
        Optional<String> mid = Json.text(edit, "mid");
        if (mid.isEmpty()) {
            return Optional.empty();
        }
        String count = Json.text(edit, "num_edit").orElseGet(() -> Long.toString(at.toEpochMilli()));
        return Optional.of(new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, sender),
                "edit:" + mid.get() + ":" + count, MessageKind.EDIT, Optional.of(channel + ".message_edit"),
                SocialAuthor.of(sender), Json.text(edit, "text").orElse(""), List.of(), MessageVisibility.PRIVATE,
                Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, mid.get())));
    }

    private InboundMessage referral(SocialAccount account, String channel, boolean instagram, String sender, Instant at,
            JsonNode referral) {
        Map<String, String> properties = new LinkedHashMap<>();
        referralProperties(referral, properties);
        return new InboundMessage(PLATFORM, account.name(), channel, conversation(instagram, sender),
                "referral:" + sender + ":" + at.toEpochMilli(), MessageKind.REFERRAL, Optional.of(channel + ".referral"),
                SocialAuthor.of(sender), "", List.of(), MessageVisibility.PRIVATE, Optional.empty(), at, properties);
    }

    private static void referralProperties(JsonNode referral, Map<String, String> properties) {
        if (!referral.isObject()) {
            return;
        }
        Json.text(referral, "source").ifPresent(v -> properties.put(InboundMessage.REFERRAL_SOURCE, v));
        Json.text(referral, "type").ifPresent(v -> properties.put(InboundMessage.REFERRAL_TYPE, v));
        Json.text(referral, "ref").ifPresent(v -> properties.put(InboundMessage.REFERRAL_REF, v));
        Json.text(referral, "ad_id").ifPresent(v -> properties.put(InboundMessage.REFERRAL_AD_ID, v));
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
        if (instagram && (field.equals("comments") || field.equals("live_comments"))) {
            return instagramComment(account, ownId, entryTime, value);
        }
        if (instagram && field.equals("mentions")) {
            return instagramMention(account, ownId, entryTime, value);
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
        Instant at = time(Json.number(value, "created_time"));
        if (FEED_IGNORED_ITEMS.contains(item)) {
            String id = "feed." + item + ":" + Json.digest(value);
            return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", id, id, MessageKind.UNSUPPORTED,
                    Optional.of("feed." + item), SocialAuthor.of(pageId), "", List.of(), MessageVisibility.PUBLIC,
                    Optional.empty(), at));
        }
        JsonNode from = value.path("from");
        Optional<String> fromId = Json.text(from, "id");
        if (item.equals("comment")) {
            String commentId = Json.text(value, "comment_id")
                    .orElseThrow(() -> new MalformedEventException("a feed comment has no comment_id"));
            Optional<String> post = Json.text(value, "post_id");
            Optional<String> parent = Json.text(value, "parent_id");
            String thread = parent.filter(p -> !p.equals(post.orElse(""))).orElse(commentId);
            // Meta leaves out from for some commenters: an author of this one comment, never one shared "unknown"
            SocialAuthor who = fromId.isPresent()
                    ? new SocialAuthor(fromId.get(), Optional.empty(), Json.text(from, "name"), OptionalLong.empty(),
                            false, Optional.empty())
                    : new SocialAuthor("anonymous:" + commentId, Optional.empty(), Optional.of("Anonymous commenter"),
                            OptionalLong.empty(), false, Optional.empty());
            // without from, the comment's author is looked up by its id (MetaCommentAuthors) once it is stored
            Map<String, String> properties = fromId.isPresent() ? Map.of() : Map.of(InboundMessage.ANONYMOUS, "true",
                    InboundMessage.NEEDS_LOOKUP, "true", MetaCommentAuthors.COMMENT_ID, commentId);
            String conversation = "comment:" + thread;
            switch (verb) {
                case "add" -> {
                    MessageKind kind = fromId.filter(pageId::equals).isPresent() ? MessageKind.ECHO : MessageKind.COMMENT;
                    return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", conversation, commentId,
                            kind, Optional.of("feed.comment"), who, Json.text(value, "message").orElse(""),
                            photo(value), MessageVisibility.PUBLIC, parent.or(() -> post), at, properties));
                }
                case "edited", "edit", "update" -> {
                    String text = Json.text(value, "message").orElse("");
                    return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", conversation,
                            "edit:" + commentId + ":" + Json.digest(value), MessageKind.EDIT,
                            Optional.of("feed.comment.edited"), who, text, List.of(), MessageVisibility.PUBLIC,
                            Optional.empty(), at, Map.of(InboundMessage.TARGET_ID, commentId)));
                }
                case "remove", "delete" -> {
                    return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", conversation,
                            "remove:" + commentId, MessageKind.RETRACTION, Optional.of("feed.comment.remove"), who, "",
                            List.of(), MessageVisibility.PUBLIC, Optional.empty(), at,
                            Map.of(InboundMessage.TARGET_ID, commentId)));
                }
                default -> {
                    String id = "feed.comment." + verb + ":" + commentId + ":" + Json.digest(value);
                    return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", id, id,
                            MessageKind.UNSUPPORTED, Optional.of("feed.comment." + verb), who, "", List.of(),
                            MessageVisibility.PUBLIC, Optional.empty(), at));
                }
            }
        }
        String author = fromId.orElse(pageId);
        SocialAuthor who = new SocialAuthor(author, Optional.empty(), Json.text(from, "name"), OptionalLong.empty(),
                false, Optional.empty());
        MessageKind kind = author.equals(pageId) ? MessageKind.ECHO : MessageKind.COMMENT;
        if (!verb.equals("add")) {
            String id = "feed." + item + "." + verb + ":" + Json.digest(value);
            return Optional.of(new InboundMessage(PLATFORM, account.name(), "facebook", id, id, MessageKind.UNSUPPORTED,
                    Optional.of("feed." + item + "." + verb), who, "", List.of(), MessageVisibility.PUBLIC,
                    Optional.empty(), at));
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
        String author = Json.text(from, "id").orElse("anonymous:" + id);
        Optional<String> parent = Json.text(value, "parent_id");
        SocialAuthor who = new SocialAuthor(author, Json.text(from, "username"), Optional.empty(), OptionalLong.empty(),
                false, Optional.empty());
        MessageKind kind = author.equals(ownId) ? MessageKind.ECHO : MessageKind.COMMENT;
        return Optional.of(new InboundMessage(PLATFORM, account.name(), "instagram", "igcomment:" + parent.orElse(id), id,
                kind, Optional.of("instagram.comments"), who, Json.text(value, "text").orElse(""), List.of(),
                MessageVisibility.PUBLIC, parent.or(() -> Json.text(value.path("media"), "id")), entryTime));
    }

    /**
     * An Instagram {@code mentions} change carries only ids ({@code media_id}, and {@code comment_id}
     * for a mention in a comment): a public ticket with a placeholder the agent can open on
     * Instagram, marked {@link InboundMessage#NEEDS_LOOKUP} with the ids {@link MetaMentions} looks
     * up ({@code mention.igUserId}: the Instagram account mentioned, {@code entry[].id}).
     */
    private Optional<InboundMessage> instagramMention(SocialAccount account, String igUserId, Instant entryTime,
            JsonNode value) {
        Optional<String> media = Json.text(value, "media_id");
        Optional<String> comment = Json.text(value, "comment_id");
        String id = comment.or(() -> media)
                .orElseThrow(() -> new MalformedEventException("an Instagram mention has neither media_id nor comment_id"));
        String text = comment.isPresent() ? "[mentioned you in a comment on media " + media.orElse("?") + "]"
                : "[mentioned you in the caption of media " + id + "]";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(InboundMessage.NEEDS_LOOKUP, "true");
        properties.put(MetaMentions.IG_USER_ID, igUserId);
        media.ifPresent(m -> properties.put(MetaMentions.MEDIA_ID, m));
        comment.ifPresent(c -> properties.put(MetaMentions.COMMENT_ID, c));
        return Optional.of(new InboundMessage(PLATFORM, account.name(), "instagram", "igmention:" + id, "mention:" + id,
                MessageKind.COMMENT, Optional.of("instagram.mentions"), SocialAuthor.of("mention:" + id), text,
                List.of(), MessageVisibility.PUBLIC, comment.isPresent() ? media : Optional.empty(), entryTime,
                properties));
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
