package dev.parley.social.whatsapp.internal;

import static dev.parley.social.whatsapp.internal.WhatsAppFixture.account;
import static dev.parley.social.whatsapp.internal.WhatsAppFixture.body;
import static dev.parley.social.whatsapp.internal.WhatsAppFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;

class WhatsAppWebhookParserTest {

    private final WhatsAppWebhookParser parser = new WhatsAppWebhookParser(new WhatsAppApi(new FakeHttp()));

    private InboundMessage one(String json) {
        List<InboundMessage> parsed = parser.parse(account(), json.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    @Test
    void textIsAPrivateMessageFromTheWaIdWithTheProfileName() {
        InboundMessage m = one(message("\"type\":\"text\",\"text\":{\"body\":\"Where is my order?\"}"));
        assertThat(m.platform()).isEqualTo("whatsapp");
        assertThat(m.channel()).isEqualTo("whatsapp");
        assertThat(m.account()).isEqualTo("wa");
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.externalId()).isEqualTo("wamid.IN1");
        assertThat(m.conversationKey()).isEqualTo("wa:16505551234");
        assertThat(m.author().platformId()).isEqualTo("16505551234");
        assertThat(m.author().displayName()).contains("Sheena Nelson");
        assertThat(m.text()).isEqualTo("Where is my order?");
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PRIVATE);
        assertThat(m.createdAt()).isEqualTo(Instant.ofEpochSecond(1739321024));
        assertThat(m.inReplyToId()).isEmpty();
    }

    @Test
    void aReplyCarriesTheQuotedMessageAndAForwardIsMarkedNotQuoted() {
        InboundMessage reply = one(message("\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.OUT9\"},"
                + "\"type\":\"text\",\"text\":{\"body\":\"yes\"}"));
        assertThat(reply.inReplyToId()).contains("wamid.OUT9");
        InboundMessage forwarded = one(message("\"context\":{\"forwarded\":true},\"type\":\"text\",\"text\":{\"body\":\"fw\"}"));
        assertThat(forwarded.inReplyToId()).isEmpty();
        assertThat(forwarded.property(WhatsAppWebhookParser.FORWARDED)).contains("true");
    }

    @Test
    void mediaBecomeAttachmentsLookedUpByMediaIdWithTheirCaption() {
        InboundMessage image = one(message("\"type\":\"image\",\"image\":{\"caption\":\"broken\",\"mime_type\":"
                + "\"image/jpeg\",\"sha256\":\"abc\",\"id\":\"1003383421387256\"}"));
        assertThat(image.text()).isEqualTo("broken");
        assertThat(image.attachments()).singleElement().satisfies(a -> {
            assertThat(a.mediaType()).isEqualTo("image/jpeg");
            assertThat(a.url()).isEqualTo("http://127.0.0.1:8080/sandbox/whatsapp/v23.0/1003383421387256");
        });
        assertThat(image.property(WhatsAppWebhookParser.MEDIA_ID)).contains("1003383421387256");

        InboundMessage document = one(message("\"type\":\"document\",\"document\":{\"filename\":\"invoice.pdf\","
                + "\"mime_type\":\"application/pdf\",\"id\":\"77\"}"));
        assertThat(document.text()).isEqualTo("[document: invoice.pdf]");
        assertThat(document.property(WhatsAppWebhookParser.FILENAME)).contains("invoice.pdf");

        InboundMessage voice = one(message("\"type\":\"audio\",\"audio\":{\"mime_type\":\"audio/ogg; codecs=opus\","
                + "\"id\":\"78\",\"voice\":true}"));
        assertThat(voice.text()).isEqualTo("[voice message]");
        assertThat(voice.attachments()).singleElement().satisfies(a -> assertThat(a.mediaType()).startsWith("audio/ogg"));

        assertThat(one(message("\"type\":\"video\",\"video\":{\"mime_type\":\"video/mp4\",\"id\":\"79\"}")).attachments())
                .hasSize(1);
        assertThat(one(message("\"type\":\"sticker\",\"sticker\":{\"mime_type\":\"image/webp\",\"id\":\"80\","
                + "\"animated\":false}")).attachments()).singleElement()
                .satisfies(a -> assertThat(a.mediaType()).isEqualTo("image/webp"));
    }

