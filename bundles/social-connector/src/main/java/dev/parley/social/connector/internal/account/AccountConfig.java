package dev.parley.social.connector.internal.account;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One social account, a factory configuration: {@code <home>/etc/dev.parley.social.account-<name>.cfg}.
 * Added, changed and removed at runtime without a restart.
 */
@ObjectClassDefinition(name = "Parley social account",
        description = "An X, Meta or WhatsApp account (or another platform plugin's) whose public posts and private "
                + "messages become tickets. "
                + "Webhook URL: /webhooks/<platform>/<name>.")
public @interface AccountConfig {

    String FACTORY_PID = "dev.parley.social.account";

    @AttributeDefinition(name = "Name", required = false,
            description = "Last segment of the webhook URL; defaults to the configuration's name (the part after '-' in the file name)")
    String name() default "";

    @AttributeDefinition(name = "Platform", options = {@Option(value = "x", label = "X"), @Option(value = "meta", label = "Meta"),
        @Option(value = "whatsapp", label = "WhatsApp Business (Cloud API)"), @Option(value = "telegram", label = "Telegram bot")})
    String platform();

    @AttributeDefinition(name = "Account id", description = "X user id, the Facebook Page / Instagram account id, or the WhatsApp phone number id")
    String accountId();

    @AttributeDefinition(name = "Handle", required = false, description = "The account's @handle, page name or WhatsApp display number")
    String handle() default "";

    @AttributeDefinition(name = "Consumer secret (X)", type = AttributeType.PASSWORD, required = false,
            description = "Signs X webhooks and answers the CRC")
    String consumerSecret() default "";

    @AttributeDefinition(name = "Consumer key (X)", required = false,
            description = "The X app's API key (OAuth 1.0a consumer key); with the consumer secret, access token and "
                    + "access token secret it signs the downloads of DM media, which X serves only to OAuth 1.0a "
                    + "user requests")
    String consumerKey() default "";

    @AttributeDefinition(name = "Access token secret (X)", type = AttributeType.PASSWORD, required = false,
            description = "The OAuth 1.0a secret of the account's access token (X's 'Access Token Secret'); "
                    + "needed to download DM media")
    String accessTokenSecret() default "";

    @AttributeDefinition(name = "App secret (Meta)", type = AttributeType.PASSWORD, required = false,
            description = "Signs Meta and WhatsApp webhooks (X-Hub-Signature-256)")
    String appSecret() default "";

    @AttributeDefinition(name = "Verify token (Meta)", type = AttributeType.PASSWORD, required = false,
            description = "Expected hub.verify_token when Meta (or WhatsApp) verifies the webhook")
    String verifyToken() default "";

    @AttributeDefinition(name = "Access token", type = AttributeType.PASSWORD, required = false,
            description = "User-context token (X), Page token (Meta) or system user token (WhatsApp) for API calls")
    String accessToken() default "";

    @AttributeDefinition(name = "Bot token (Telegram)", type = AttributeType.PASSWORD, required = false,
            description = "The token BotFather gave the bot (<bot id>:<secret>); every Bot API call carries it in its "
                    + "URL, so those URLs are never logged")
    String botToken() default "";

    @AttributeDefinition(name = "Secret token (Telegram)", type = AttributeType.PASSWORD, required = false,
            description = "The secret_token the bot's webhook was set with (setWebhook); each update must carry it in "
                    + "X-Telegram-Bot-Api-Secret-Token. Needed in webhook mode only")
    String secretToken() default "";

    @AttributeDefinition(name = "Mode", required = false,
            description = "Empty: webhook, except for Telegram, which polls getUpdates unless mode=webhook (no public "
                    + "URL needed)",
            options = {@Option(value = "webhook", label = "Webhooks"), @Option(value = "poll", label = "Polling (X, Telegram)")})
    String mode() default "";

    @AttributeDefinition(name = "API base URL", required = false,
            description = "Empty for the platform's real API; the sandbox and tests point it at a local server")
    String apiBaseUrl() default "";

    @AttributeDefinition(name = "Media hosts", required = false,
            description = "Domains (with their subdomains) this account's attachments are downloaded from, over https; "
                    + "empty: the platform's CDN domains (X: twimg.com; Meta: fbcdn.net, fbsbx.com, cdninstagram.com). "
                    + "The host of the API base URL is always allowed")
    String[] mediaHosts() default {};

    @AttributeDefinition(name = "Linked account ids", required = false,
            description = "Other platform account ids whose events this account answers, with its own token. Meta: "
                    + "the id of the Instagram professional account linked to the Page (entry[].id of object=instagram "
                    + "webhooks), so Instagram DMs, comments and mentions reach this Page's account")
    String[] linkedAccountIds() default {};

    @AttributeDefinition(name = "Message templates (WhatsApp)", required = false,
            description = "The templates approved for this WhatsApp number, name:language:parameters each (such as "
                    + "order_update:en_US:2); the only messages it may send once the 24-hour window closed. Like any "
                    + "key this file has beyond these, it is handed to the account's platform plugin")
    String[] templates() default {};

    @AttributeDefinition(name = "Poll interval (seconds)", required = false, min = "1",
            description = "Polling mode only; X allows 15 DM reads per 15 minutes, so keep it at 60 or more in production")
    int pollIntervalSeconds() default 60;
}
