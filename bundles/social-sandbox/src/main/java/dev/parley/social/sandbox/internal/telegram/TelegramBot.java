package dev.parley.social.sandbox.internal.telegram;

import java.util.Objects;

/**
 * The simulated Telegram bot: the connector account its webhooks go to, its id and username, the
 * token every Bot API call carries in its URL ({@code <id>:<secret>}), the secret_token its webhook
 * sends, and the group its customers mention it in.
 */
public record TelegramBot(String account, String botId, String username, String firstName, String token,
        String secretToken, String groupId, String groupTitle) {

    public TelegramBot {
        Objects.requireNonNull(account, "account");
        if (!token.startsWith(botId + ":")) {
            throw new IllegalArgumentException("telegramBotToken must start with the bot id and ':' ("
                    + botId + ":...)");
        }
        if (!groupId.matches("-[0-9]+")) {
            throw new IllegalArgumentException("telegramGroupId is a group's chat id: negative (-100...)");
        }
    }
}