    @Test
    void aMediaMessageWithoutAMediaIdIsKeptAsIgnoredWithTheReasonNotRefused() {
        InboundMessage m = one(message("\"type\":\"image\",\"image\":{\"mime_type\":\"image/jpeg\"}"));
        assertThat(m.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(m.rawType()).contains("whatsapp.malformed.message");
        assertThat(m.text()).isEqualTo("WhatsApp image message wamid.IN1 has no media id");
    }

    @Test
    void locationAndSharedContactsAreDescribed() {
        InboundMessage location = one(message("\"type\":\"location\",\"location\":{\"address\":\"1 Hacker Way\","
                + "\"latitude\":37.48,\"longitude\":-122.14,\"name\":\"Meta HQ\"}"));
        assertThat(location.text()).isEqualTo("[Location: Meta HQ, 1 Hacker Way (37.48, -122.14)]");
        InboundMessage contacts = one(message("\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":"
                + "\"Barbara Johnson\",\"first_name\":\"Barbara\"},\"phones\":[{\"phone\":\"+1 (940) 555-1234\","
                + "\"wa_id\":\"19405551234\",\"type\":\"CELL\"}]}]"));
        assertThat(contacts.text()).isEqualTo("[Contact: Barbara Johnson, +1 (940) 555-1234]");
        assertThat(contacts.author().displayName()).contains("Sheena Nelson");
    }

    @Test
    void buttonAndListRepliesShowTheTitleAndKeepTheId() {
        InboundMessage button = one(message("\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.ASK\"},"
                + "\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{"
                + "\"id\":\"cancel-button\",\"title\":\"Cancel\"}}"));
        assertThat(button.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(button.text()).isEqualTo("Cancel");
        assertThat(button.property(InboundMessage.PAYLOAD)).contains("cancel-button");
        assertThat(button.rawType()).contains("whatsapp.interactive.button_reply");
        assertThat(button.inReplyToId()).contains("wamid.ASK");
        InboundMessage list = one(message("\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\","
                + "\"list_reply\":{\"id\":\"priority_express\",\"title\":\"Priority Mail Express\","
                + "\"description\":\"Next Day to 2 Days\"}}"));
        assertThat(list.text()).isEqualTo("Priority Mail Express — Next Day to 2 Days");
        assertThat(list.property(InboundMessage.PAYLOAD)).contains("priority_express");
        InboundMessage quick = one(message("\"type\":\"button\",\"button\":{\"payload\":\"STOP_PROMOS\","
                + "\"text\":\"Stop promotions\"}"));
        assertThat(quick.text()).isEqualTo("Stop promotions");
        assertThat(quick.property(InboundMessage.PAYLOAD)).contains("STOP_PROMOS");
    }

    @Test
    void reactionsPointAtTheirMessageAndAnEmptyOneIsAnUnreact() {
        InboundMessage react = one(message("\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.OUT1\","
                + "\"emoji\":\"\\ud83d\\udc4d\"}"));
        assertThat(react.kind()).isEqualTo(MessageKind.REACTION);
        assertThat(react.property(InboundMessage.TARGET_ID)).contains("wamid.OUT1");
        assertThat(react.property(InboundMessage.REACTION)).contains("\uD83D\uDC4D");
        assertThat(react.property(InboundMessage.REACTION_ACTION)).contains("react");
        InboundMessage unreact = one(message("\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.OUT1\"}"));
        assertThat(unreact.property(InboundMessage.REACTION_ACTION)).contains("unreact");
    }

    @Test
    void anUnsupportedMessageIsStillTheCustomersWithWhatsAppsError() {
        InboundMessage m = one(message("\"type\":\"unsupported\",\"errors\":[{\"code\":131051,\"title\":"
                + "\"Message type unknown\",\"message\":\"Message type unknown\",\"error_data\":{\"details\":"
                + "\"Message type is currently not supported.\"}}],\"unsupported\":{\"type\":\"poll_creation\"}"));
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.text()).isEqualTo("[unsupported message: Message type unknown (131051): Message type is "
                + "currently not supported.]");
        assertThat(m.property(WhatsAppWebhookParser.UNSUPPORTED_ERROR)).hasValueSatisfying(e -> assertThat(e)
                .contains("131051"));
    }

    @Test
    void systemNoticesOrdersAndOtherFieldsAreIgnoredWithTheirRawType() {
        InboundMessage system = one(message("\"type\":\"system\",\"system\":{\"body\":\"changed number\","
                + "\"type\":\"user_changed_number\"}"));
        assertThat(system.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(system.rawType()).contains("whatsapp.system.user_changed_number");
        String template = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":"
                + "\"message_template_status_update\",\"value\":{\"event\":\"APPROVED\"}}]}]}";
        assertThat(one(template).rawType()).contains("whatsapp.changes.message_template_status_update");
        InboundMessage errors = one(body("\"errors\":[{\"code\":130429,\"title\":\"Rate limit hit\"}]"));
        assertThat(errors.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(errors.text()).contains("130429");
    }

    @Test
    void statusesBecomeStatusEventsOfOurMessage() {
        InboundMessage read = one(body("\"statuses\":[{\"id\":\"wamid.OUT1\",\"status\":\"read\",\"timestamp\":"
                + "\"1750857384\",\"recipient_id\":\"16505551234\"}]"));
        assertThat(read.kind()).isEqualTo(MessageKind.STATUS);
        assertThat(read.externalId()).isEqualTo("status:wamid.OUT1:read");
        assertThat(read.property(InboundMessage.TARGET_ID)).contains("wamid.OUT1");
        assertThat(read.property(InboundMessage.DELIVERY_STATUS)).contains("read");
        assertThat(read.conversationKey()).isEqualTo("wa:16505551234");
        InboundMessage failed = one(body("\"statuses\":[{\"id\":\"wamid.OUT2\",\"status\":\"failed\",\"timestamp\":"
                + "\"1750857384\",\"recipient_id\":\"16505551234\",\"errors\":[{\"code\":131026,\"title\":"
                + "\"Message undeliverable\",\"error_data\":{\"details\":\"Unable to deliver\"}}]}]"));
        assertThat(failed.property(InboundMessage.DELIVERY_STATUS)).contains("failed");
        assertThat(failed.property(InboundMessage.DELIVERY_ERROR)).contains(
                "WhatsApp could not deliver it: Message undeliverable (131026): Unable to deliver");
    }

    @Test
    void severalMessagesComeInOrder() {
        List<InboundMessage> parsed = parser.parse(account(), body("\"contacts\":[{\"profile\":{\"name\":\"A\"},"
                + "\"wa_id\":\"1\"},{\"profile\":{\"name\":\"B\"},\"wa_id\":\"2\"}],\"messages\":[{\"from\":\"1\",\"id\":"
                + "\"m1\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"one\"}},{\"from\":\"2\",\"id\":\"m2\","
                + "\"timestamp\":\"2\",\"type\":\"text\",\"text\":{\"body\":\"two\"}}]").getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).extracting(InboundMessage::text).containsExactly("one", "two");
        assertThat(parsed).extracting(m -> m.author().displayName()).containsExactly(Optional.of("A"), Optional.of("B"));
    }

    @Test
    void notJsonOrNoEntriesIsMalformed() {
        assertThatThrownBy(() -> parser.parse(account(), "nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> parser.parse(account(), "{\"object\":\"whatsapp_business_account\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(MalformedEventException.class);
    }
}
