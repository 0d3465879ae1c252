package dev.parley.social.sandbox.internal.customer;

import java.util.Locale;
import java.util.Optional;

import dev.parley.social.sandbox.internal.wire.Platform;

/**
 * What a fake customer writes: the body of {@code POST /sandbox/api/customer-posts}. Optional
 * author fields fall back to a stable default customer; ids not given are derived from the handle
 * so one handle is one person across posts.
 *
 * @param kind on X {@code mention}, {@code dm}, and the account's own {@code native_dm} (sent from X's
 *        app), {@code delete} (of tweet inReplyTo), {@code favorite}, {@code retweet}; on Meta {@code dm},
 *        {@code comment}, {@code comment_without_from} (its webhook leaves out {@code from}, as Meta does for
 *        some commenters; the Graph API's comment node still names the author), {@code instagram_dm}, {@code postback}, {@code quick_reply}, {@code reaction},
 *        {@code unsend}, {@code edit} (of message inReplyTo), {@code standby}, {@code referral},
 *        {@code native_echo} (the Page answering from Meta Business Suite), {@code instagram_mention} (in a
 *        comment), {@code instagram_caption_mention},
 *        {@code story_mention}; on WhatsApp {@code text}, {@code image}, {@code audio}, {@code video},
 *        {@code document}, {@code sticker}, {@code location}, {@code contacts}, {@code button_reply},
 *        {@code list_reply}, {@code button} (a template quick reply), {@code reaction} (to inReplyTo),
 *        {@code unsupported}, {@code system} (the customer changed number: to payload, else a derived one),
 *        {@code order} (payload: a product id; text: the note), {@code flow} (a completed Flow, nfm_reply),
 *        {@code referral} (a text from a click-to-WhatsApp ad), {@code forwarded} (frequently forwarded),
 *        {@code new_type} (a type the API may add later), {@code request_welcome}, {@code group} (a text in
 *        group payload), {@code username} (a customer known only by a business-scoped user id),
 *        {@code app_echo} (the number answering from the WhatsApp Business app), {@code template_status}
 *        (template payload approved, or text as its event), {@code errors} (value.errors: 130429),
 *        {@code malformed} (a delivery whose first message has no id, the text in a second one);
 *        inReplyTo on the others is the message they quote;
 *        on Telegram {@code message} (private chat, may attach a file: image as a
 *        photo, file as a document, audio as a voice note, video), {@code sticker}, {@code group_mention},
 *        {@code group_reply} (to the bot's group message inReplyTo), {@code group_chatter} (not for the
 *        bot), {@code edit} (of message inReplyTo), {@code button} (a tap: payload, text is its label),
 *        {@code block}, {@code unblock}; and every other update kind the Bot API sends (see TelegramSimulation):
 *        {@code basic_group_mention}, {@code group_upgrade}, {@code group_album}, {@code topic_mention} (payload:
 *        the topic), {@code text_mention}, {@code caption_mention}, {@code anonymous_admin},
 *        {@code business_message}, {@code business_owner}, {@code business_delete} (of inReplyTo),
 *        {@code business_connection}, {@code reaction} / {@code unreaction} (on inReplyTo; payload: the emoji),
 *        {@code inline_button}, {@code service}, {@code channel_post}, {@code bot_removed}, {@code unknown_update}
 * @param inReplyTo the tweet id a mention replies to, the post/comment id a comment answers, or the
 *        message a reaction, unsend, edit, delete, favorite or retweet is about
 * @param receivesYourDm X only: the author accepts DMs from accounts it does not follow
 * @param to the X user id or Page id written to, when the app has several (default: its first)
 * @param payload a postback's or quick reply's payload, a referral's ref
 * @param attachment Meta DMs and X DMs: a file the sandbox serves with real bytes ({@link SandboxMedia#NAMES};
 *        on X from its ton.twitter.com stand-in, to OAuth 1.0a signed requests only), or on Meta any
 *        absolute URL (to see which hosts the connector refuses to fetch)
 * @param attachmentType the platform's word for it: image (default), video, audio or file
 */
