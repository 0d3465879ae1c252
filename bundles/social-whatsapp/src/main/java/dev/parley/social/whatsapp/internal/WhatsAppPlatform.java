package dev.parley.social.whatsapp.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MediaLimit;
import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.ReplyWindow;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.kit.HubVerification;
import dev.parley.social.kit.Hmac;

/**
 * WhatsApp Business Platform, Cloud API: webhooks verified with {@code hub.challenge} and the
 * account's verify token and signed with {@code X-Hub-Signature-256} (the app secret over the raw
 * body), split by {@code metadata.phone_number_id} (one app, several numbers: one account per
 * number, its {@code accountId} the phone number id); replies and templates through {@code
 * /{phone_number_id}/messages}; received media through the media API with the account's token;
 * the 24-hour customer service window, after which only the account's templates may be sent.
 * WhatsApp only pushes: there is no polling.
 */
@Component(service = SocialPlatform.class, immediate = true, property = {
    SocialPlatform.PLATFORM + "=" + WhatsAppWebhookParser.PLATFORM,
    SocialPlatform.CHANNELS + "=" + WhatsAppWebhookParser.CHANNEL,
    SocialPlatform.CHANNEL_LABELS + "=" + WhatsAppWebhookParser.CHANNEL + "=WhatsApp"})
public final class WhatsAppPlatform implements SocialPlatform {

    /** The customer service window: free-form messages for 24 hours after the customer's last message. */
    static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    /** WhatsApp serves media from Meta's CDN (lookaside.fbsbx.com); the API host is always allowed too. */
    static final Set<String> MEDIA_HOSTS = Set.of("fbsbx.com", "whatsapp.net");
    static final String HEADER_SHA256 = "x-hub-signature-256";


    private final WhatsAppApi api;
    private final WhatsAppWebhookParser webhooks;
    private final WhatsAppSender sender;
    private final WhatsAppTemplateCatalog templates;

    @Activate
    public WhatsAppPlatform(@Reference PlatformHttp http) {
        this(http, Clock.systemUTC());
    }

    WhatsAppPlatform(PlatformHttp http, Clock clock) {
        this.api = new WhatsAppApi(http);
        this.sender = new WhatsAppSender(http, clock);
        this.templates = new WhatsAppTemplateCatalog(http, clock);
        this.webhooks = new WhatsAppWebhookParser(api, templates::changed);
    }

    @Override
    public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
        return HubVerification.challenge(account.verifyToken(), request);
    }

    @Override
    public boolean verify(SocialAccount account, WebhookRequest request) {
        Optional<String> header = request.header(HEADER_SHA256);
        if (account.appSecret().isEmpty() || header.isEmpty()
                || !header.get().regionMatches(true, 0, "sha256=", 0, 7)) {
            return false;
        }
        return Hmac.matches(Hmac.sha256(account.appSecret().get(), request.body()), Hmac.hex(header.get().substring(7)));
    }

    /** {@code X-Hub-Signature-256} of {@code body} (tests, and what the sandbox sends). */
    static String sign(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(Hmac.sha256(appSecret, body));
    }

    @Override
    public List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        return WhatsAppDeliveries.split(postedTo, body);
    }

    @Override
    public List<InboundMessage> parse(SocialAccount account, byte[] body) {
        return webhooks.parse(account, body);
    }

    @Override
    public SendResult send(SocialAccount account, OutboundMessage message) {
        return sender.send(account, message);
    }

    @Override
    public Optional<ReplyWindow> replyWindow(SocialAccount account, String channel) {
        return channel.equals(WhatsAppWebhookParser.CHANNEL) ? Optional.of(ReplyWindow.of(SERVICE_WINDOW))
                : Optional.empty();
    }

    @Override
    public List<MessageTemplate> templates(SocialAccount account) {
        return templates.templates(account);
    }

    /** The Cloud API's media types and size limits, for replies on WhatsApp. */
    @Override
    public List<MediaLimit> outgoingMedia(SocialAccount account, String channel) {
        return WhatsAppMedia.LIMITS;
    }

    @Override
    public String resolveMedia(SocialAccount account, String url) throws IOException {
        return api.resolve(account, url);
    }

    @Override
    public Set<String> mediaHosts() {
        return MEDIA_HOSTS;
    }

    /** Both the media lookup and the download itself need the account's token. */
    @Override
    public Map<String, String> mediaHeaders(SocialAccount account, String url) {
        return WhatsAppApi.auth(account);
    }
}
