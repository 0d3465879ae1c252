package dev.parley.itests.chat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialAuthor;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;

/**
 * "Acme Chat", a third platform that exists only for tests, packed by the test into a bundle of
 * its own: webhooks carry {@code X-Chat-Token} (the account's verify token) and a body {@code
 * {"id":"…","from":"…","text":"…"}}; sends are kept in memory and listed by the activator's
 * {@code Supplier} service. It proves a platform plugs in through social-api alone.
 */
public final class ChatPlatform implements SocialPlatform {

    private static final Pattern FIELD = Pattern.compile("\"(id|from|text)\"\\s*:\\s*\"([^\"]*)\"");

    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
        return WebhookReply.of(200, "text/plain", "ok");
    }

    @Override
    public boolean verify(SocialAccount account, WebhookRequest request) {
        return account.verifyToken().isPresent() && request.header("X-Chat-Token").equals(account.verifyToken());
    }

    @Override
    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        String id = null;
        String from = null;
        String text = null;
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            switch (m.group(1)) {
                case "id" -> id = m.group(2);
                case "from" -> from = m.group(2);
                default -> text = m.group(2);
            }
        }
        if (id == null || from == null || text == null) {
            throw new MalformedEventException("an Acme Chat event needs id, from and text");
        }
        return List.of(new InboundMessage("acmechat", account.name(), "acmechat", "chat:" + from, id,
                MessageKind.MESSAGE, Optional.of("chat.message"), SocialAuthor.of(from), text, List.of(),
                MessageVisibility.PRIVATE, Optional.empty(), Instant.now()));
    }

    @Override
    public SendResult send(SocialAccount account, OutboundMessage message) {
        sent.add(message.recipientId() + ":" + message.text());
        return SendResult.sent("chat-out-" + sent.size());
    }
}
