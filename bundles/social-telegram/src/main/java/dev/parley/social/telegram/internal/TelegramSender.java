package dev.parley.social.telegram.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.MediaContent;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * Replies with {@code sendMessage}: to the chat of the conversation ({@link ChatAddress}), into its
 * forum topic ({@code message_thread_id}) and through its business connection ({@code
 * business_connection_id}) when it has them, as a reply ({@code reply_parameters.message_id}) to the
 * message answered when there is one in that chat (a group mention). A group upgraded to a supergroup
 * is answered in the supergroup ({@link ChatMigrations}); a send that learns of the upgrade from
 * Telegram's 400 with {@code parameters.migrate_to_chat_id} is sent again there at once.
 * A file of Parley's attachment store is uploaded with it ({@code sendPhoto} for a JPEG or PNG photo
 * up to 10 MB, {@code sendDocument} for any other file up to 50 MB, the text as the caption; {@link
 * TelegramMedia}); other attachments go out as links in the text. A text over 4,096 characters (a
 * caption over 1,024), or no text at all, is refused before anything is sent. Sends are paced to
 * Telegram's limits ({@link SendPacing}): a wait of up to {@link #MAX_INLINE_WAIT} is taken on the
 * outbox's thread, a longer one becomes a RETRY at that time, as does a 429 at its {@code retry_after}.
 * A blocked bot (403) is REFUSED with Telegram's reason; a refused token (401) is AUTH_FAILED.
 */
final class TelegramSender {

    static final Duration MAX_INLINE_WAIT = Duration.ofMillis(1_500);
    /** sendMessage's limit: 1-4096 characters after entities parsing. */
    static final int TEXT_MAX = 4_096;

    private final TelegramBotApi api;
    private final SendPacing pacing;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ChatMigrations migrations;