public record CustomerPost(String platform, String account, String kind, String authorId, String authorHandle,
        String authorName, Integer followers, Boolean verified, String text, String inReplyTo,
        Boolean receivesYourDm, String to, String payload, String attachment, String attachmentType) {

    public static final int MAX_TEXT = 10_000;

    /** A post to the app's first account, without a payload or an attachment. */
    public CustomerPost(String platform, String account, String kind, String authorId, String authorHandle,
            String authorName, Integer followers, Boolean verified, String text, String inReplyTo,
            Boolean receivesYourDm) {
        this(platform, account, kind, authorId, authorHandle, authorName, followers, verified, text, inReplyTo,
                receivesYourDm, null, null, null, null);
    }

    /** The checked, defaulted form; throws {@link InvalidFieldException} naming the first bad field. */
    public Validated validate() {
        Platform target = Platform.of(require("platform", platform).toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidFieldException("platform",
                        "platform '" + platform + "' is not simulated; use x, meta, whatsapp or telegram"));
        Kind parsed = Kind.of(target, require("kind", kind));
        String body = parsed.needsText() ? require("text", text) : Optional.ofNullable(text).orElse("");
        if (parsed.needsTarget() && (inReplyTo == null || inReplyTo.isBlank())) {
            throw new InvalidFieldException("inReplyTo", "kind " + parsed.key() + " needs inReplyTo: the id of the "
                    + "message or tweet it is about");
        }
        if (body.length() > MAX_TEXT) {
            throw new InvalidFieldException("text", "text has " + body.length() + " characters; at most " + MAX_TEXT);
        }
        String handle = Optional.ofNullable(authorHandle).map(String::strip).filter(h -> !h.isEmpty())
                .map(h -> h.startsWith("@") ? h.substring(1) : h).orElse("sandbox_customer");
        if (!handle.matches("[A-Za-z0-9_.]{1,30}")) {
            throw new InvalidFieldException("authorHandle",
                    "authorHandle '" + authorHandle + "' must be 1-30 letters, digits, '_' or '.'");
        }
        if (authorId != null && !authorId.matches("[0-9]{1,19}")) {
            throw new InvalidFieldException("authorId", "authorId '" + authorId + "' must be a numeric id");
        }
        if (followers != null && followers < 0) {
            throw new InvalidFieldException("followers", "followers must not be negative");
        }
        if (inReplyTo != null && inReplyTo.isBlank()) {
            throw new InvalidFieldException("inReplyTo", "inReplyTo must be an id or absent");
        }
        String name = Optional.ofNullable(authorName).filter(n -> !n.isBlank()).orElse(handle);
        Optional<String> file = Optional.ofNullable(attachment).map(String::strip).filter(a -> !a.isEmpty());
        if (file.isPresent() && !SandboxMedia.NAMES.contains(file.get()) && !file.get().matches("(?i)https?://\\S+")) {
            throw new InvalidFieldException("attachment", "attachment '" + file.get() + "' is neither one of "
                    + SandboxMedia.NAMES + " nor an http(s) URL");
        }
        if (file.isPresent() && parsed != Kind.MESSENGER_DM && parsed != Kind.INSTAGRAM_DM && parsed != Kind.X_DM
                && !Kind.WA_MEDIA.contains(parsed) && parsed != Kind.TELEGRAM_MESSAGE) {
            throw new InvalidFieldException("attachment", "the sandbox attaches files to Meta, X and Telegram DMs and "
                    + "WhatsApp media only");
        }
        if (file.isPresent() && parsed == Kind.TELEGRAM_MESSAGE && !SandboxMedia.NAMES.contains(file.get())) {
            throw new InvalidFieldException("attachment", "a Telegram message attaches one of " + SandboxMedia.NAMES
                    + " (served through getFile)");
        }
        if (file.isPresent() && parsed == Kind.X_DM && !SandboxMedia.NAMES.contains(file.get())) {
            throw new InvalidFieldException("attachment", "an X DM attaches one of " + SandboxMedia.NAMES
                    + " (served as ton.twitter.com serves DM media)");
        }
        String type = Optional.ofNullable(attachmentType).map(String::strip).filter(t -> !t.isEmpty()).orElse("image");
        if (!type.matches("image|video|audio|file")) {
            throw new InvalidFieldException("attachmentType", "attachmentType must be image, video, audio or file");
        }
        return new Validated(target, Optional.ofNullable(account).filter(a -> !a.isBlank()), parsed,
                Optional.ofNullable(authorId), handle, name, followers == null ? 42 : followers,
                Boolean.TRUE.equals(verified), body, Optional.ofNullable(inReplyTo).map(String::strip),
                Boolean.TRUE.equals(receivesYourDm), Optional.ofNullable(to).map(String::strip).filter(t -> !t.isEmpty()),
                Optional.ofNullable(payload).filter(p -> !p.isBlank()), file, type);
    }

    private static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, field + " is required");
        }
        return value.strip();
    }

    /** The kinds of customer activity per platform. */
    public enum Kind {
        MENTION(Platform.X, "mention"), X_DM(Platform.X, "dm"),
        X_NATIVE_DM(Platform.X, "native_dm"), X_DELETE(Platform.X, "delete", false, true),
        X_FAVORITE(Platform.X, "favorite", false, false), X_RETWEET(Platform.X, "retweet", false, false),
        MESSENGER_DM(Platform.META, "dm"), COMMENT(Platform.META, "comment"),
        COMMENT_WITHOUT_FROM(Platform.META, "comment_without_from"),
        INSTAGRAM_DM(Platform.META, "instagram_dm"), POSTBACK(Platform.META, "postback"),
        QUICK_REPLY(Platform.META, "quick_reply"), REACTION(Platform.META, "reaction", false, true),
        UNSEND(Platform.META, "unsend", false, true), EDIT(Platform.META, "edit", true, true),
        STANDBY(Platform.META, "standby"), REFERRAL(Platform.META, "referral", false, false),
        NATIVE_ECHO(Platform.META, "native_echo"), INSTAGRAM_MENTION(Platform.META, "instagram_mention", false, false),
        INSTAGRAM_CAPTION_MENTION(Platform.META, "instagram_caption_mention", false, false),
        STORY_MENTION(Platform.META, "story_mention", false, false),
        WA_TEXT(Platform.WHATSAPP, "text"), WA_IMAGE(Platform.WHATSAPP, "image", false, false),
        WA_AUDIO(Platform.WHATSAPP, "audio", false, false), WA_VIDEO(Platform.WHATSAPP, "video", false, false),
        WA_DOCUMENT(Platform.WHATSAPP, "document", false, false), WA_STICKER(Platform.WHATSAPP, "sticker", false, false),
        WA_LOCATION(Platform.WHATSAPP, "location", false, false), WA_CONTACTS(Platform.WHATSAPP, "contacts", false, false),
        WA_BUTTON_REPLY(Platform.WHATSAPP, "button_reply"), WA_LIST_REPLY(Platform.WHATSAPP, "list_reply"),
        WA_BUTTON(Platform.WHATSAPP, "button"), WA_REACTION(Platform.WHATSAPP, "reaction", false, true),
        WA_UNSUPPORTED(Platform.WHATSAPP, "unsupported", false, false), WA_SYSTEM(Platform.WHATSAPP, "system", false, false),
        WA_ORDER(Platform.WHATSAPP, "order", false, false), WA_FLOW(Platform.WHATSAPP, "flow", false, false),
        WA_AD_REFERRAL(Platform.WHATSAPP, "referral"), WA_FORWARDED(Platform.WHATSAPP, "forwarded"),
        WA_NEW_TYPE(Platform.WHATSAPP, "new_type", false, false),
        WA_REQUEST_WELCOME(Platform.WHATSAPP, "request_welcome", false, false), WA_GROUP(Platform.WHATSAPP, "group"),
        WA_USERNAME(Platform.WHATSAPP, "username"), WA_APP_ECHO(Platform.WHATSAPP, "app_echo"),
        WA_TEMPLATE_STATUS(Platform.WHATSAPP, "template_status", false, false),
        WA_ERRORS(Platform.WHATSAPP, "errors", false, false), WA_MALFORMED(Platform.WHATSAPP, "malformed"),
        TELEGRAM_MESSAGE(Platform.TELEGRAM, "message"), TELEGRAM_STICKER(Platform.TELEGRAM, "sticker", false, false),
        TELEGRAM_GROUP_MENTION(Platform.TELEGRAM, "group_mention"),
        TELEGRAM_GROUP_REPLY(Platform.TELEGRAM, "group_reply", true, true),
        TELEGRAM_GROUP_CHATTER(Platform.TELEGRAM, "group_chatter"), TELEGRAM_EDIT(Platform.TELEGRAM, "edit", true, true),
        TELEGRAM_BUTTON(Platform.TELEGRAM, "button", false, false), TELEGRAM_BLOCK(Platform.TELEGRAM, "block", false, false),
        TELEGRAM_UNBLOCK(Platform.TELEGRAM, "unblock", false, false),
        TELEGRAM_BASIC_GROUP_MENTION(Platform.TELEGRAM, "basic_group_mention"),
        TELEGRAM_GROUP_UPGRADE(Platform.TELEGRAM, "group_upgrade", false, false),
        TELEGRAM_GROUP_ALBUM(Platform.TELEGRAM, "group_album"), TELEGRAM_TOPIC_MENTION(Platform.TELEGRAM, "topic_mention"),
        TELEGRAM_TEXT_MENTION(Platform.TELEGRAM, "text_mention"), TELEGRAM_CAPTION_MENTION(Platform.TELEGRAM, "caption_mention"),
        TELEGRAM_ANONYMOUS_ADMIN(Platform.TELEGRAM, "anonymous_admin"),
        TELEGRAM_BUSINESS_MESSAGE(Platform.TELEGRAM, "business_message"),
        TELEGRAM_BUSINESS_OWNER(Platform.TELEGRAM, "business_owner"),
        TELEGRAM_BUSINESS_DELETE(Platform.TELEGRAM, "business_delete", false, true),
        TELEGRAM_BUSINESS_CONNECTION(Platform.TELEGRAM, "business_connection", false, false),
        TELEGRAM_REACTION(Platform.TELEGRAM, "reaction", false, true),
        TELEGRAM_UNREACTION(Platform.TELEGRAM, "unreaction", false, true),
        TELEGRAM_INLINE_BUTTON(Platform.TELEGRAM, "inline_button", false, false),
        TELEGRAM_SERVICE(Platform.TELEGRAM, "service", false, false),
        TELEGRAM_CHANNEL_POST(Platform.TELEGRAM, "channel_post"),
        TELEGRAM_BOT_REMOVED(Platform.TELEGRAM, "bot_removed", false, false),
        TELEGRAM_UNKNOWN(Platform.TELEGRAM, "unknown_update", false, false);

        /** The WhatsApp kinds that carry a media file. */
        public static final java.util.Set<Kind> WA_MEDIA = java.util.EnumSet.of(WA_IMAGE, WA_AUDIO, WA_VIDEO, WA_DOCUMENT,
                WA_STICKER);

        private final Platform platform;
        private final String key;
        private final boolean needsText;
        private final boolean needsTarget;

        Kind(Platform platform, String key) {
            this(platform, key, true, false);
        }

        Kind(Platform platform, String key, boolean needsText, boolean needsTarget) {
            this.platform = platform;
            this.key = key;
            this.needsText = needsText;
            this.needsTarget = needsTarget;
        }

        public String key() {
            return key;
        }

        boolean needsText() {
            return needsText;
        }

        boolean needsTarget() {
            return needsTarget;
        }

        public static Kind of(Platform platform, String key) {
            for (Kind k : values()) {
                if (k.platform == platform && k.key.equalsIgnoreCase(key)) {
                    return k;
                }
            }
            throw new InvalidFieldException("kind", "kind '" + key + "' does not exist on " + platform.key()
                    + "; use one of " + java.util.Arrays.stream(values()).filter(k -> k.platform == platform)
                            .map(Kind::key).toList());
        }
    }

    /** A post after validation, with defaults applied. */
    public record Validated(Platform platform, Optional<String> account, Kind kind, Optional<String> authorId,
            String authorHandle, String authorName, int followers, boolean verified, String text,
            Optional<String> inReplyTo, boolean receivesYourDm, Optional<String> to, Optional<String> payload,
            Optional<String> attachment, String attachmentType) {

        public Validated(Platform platform, Optional<String> account, Kind kind, Optional<String> authorId,
                String authorHandle, String authorName, int followers, boolean verified, String text,
                Optional<String> inReplyTo, boolean receivesYourDm) {
            this(platform, account, kind, authorId, authorHandle, authorName, followers, verified, text, inReplyTo,
                    receivesYourDm, Optional.empty(), Optional.empty(), Optional.empty(), "image");
        }
    }
}
