package dev.parley.social.sandbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Parley social sandbox",
        description = "A local stand-in for X, Meta and WhatsApp: it sends signed webhooks to the connector and "
                + "answers its API calls under /sandbox/x, /sandbox/meta and /sandbox/whatsapp. The defaults match the "
                + "sample connector accounts sandbox-x, sandbox-meta and sandbox-whatsapp. Not for production: its endpoints take no credentials.")
public @interface SandboxConfig {

    String PID = "dev.parley.social.sandbox";
    String PORT_PLACEHOLDER = "${org.osgi.service.http.port}";

    @AttributeDefinition(name = "Enabled", description = "Off: no sandbox endpoints are registered")
    boolean enabled() default true;

    @AttributeDefinition(name = "Webhook target",
            description = "Base URL of the connector's webhooks (…/webhooks/x/<account>, …/webhooks/meta/<account>); "
                    + PORT_PLACEHOLDER + " is the framework's HTTP port (8080 when unset)")
    String webhookBaseUrl() default "http://127.0.0.1:" + PORT_PLACEHOLDER;

    @AttributeDefinition(name = "Echo sends",
            description = "Report the account's own replies and DMs back as webhooks, as the platforms do")
    boolean echoSends() default true;

    @AttributeDefinition(name = "Enforce rate limits",
            description = "Answer 429 once an endpoint's real per-user quota is used up (X: 15 DMs per 15 min). "
                    + "Off: responses always show the full quota; faults still inject 429s")
    boolean enforceRateLimits() default false;

    @AttributeDefinition(name = "Delivery threads", min = "1", max = "64")
    int deliveryThreads() default 4;