    /** Waits on the calling thread (tests pass one that only records). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    TelegramSender(TelegramBotApi api, Clock clock, Sleeper sleeper) {
        this(api, clock, sleeper, new ChatMigrations(Optional.empty()));
    }

    TelegramSender(TelegramBotApi api, Clock clock, Sleeper sleeper, ChatMigrations migrations) {
        this.api = api;
        this.pacing = new SendPacing(clock);
        this.clock = clock;
        this.sleeper = sleeper;
        this.migrations = migrations;
    }

    SendResult send(SocialAccount account, OutboundMessage message) {
        String key = message.conversationKey().isBlank() ? message.recipientId() : message.conversationKey();
        Optional<ChatAddress> parsed = ChatAddress.parse(key);
        if (parsed.isEmpty()) {
            return SendResult.refused("no Telegram chat to send to (conversation '" + message.conversationKey() + "')");
        }
        ChatAddress address = parsed.get().withChat(migrations.current(parsed.get().chat()));
        Optional<MediaContent> file = message.attachments().size() == 1 ? message.attachments().get(0).content()
                : Optional.empty();
        Optional<TelegramMedia.Method> upload = file.map(f -> TelegramMedia.method(f.mediaType(), f.size()));
        String text = upload.isPresent() ? message.text() : message.textWithLinks();
        int length = text.codePointCount(0, text.length());
        if (upload.isPresent() && length > TelegramMedia.CAPTION_MAX) {
            return SendResult.refused("Telegram takes a caption of at most " + TelegramMedia.CAPTION_MAX
                    + " characters with a file (this one has " + length + "): send the text as its own reply");
        }
        if (upload.isEmpty() && length > TEXT_MAX) {
            return SendResult.refused("Telegram takes a message of at most " + TEXT_MAX + " characters (this one has "
                    + length + (text.length() > message.text().length() ? " with its attachments' links" : "")
                    + "): shorten it or send it in parts");
        }
        if (upload.isEmpty() && text.isBlank()) {
            return SendResult.refused("Telegram sends no empty message: write a text or attach a file");
        }
        return sendTo(account, message, address, upload, file, text, true);
    }

    private SendResult sendTo(SocialAccount account, OutboundMessage message, ChatAddress address,
            Optional<TelegramMedia.Method> upload, Optional<MediaContent> file, String text, boolean mayFollow) {
        String chat = address.chat();
        Duration wait = pacing.reserve(account.accountId(), chat);
        if (wait.compareTo(MAX_INLINE_WAIT) > 0) {
            return SendResult.retry("paced to Telegram's limits (1 message a second per chat, 30 per bot)",
                    Optional.of(clock.instant().plus(wait)));
        }
        if (!wait.isZero() && !wait.isNegative()) {
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return SendResult.retry("interrupted while pacing", Optional.empty());
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("chat_id", Long.parseLong(chat));
        address.topic().ifPresent(topic -> body.put("message_thread_id", topic));
        address.businessConnection().ifPresent(c -> body.put("business_connection_id", c));
        if (upload.isPresent()) {
            if (!text.isBlank()) {
                body.put("caption", text);
            }
        } else {
            body.put("text", text);
        }
        // a message id means something in its own chat only: no quote of a message the group had before its upgrade
        message.inReplyToId().filter(id -> id.startsWith(chat + ":")).flatMap(TelegramSender::messageIdIn)
                .ifPresent(id -> body.putObject("reply_parameters").put("message_id", id)
                        .put("allow_sending_without_reply", true));
        String method = upload.map(TelegramMedia.Method::name).orElse("sendMessage");
        TelegramBotApi.Answer answer;
        try {
            answer = upload.isPresent() ? api.upload(account, method, body, upload.get().field(), file.get())
                    : api.call(account, method, body);
        } catch (IOException e) {
            return api.mayHaveArrived(e) ? SendResult.unknown("no answer from Telegram: " + e.getMessage())
                    : SendResult.retry("Telegram could not be reached: " + e.getMessage(), Optional.empty());
        } catch (IllegalStateException e) {
            return SendResult.authFailed(e.getMessage());
        }
        if (answer.ok()) {
            return answer.result().path("message_id").canConvertToLong()
                    ? SendResult.sent(chat + ":" + answer.result().path("message_id").asText())
                    : SendResult.unknown("Telegram accepted the message but returned no message_id");
        }
        String reason = answer.reason(method);
        if (answer.migrateTo().isPresent()) {
            String supergroup = Long.toString(answer.migrateTo().getAsLong());
            migrations.learn(chat, supergroup);
            // the group is gone and nothing was posted in it: the same reply goes to the supergroup it became
            return mayFollow && !supergroup.equals(chat)
                    ? sendTo(account, message, address.withChat(supergroup), upload, file, text, false)
                    : SendResult.refused(reason);
        }
        if (answer.errorCode() == 429) {
            Instant until = clock.instant().plusSeconds(answer.retryAfter().orElse(5));
            pacing.holdChat(account.accountId(), chat, until);
            return SendResult.retry(reason, Optional.of(until));
        }
        if (answer.errorCode() == 401 || answer.errorCode() == 404 && answer.description().contains("Not Found")
                && !answer.description().toLowerCase(Locale.ROOT).contains("chat")) {
            return SendResult.authFailed(reason); // Telegram answers an unknown token 401 (or 404 on its method URL)
        }
        if (answer.errorCode() == 403) {
            String blocked = answer.description().toLowerCase(Locale.ROOT).contains("blocked")
                    ? "; the customer blocked the bot, so Telegram delivers nothing to them until they allow it again"
                    : "";
            return SendResult.refused(reason + blocked);
        }
        return answer.errorCode() >= 500 || answer.status() >= 500 ? SendResult.retry(reason, Optional.empty())
                : SendResult.refused(reason);
    }

    /** The Telegram message id in one of our external ids ({@code <chat>:<message id>}). */
    static Optional<Long> messageIdIn(String externalId) {
        if (!externalId.matches("-?[0-9]{1,20}:[0-9]{1,19}")) {
            return Optional.empty(); // a button tap ("callback:…") or an update ("update:…") is no message to quote
        }
        try {
            return Optional.of(Long.parseLong(externalId.substring(externalId.lastIndexOf(':') + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
