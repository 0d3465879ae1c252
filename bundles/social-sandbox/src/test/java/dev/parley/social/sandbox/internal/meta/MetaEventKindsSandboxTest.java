package dev.parley.social.sandbox.internal.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.meta.internal.MetaWebhookParser;
import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;

/** Each Meta event kind the sandbox can send, read back by the real Meta parser as the kind it is. */
class MetaEventKindsSandboxTest extends MetaFixture {

    private static final SocialAccount PARLEY_SIDE = new SocialAccount("sandbox-meta", "meta", "2000000001", null, null,
            Optional.of("sandbox-meta-secret"), Optional.of("sandbox-verify"), null, ReceiveMode.WEBHOOK, null);

    private final MetaWebhookParser parser = new MetaWebhookParser();

    private InboundMessage send(String kind, String text, String inReplyTo, String payload) {
        meta.post(new CustomerPost("meta", "sandbox-meta", kind, null, "jane", "Jane Doe", null, null, text, inReplyTo,
                null, null, payload, null, null).validate());
        List<InboundMessage> parsed = parser.parse(PARLEY_SIDE, sink.last().body());
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    @Test
    void everyKindArrivesAsWhatItIs() {
        PostedMessage first = meta.post(post("dm", "hello", null));
        String mid = first.id();

        InboundMessage postback = send("postback", "Track my order", null, "TRACK");
        assertThat(postback.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(postback.text()).isEqualTo("Track my order");
        assertThat(postback.property(InboundMessage.PAYLOAD)).contains("TRACK");

        assertThat(send("quick_reply", "Yes", null, "YES").property(InboundMessage.PAYLOAD)).contains("YES");

        InboundMessage reaction = send("reaction", "👍", mid, null);
        assertThat(reaction.kind()).isEqualTo(MessageKind.REACTION);
        assertThat(reaction.property(InboundMessage.TARGET_ID)).contains(mid);
        assertThat(reaction.property(InboundMessage.REACTION)).contains("👍");

        InboundMessage edit = send("edit", "hello again", mid, null);
        assertThat(edit.kind()).isEqualTo(MessageKind.EDIT);
        assertThat(edit.text()).isEqualTo("hello again");

        InboundMessage unsend = send("unsend", null, mid, null);
        assertThat(unsend.kind()).isEqualTo(MessageKind.RETRACTION);
        assertThat(unsend.property(InboundMessage.TARGET_ID)).contains(mid);

        InboundMessage standby = send("standby", "anyone?", null, null);
        assertThat(standby.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(standby.property(InboundMessage.STANDBY)).contains("true");

        InboundMessage referral = send("referral", null, null, "spring-ad");
        assertThat(referral.kind()).isEqualTo(MessageKind.REFERRAL);
        assertThat(referral.property(InboundMessage.REFERRAL_REF)).contains("spring-ad");

        InboundMessage echo = send("native_echo", "Answered from Business Suite", null, null);
        assertThat(echo.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(echo.conversationKey()).isEqualTo(first.conversationId().transform(id -> "psid:" + id));
        assertThat(echo.property(InboundMessage.ORIGIN_APP)).contains(MetaSimulation.NATIVE_APP_ID);

        InboundMessage mention = send("instagram_mention", null, null, null);
        assertThat(mention.kind()).isEqualTo(MessageKind.COMMENT);
        assertThat(mention.channel()).isEqualTo("instagram");

        InboundMessage story = send("story_mention", null, null, null);
        assertThat(story.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(story.attachments()).extracting(a -> a.mediaType()).containsExactly("story_mention");
    }

    @Test
    void kindsAboutAMessageNeedItsId() {
        assertThatThrownBy(() -> post("unsend", null, null)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("inReplyTo"));
    }
}