    @AttributeDefinition(name = "Delivery timeout (ms)", description = "Connect and response timeout per webhook")
    int deliveryTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "X account name", description = "The connector account the webhooks go to")
    String xAccount() default "sandbox-x";

    @AttributeDefinition(name = "X user id")
    String xUserId() default "1000000001";

    @AttributeDefinition(name = "X handle", description = "Without the @")
    String xHandle() default "acme";

    @AttributeDefinition(name = "X display name")
    String xDisplayName() default "Acme Support";

    @AttributeDefinition(name = "X consumer secret", type = AttributeType.PASSWORD,
            description = "Signs webhooks (x-twitter-webhooks-signature) and answers CRC checks")
    String xConsumerSecret() default "sandbox-x-secret";

    @AttributeDefinition(name = "X access token", type = AttributeType.PASSWORD,
            description = "The user token the connector's account sends with; API calls carrying it act as this user")
    String xAccessToken() default "sandbox-x-token";

    @AttributeDefinition(name = "X consumer key",
            description = "The app's API key: OAuth 1.0a requests for the account's DM media must carry it")
    String xConsumerKey() default "sandbox-x-consumer-key";

    @AttributeDefinition(name = "X access token secret", type = AttributeType.PASSWORD,
            description = "With the consumer secret, the key of the OAuth 1.0a signature the account's DM media "
                    + "are served to (as ton.twitter.com serves them)")
    String xAccessTokenSecret() default "sandbox-x-token-secret";

    @AttributeDefinition(name = "More X users on the same app",
            description = "userId:handle:accessToken[:accessTokenSecret] each. Their events go to the same webhook URL (the app's one "
                    + "webhook, signed with the same consumer secret) with their own for_user_id; API calls carrying "
                    + "their token act as them. Post to one with \"to\":\"<userId>\"")
    String[] xMoreUsers() default {};

    @AttributeDefinition(name = "Meta account name", description = "The connector account the webhooks go to")
    String metaAccount() default "sandbox-meta";

    @AttributeDefinition(name = "Meta page id")
    String metaPageId() default "2000000001";

    @AttributeDefinition(name = "Meta page name")
    String metaPageName() default "Acme";

    @AttributeDefinition(name = "Instagram account id", description = "entry.id of object=instagram webhooks")
    String metaInstagramId() default "3000000001";

    @AttributeDefinition(name = "Meta app id", description = "app_id of echoed messages")
    String metaAppId() default "4000000001";

    @AttributeDefinition(name = "Meta app secret", type = AttributeType.PASSWORD,
            description = "Signs webhooks (X-Hub-Signature-256)")
    String metaAppSecret() default "sandbox-meta-secret";

    @AttributeDefinition(name = "Meta page access token", type = AttributeType.PASSWORD,
            description = "The Page token the connector's account sends with; API calls carrying it act as this Page")
    String metaAccessToken() default "sandbox-meta-token";

    @AttributeDefinition(name = "More Pages on the same app",
            description = "pageId:pageName:accessToken[:instagramId] each. Their events go to the same callback URL "
                    + "(the app's one URL, signed with the same app secret) with their own entry id; API calls carrying "
                    + "their token act as them. Post to one with \"to\":\"<pageId>\"")
    String[] metaMorePages() default {};

    @AttributeDefinition(name = "Meta verify token", type = AttributeType.PASSWORD,
            description = "Sent in the hub.verify_token subscription handshake")
    String metaVerifyToken() default "sandbox-verify";

    @AttributeDefinition(name = "WhatsApp account name", description = "The connector account the WhatsApp webhooks go to")
    String whatsappAccount() default "sandbox-whatsapp";

    @AttributeDefinition(name = "WhatsApp phone number id", description = "metadata.phone_number_id; the account's accountId")
    String whatsappPhoneNumberId() default "5000000001";

    @AttributeDefinition(name = "WhatsApp display number")
    String whatsappDisplayNumber() default "15550100001";

    @AttributeDefinition(name = "WhatsApp business account id", description = "entry[].id of the webhooks")
    String whatsappBusinessAccountId() default "6000000001";

    @AttributeDefinition(name = "WhatsApp app secret", type = AttributeType.PASSWORD,
            description = "Signs webhooks (X-Hub-Signature-256)")
    String whatsappAppSecret() default "sandbox-whatsapp-secret";

    @AttributeDefinition(name = "WhatsApp verify token", type = AttributeType.PASSWORD,
            description = "Sent in the hub.verify_token subscription handshake")
    String whatsappVerifyToken() default "sandbox-whatsapp-verify";

    @AttributeDefinition(name = "WhatsApp access token", type = AttributeType.PASSWORD,
            description = "The system user token the connector's account sends with; other tokens get 401 (code 190)")
    String whatsappAccessToken() default "sandbox-whatsapp-token";

    @AttributeDefinition(name = "WhatsApp templates",
            description = "The business account's templates, name:language:parameters[:status] each (status APPROVED "
                    + "unless given: PENDING, REJECTED, PAUSED, DISABLED); listed at GET /{version}/{businessAccountId}/"
                    + "message_templates, only APPROVED ones can be sent")
    String[] whatsappTemplates() default {"order_update:en_US:2", "welcome_back:en:0", "shipping_delay:en_US:1",
        "spring_sale:en:1:PENDING"};

    @AttributeDefinition(name = "Telegram account name", description = "The connector account the bot's webhook goes to")
    String telegramAccount() default "sandbox-telegram";

    @AttributeDefinition(name = "Telegram bot id")
    String telegramBotId() default "7000000001";

    @AttributeDefinition(name = "Telegram bot username", description = "Without the @")
    String telegramBotUsername() default "acme_support_bot";

    @AttributeDefinition(name = "Telegram bot token", type = AttributeType.PASSWORD,
            description = "<bot id>:<secret>; Bot API calls carry it in their URL (/sandbox/telegram/bot<token>/...)")
    String telegramBotToken() default "7000000001:sandbox-telegram-token";

    @AttributeDefinition(name = "Telegram secret token", type = AttributeType.PASSWORD,
            description = "The secret_token the bot's webhook starts set with: sent as X-Telegram-Bot-Api-Secret-Token")
    String telegramSecretToken() default "sandbox-telegram-secret";

    @AttributeDefinition(name = "Telegram group id", description = "The supergroup customers mention the bot in")
    String telegramGroupId() default "-1001000000001";
}
