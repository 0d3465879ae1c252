package dev.parley.social.sandbox.internal.customer;

import java.util.Locale;
import java.util.Optional;

import dev.parley.social.sandbox.internal.wire.Platform;

/**
 * What a fake customer writes: the body of {@code POST /sandbox/api/customer-posts}. Optional
 * author fields fall back to a stable default customer; ids not given are derived from the handle
 * so one handle is one person across posts.
 *
 * @param kind {@code mention} or {@code dm} on X; {@code dm}, {@code comment} or
 *        {@code instagram_dm} on Meta
 * @param inReplyTo the tweet id a mention replies to, or the post/comment id a comment answers
 * @param receivesYourDm X only: the author accepts DMs from accounts it does not follow
 * @param attachment Meta DMs only: a file the sandbox serves with real bytes ({@link SandboxMedia#NAMES}),
 *        or any absolute URL (to see which hosts the connector refuses to fetch)
 * @param attachmentType the platform's word for it: image (default), video, audio or file
 */
public record CustomerPost(String platform, String account, String kind, String authorId, String authorHandle,
        String authorName, Integer followers, Boolean verified, String text, String inReplyTo,
        Boolean receivesYourDm, String attachment, String attachmentType) {

    public static final int MAX_TEXT = 10_000;

    public CustomerPost(String platform, String account, String kind, String authorId, String authorHandle,
            String authorName, Integer followers, Boolean verified, String text, String inReplyTo,
            Boolean receivesYourDm) {
        this(platform, account, kind, authorId, authorHandle, authorName, followers, verified, text, inReplyTo,
                receivesYourDm, null, null);
    }

    /** The checked, defaulted form; throws {@link InvalidFieldException} naming the first bad field. */
    public Validated validate() {
        Platform target = Platform.of(require("platform", platform).toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidFieldException("platform",
                        "platform '" + platform + "' is not simulated; use x or meta"));
        Kind parsed = Kind.of(target, require("kind", kind));
        String body = require("text", text);
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
        if (file.isPresent() && parsed != Kind.MESSENGER_DM && parsed != Kind.INSTAGRAM_DM) {
            throw new InvalidFieldException("attachment", "the sandbox attaches files to Meta DMs only");
        }
        String type = Optional.ofNullable(attachmentType).map(String::strip).filter(t -> !t.isEmpty()).orElse("image");
        if (!type.matches("image|video|audio|file")) {
            throw new InvalidFieldException("attachmentType", "attachmentType must be image, video, audio or file");
        }
        return new Validated(target, Optional.ofNullable(account).filter(a -> !a.isBlank()), parsed,
                Optional.ofNullable(authorId), handle, name, followers == null ? 42 : followers,
                Boolean.TRUE.equals(verified), body, Optional.ofNullable(inReplyTo).map(String::strip),
                Boolean.TRUE.equals(receivesYourDm), file, type);
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
        MESSENGER_DM(Platform.META, "dm"), COMMENT(Platform.META, "comment"),
        INSTAGRAM_DM(Platform.META, "instagram_dm");

        private final Platform platform;
        private final String key;

        Kind(Platform platform, String key) {
            this.platform = platform;
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Kind of(Platform platform, String key) {
            for (Kind k : values()) {
                if (k.platform == platform && k.key.equalsIgnoreCase(key)) {
                    return k;
                }
            }
            throw new InvalidFieldException("kind", "kind '" + key + "' does not exist on " + platform.key()
                    + "; use " + (platform == Platform.X ? "mention or dm" : "dm, comment or instagram_dm"));
        }
    }

    /** A post after validation, with defaults applied. */
    public record Validated(Platform platform, Optional<String> account, Kind kind, Optional<String> authorId,
            String authorHandle, String authorName, int followers, boolean verified, String text,
            Optional<String> inReplyTo, boolean receivesYourDm, Optional<String> attachment, String attachmentType) {

        public Validated(Platform platform, Optional<String> account, Kind kind, Optional<String> authorId,
                String authorHandle, String authorName, int followers, boolean verified, String text,
                Optional<String> inReplyTo, boolean receivesYourDm) {
            this(platform, account, kind, authorId, authorHandle, authorName, followers, verified, text, inReplyTo,
                    receivesYourDm, Optional.empty(), "image");
        }
    }
}
