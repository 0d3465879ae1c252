package dev.parley.social.telegram.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Telegram's flood limits as the Bot API FAQ states them: about one message a second in one chat
 * and 30 a second across all chats of a bot. {@link #reserve} books the next slot for a send and
 * says how long to wait for it; a bot over its limits gets 429s with {@code retry_after}, which the
 * sender honours as well. One instance per platform component, so per bot token.
 */
final class SendPacing {

    static final Duration PER_CHAT = Duration.ofSeconds(1);
    static final int PER_BOT_PER_SECOND = 30;
    private static final int MAX_CHATS = 10_000;

    private final Clock clock;
    private final Map<String, Instant> nextInChat = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_CHATS;
        }
    };
    private final Map<String, Deque<Instant>> recentPerBot = new LinkedHashMap<>();

    SendPacing(Clock clock) {
        this.clock = clock;
    }

    /** Books a slot for a message from {@code bot} to {@code chat}; returns how long to wait until it. */
    synchronized Duration reserve(String bot, String chat) {
        Instant now = clock.instant();
        Instant at = now;
        Instant chatFree = nextInChat.get(bot + '\n' + chat);
        if (chatFree != null && chatFree.isAfter(at)) {
            at = chatFree;
        }
        Deque<Instant> recent = recentPerBot.computeIfAbsent(bot, b -> new ArrayDeque<>());
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(at.minusSeconds(1))) {
            recent.removeFirst();
        }
        if (recent.size() >= PER_BOT_PER_SECOND) {
            Instant windowFree = recent.peekFirst().plusSeconds(1);
            if (windowFree.isAfter(at)) {
                at = windowFree;
            }
        }
        recent.addLast(at);
        nextInChat.put(bot + '\n' + chat, at.plus(PER_CHAT));
        return Duration.between(now, at);
    }

    /** Telegram asked to wait: nothing more goes to that chat before {@code until}. */
    synchronized void holdChat(String bot, String chat, Instant until) {
        nextInChat.merge(bot + '\n' + chat, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
