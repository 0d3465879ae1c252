package dev.parley.social.sandbox.internal.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.x.internal.XWebhookParser;

/** Each X event kind the sandbox can send, read back by the real X parser as the kind it is. */
class XEventKindsSandboxTest extends XFixture {

    private static final SocialAccount PARLEY_SIDE = new SocialAccount("sandbox-x", "x", "1000000001",
            Optional.of("acme"), Optional.of("sandbox-x-secret"), null, null, null, ReceiveMode.WEBHOOK, null);

    private final XWebhookParser parser = new XWebhookParser();

    private InboundMessage send(String kind, String text, String inReplyTo) {
        x.post(new CustomerPost("x", null, kind, null, "jane_doe", "Jane Doe", 1234, true, text, inReplyTo, null)
                .validate());
        List<InboundMessage> parsed = parser.parse(PARLEY_SIDE, sink.last().body());
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    @Test
    void everyKindArrivesAsWhatItIs() {
        PostedMessage mention = x.post(post("mention", "my bag"));
        PostedMessage dm = x.post(post("dm", "hello"));

        InboundMessage nativeDm = send("native_dm", "answered on my phone", null);
        assertThat(nativeDm.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(nativeDm.conversationKey()).isEqualTo("dm:" + dm.conversationId());
        assertThat(nativeDm.property(InboundMessage.ORIGIN_APP)).contains(XSimulation.NATIVE_APP_ID);

        InboundMessage delete = send("delete", null, mention.id());
        assertThat(delete.kind()).isEqualTo(MessageKind.RETRACTION);
        assertThat(delete.property(InboundMessage.TARGET_ID)).contains(mention.id());

        InboundMessage like = send("favorite", null, "1");
        assertThat(like.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(like.rawType()).contains("favorite_events");

        InboundMessage retweet = send("retweet", null, "1");
        assertThat(retweet.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(retweet.rawType()).contains("retweet");
    }
}
