package dev.parley.social.telegram.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a conversation lives on Telegram, as its conversation key names it:
 * {@code <chat>[#<topic>][:<author>][@<business connection>]}. A private chat is {@code <chat>};
 * a group keeps each customer's exchange with the bot apart ({@code <chat>:<user>}), within its
 * forum topic when the group is a forum ({@code <chat>#<message_thread_id>:<user>}), so a reply
 * goes back into that topic; a chat of a connected business account is answered through that
 * connection ({@code <chat>@<business_connection_id>}). Telegram's ids exceed 32 bits, and a
 * group's is negative.
 */
record ChatAddress(String chat, Optional<Long> topic, Optional<String> author, Optional<String> businessConnection) {

    private static final Pattern KEY = Pattern.compile(
            "(-?[0-9]{1,20})(?:#([0-9]{1,19}))?(?::(-?[0-9]{1,20}))?(?:@([^\\s]{1,256}))?");

    static ChatAddress privateChat(String chat) {
        return new ChatAddress(chat, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The address a conversation key names, if it is one of this plugin's keys. */
    static Optional<ChatAddress> parse(String key) {
        Matcher m = KEY.matcher(key == null ? "" : key.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ChatAddress(m.group(1), Optional.ofNullable(m.group(2)).map(Long::parseLong),
                    Optional.ofNullable(m.group(3)), Optional.ofNullable(m.group(4))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String key() {
        return chat + topic.map(t -> "#" + t).orElse("") + author.map(a -> ":" + a).orElse("")
                + businessConnection.map(c -> "@" + c).orElse("");
    }

    ChatAddress withChat(String other) {
        return new ChatAddress(other, topic, author, businessConnection);
    }
}
