package dev.parley.social.meta.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.social.api.DeliveryPart;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.LookedUpMessage;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.ReplyWindow;
import dev.parley.social.api.SendResult;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProfile;
import dev.parley.social.api.WebhookReply;
import dev.parley.social.api.WebhookRequest;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.kit.HubVerification;

/**
 * Meta (Messenger, Instagram messaging, Page and Instagram comments): hub.challenge verification
 * with the account's verify token, {@code X-Hub-Signature-256} over the raw body, and the Send API.
 * Meta only pushes: there is no polling.
 */
@Component(service = SocialPlatform.class, immediate = true, property = {SocialPlatform.PLATFORM + "=" + MetaWebhookParser.PLATFORM,
    SocialPlatform.CHANNELS + "=messenger", SocialPlatform.CHANNELS + "=instagram", SocialPlatform.CHANNELS + "=facebook",
    SocialPlatform.CHANNEL_LABELS + "=messenger=Messenger", SocialPlatform.CHANNEL_LABELS + "=instagram=Instagram",
    SocialPlatform.CHANNEL_LABELS + "=facebook=Facebook"})
public final class MetaPlatform implements SocialPlatform {

    public static final String DEFAULT_API = "https://graph.facebook.com/v23.0";
    private static final Set<String> DM_CHANNELS = Set.of("messenger", "instagram");

    private final MetaWebhookParser webhooks = new MetaWebhookParser();
    private final MetaSender sender;
    private final MetaProfiles profiles;
    private final MetaMentions mentions;
    private final MetaCommentAuthors commentAuthors;

    @Activate
    public MetaPlatform(@Reference PlatformHttp http) {
        this.sender = new MetaSender(http);
        this.profiles = new MetaProfiles(http);
        this.mentions = new MetaMentions(http);
        this.commentAuthors = new MetaCommentAuthors(http);
    }

    @Override
    public WebhookReply challenge(SocialAccount account, WebhookRequest request) {
        return HubVerification.challenge(account.verifyToken(), request);
    }

    @Override
    public boolean verify(SocialAccount account, WebhookRequest request) {
        return account.appSecret().isPresent() && MetaSignatures.verify(account.appSecret().get(),
                request.header(MetaSignatures.HEADER_SHA256), request.header(MetaSignatures.HEADER_SHA1), request.body());
    }

    @Override
    public List<DeliveryPart> split(SocialAccount postedTo, byte[] body) {
        return MetaDeliveries.split(postedTo, body);
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
    public java.util.concurrent.CompletionStage<SendResult> sendAsync(SocialAccount account, OutboundMessage message) {
        return sender.sendAsync(account, message);
    }

    @Override
    public Optional<SocialProfile> lookupProfile(SocialAccount account, String channel, String userId)
            throws IOException {
        return profiles.lookup(account, channel, userId);
    }

    /**
     * An Instagram mention's caption or comment, through the mentioned account's mentioned_media /
     * mentioned_comment; the author of a Page comment that came without {@code from}.
     */
    @Override
    public Optional<LookedUpMessage> lookupMessage(SocialAccount account, String channel, Map<String, String> properties)
            throws IOException {
        return MetaCommentAuthors.handles(properties) ? commentAuthors.lookup(account, properties)
                : mentions.lookup(account, properties);
    }

    /**
     * Messenger and Instagram DMs: free replies for 24 hours after the customer's last message, then
     * a person's reply tagged HUMAN_AGENT for up to 7 days. Comments have no such window.
     */
    @Override
    public Optional<ReplyWindow> replyWindow(SocialAccount account, String channel) {
        return DM_CHANNELS.contains(channel) ? Optional.of(new ReplyWindow(Duration.ofHours(24),
                Optional.of(Duration.ofDays(7)), Optional.of("HUMAN_AGENT"))) : Optional.empty();
    }

    @Override
    public Set<String> mediaHosts() {
        return MetaProfiles.MEDIA_HOSTS;
    }
}
