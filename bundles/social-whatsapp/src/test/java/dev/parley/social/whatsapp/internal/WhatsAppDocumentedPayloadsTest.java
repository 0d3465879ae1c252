package dev.parley.social.whatsapp.internal;

import static dev.parley.social.whatsapp.internal.WhatsAppFixture.account;
import static dev.parley.social.whatsapp.internal.WhatsAppFixture.body;
import static dev.parley.social.whatsapp.internal.WhatsAppFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.OutboundMessage;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * The payloads of Meta's WhatsApp Cloud API webhook reference (messages, statuses, errors, system,
 * unsupported, group and business-scoped user id shapes, other fields), each with its outcome; and
 * the rule that one element WhatsApp (or anyone) got wrong never costs the others in its delivery.
 */
class WhatsAppDocumentedPayloadsTest {

    private final List<SocialAccount> templateChanges = new ArrayList<>();
    private final WhatsAppWebhookParser parser = new WhatsAppWebhookParser(new WhatsAppApi(new FakeHttp()),
            templateChanges::add);

    private List<InboundMessage> parse(String json) {
        return parser.parse(account(), json.getBytes(StandardCharsets.UTF_8));
    }

    private InboundMessage one(String json) {
        List<InboundMessage> parsed = parse(json);
        assertThat(parsed).hasSize(1);
        return parsed.get(0);
    }

    private static String change(String field, String value) {
        return "{\"field\":\"" + field + "\",\"value\":" + value + "}";
    }

    private static String value(String inner) {
        return "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"" + WhatsAppFixture.NUMBER + "\"}," + inner + "}";
    }

    @Test
    void everyEntryChangeMessageAndStatusOfOneDeliveryIsRead() {
        String text = "\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"1\"}],\"messages\":[{\"from\":\"1\",\"id\":"
                + "\"m1\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"one\"}}],\"statuses\":[{\"id\":"
                + "\"wamid.OUT1\",\"status\":\"delivered\",\"timestamp\":\"2\",\"recipient_id\":\"1\"}]";
        String second = "\"contacts\":[{\"profile\":{\"name\":\"B\"},\"wa_id\":\"2\"}],\"messages\":[{\"from\":\"2\",\"id\":"
                + "\"m2\",\"timestamp\":\"3\",\"type\":\"text\",\"text\":{\"body\":\"two\"}},{\"from\":\"2\",\"id\":\"m3\","
                + "\"timestamp\":4,\"type\":\"text\",\"text\":{\"body\":\"three\"}}]";
        List<InboundMessage> parsed = parse("{\"object\":\"whatsapp_business_account\",\"entry\":["
                + "{\"id\":\"1\",\"changes\":[" + change("messages", value(text)) + "]},"
                + "{\"id\":\"2\",\"changes\":[" + change("messages", value(second)) + ","
                + change("account_update", "{\"event\":\"VERIFIED_ACCOUNT\"}") + "]}]}");
        assertThat(parsed).extracting(InboundMessage::externalId).containsExactly("m1", "status:wamid.OUT1:delivered",
                "m2", "m3", parsed.get(4).externalId());
        assertThat(parsed.get(3).createdAt()).as("a timestamp as a number, too").isEqualTo(Instant.ofEpochSecond(4));
        assertThat(parsed.get(4).rawType()).contains("whatsapp.changes.account_update");
    }

    @Test
    void oneUnreadableElementIsKeptAsIgnoredWithItsReasonAndTheOthersAreStored() {
        List<InboundMessage> parsed = parse(body("\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"1\"}],"
                + "\"messages\":[{\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"no id\"}},"
                + "{\"from\":\"1\",\"id\":\"m2\",\"timestamp\":\"1\",\"type\":\"image\",\"image\":{}},"
                + "{\"from\":\"1\",\"id\":\"m3\",\"timestamp\":\"1\",\"type\":\"reaction\",\"reaction\":{\"emoji\":\"x\"}},"
                + "\"not a message\","
                + "{\"from\":\"1\",\"id\":\"m5\",\"timestamp\":\"99999999999999999\",\"type\":\"text\",\"text\":{\"body\":\"fine\"}}],"
                + "\"statuses\":[{\"status\":\"read\"}]"));
        assertThat(parsed).hasSize(6);
        assertThat(parsed.subList(0, 4)).allSatisfy(m -> {
            assertThat(m.kind()).isEqualTo(MessageKind.UNSUPPORTED);
            assertThat(m.rawType()).contains("whatsapp.malformed.message");
            assertThat(m.property(WhatsAppWebhookParser.RAW)).isPresent();
        });
        assertThat(parsed.get(0).text()).isEqualTo("a WhatsApp message has no id");
        assertThat(parsed.get(1).text()).contains("has no media id");
        assertThat(parsed.get(2).text()).contains("has no message_id");
        assertThat(parsed.get(4).kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(parsed.get(4).text()).isEqualTo("fine");
        assertThat(parsed.get(5).rawType()).contains("whatsapp.malformed.status");
        assertThat(parse(body("\"contacts\":[{\"profile\":{\"name\":\"A\"},\"wa_id\":\"1\"}],"
                + "\"messages\":[{\"from\":\"1\",\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"no id\"}}]"))
                .get(0).externalId()).as("the same element, the same id: redelivered, stored once")
                .isEqualTo(parsed.get(0).externalId());
    }

    @Test
    void oddShapesAroundTheMessagesAreIgnoredNotRefused() {
        InboundMessage noChanges = one("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\"}]}");
        assertThat(noChanges.rawType()).contains("whatsapp.entry");
        InboundMessage notArray = one(body("\"messages\":{\"id\":\"x\"}"));
        assertThat(notArray.rawType()).contains("whatsapp.malformed.message");
        InboundMessage empty = one(body("\"contacts\":[]"));
        assertThat(empty.rawType()).contains("whatsapp.messages.empty");
        InboundMessage page = one("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{}}]}]}");
        assertThat(page.rawType()).contains("whatsapp.object.page");
    }

    /** Documented: value.errors, "a system-level problem prevents a request from being processed". */
    @Test
    void valueLevelErrorsAreIgnoredWithWhatsAppsReason() {
        InboundMessage errors = one(body("\"errors\":[{\"code\":130429,\"title\":\"Rate limit hit\",\"message\":"
                + "\"(#130429) Rate limit hit\",\"error_data\":{\"details\":\"Cloud API message throughput has been "
                + "reached.\"},\"href\":\"/docs/whatsapp/cloud-api/support/error-codes/\"}]"));
        assertThat(errors.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(errors.rawType()).contains("whatsapp.errors");
        assertThat(errors.text()).isEqualTo("Rate limit hit (130429): Cloud API message throughput has been reached.");
        assertThat(errors.property(WhatsAppWebhookParser.UNSUPPORTED_ERROR)).contains(errors.text());
    }

    @Test
    void statusesKeepPricingGroupsAndBusinessScopedRecipients() {
        InboundMessage sent = one(body("\"statuses\":[{\"id\":\"wamid.OUT1\",\"status\":\"sent\",\"timestamp\":"
                + "\"1750857384\",\"recipient_id\":\"5516992318222\",\"conversation\":{\"id\":\"a75d\","
                + "\"expiration_timestamp\":\"1750943820\",\"origin\":{\"type\":\"service\"}},\"pricing\":{\"billable\":"
                + "true,\"pricing_model\":\"PMP\",\"type\":\"free_customer_service\",\"category\":\"service\"},"
                + "\"biz_opaque_callback_data\":\"abc\"}]"));
        assertThat(sent.kind()).isEqualTo(MessageKind.STATUS);
        assertThat(sent.property(InboundMessage.DELIVERY_STATUS)).contains("sent");
        assertThat(sent.property(WhatsAppWebhookParser.PRICING_CATEGORY)).contains("service");
        assertThat(sent.property(WhatsAppWebhookParser.PRICING_TYPE)).contains("free_customer_service");
        assertThat(sent.property(WhatsAppWebhookParser.CONVERSATION_ORIGIN)).contains("service");

        List<InboundMessage> group = parse(body("\"statuses\":[{\"id\":\"wamid.G\",\"status\":\"read\",\"timestamp\":\"1\","
                + "\"recipient_id\":\"120363025\",\"recipient_type\":\"group\",\"recipient_participant_id\":\"16505551234\"},"
                + "{\"id\":\"wamid.G\",\"status\":\"read\",\"timestamp\":\"1\",\"recipient_id\":\"120363025\","
                + "\"recipient_type\":\"group\",\"recipient_participant_id\":\"16505559999\"}]"));
        assertThat(group).extracting(InboundMessage::conversationKey).containsOnly("wa:group:120363025");
        assertThat(group).extracting(InboundMessage::externalId).doesNotHaveDuplicates();

        InboundMessage bsuid = one(body("\"statuses\":[{\"id\":\"wamid.B\",\"status\":\"delivered\",\"timestamp\":\"1\","
                + "\"recipient_user_id\":\"US.13491208655302741918\"}]"));
        assertThat(bsuid.conversationKey()).isEqualTo("wa:US.13491208655302741918");

        InboundMessage played = one(body("\"statuses\":[{\"id\":\"wamid.V\",\"status\":\"played\",\"timestamp\":\"1\","
                + "\"recipient_id\":\"1\"}]"));
        assertThat(played.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(played.rawType()).contains("whatsapp.status.played");
    }

    @Test
    void unsupportedAndUnknownMessagesAreTheCustomersWithTheReasonAndNewTypesAreIgnoredWithTheirJson() {
        InboundMessage edit = one(message("\"type\":\"unsupported\",\"errors\":[{\"code\":131051,\"title\":"
                + "\"Message type unknown\",\"message\":\"Message type unknown\",\"error_data\":{\"details\":"
                + "\"Message type is currently not supported.\"}}],\"unsupported\":{\"type\":\"edit\"}"));
        assertThat(edit.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(edit.property(WhatsAppContent.UNSUPPORTED_TYPE)).contains("edit");
        InboundMessage unknown = one(message("\"type\":\"unknown\",\"errors\":[{\"code\":131051,\"details\":"
                + "\"Message type is not currently supported\",\"title\":\"Unsupported message type\"}]"));
        assertThat(unknown.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(unknown.text()).isEqualTo("[unsupported message: Unsupported message type (131051): Message type is "
                + "not currently supported]");
        InboundMessage future = one(message("\"type\":\"poll\",\"poll\":{\"question\":\"?\"}"));
        assertThat(future.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(future.rawType()).contains("whatsapp.message.poll");
        assertThat(future.text()).contains("'poll'");
        assertThat(future.property(WhatsAppWebhookParser.RAW)).hasValueSatisfying(raw -> assertThat(raw)
                .contains("\"question\""));
        InboundMessage welcome = one(message("\"type\":\"request_welcome\""));
        assertThat(welcome.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(welcome.text()).contains("first time");
    }

    @Test
    void aNumberChangeMovesTheCustomerAndTheConversationToTheNewNumber() {
        // the current reference: no contacts array, the new id in system.wa_id
        InboundMessage changed = one(body("\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.SYS\",\"timestamp\":"
                + "\"1739321024\",\"type\":\"system\",\"system\":{\"body\":\"User Sheena Nelson changed from 16505551234 "
                + "to 12195555358\",\"wa_id\":\"12195555358\",\"type\":\"user_changed_number\"}}]"));
        assertThat(changed.kind()).isEqualTo(MessageKind.MOVED);
        assertThat(changed.rawType()).contains("whatsapp.system.user_changed_number");
        assertThat(changed.conversationKey()).isEqualTo("wa:16505551234");
        assertThat(changed.author().platformId()).isEqualTo("16505551234");
        assertThat(changed.property(InboundMessage.MOVED_TO_AUTHOR)).contains("12195555358");
        assertThat(changed.property(InboundMessage.MOVED_TO_CONVERSATION)).contains("wa:12195555358");
        assertThat(changed.property(WhatsAppWebhookParser.PREVIOUS_ID)).contains("16505551234");
        assertThat(changed.property(WhatsAppWebhookParser.NEW_ID)).contains("12195555358");
        assertThat(changed.text()).startsWith("User Sheena Nelson changed from");
        // older versions: customer_changed_number with new_wa_id
        InboundMessage old = one(body("\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.SYS2\",\"timestamp\":\"1\","
                + "\"type\":\"system\",\"system\":{\"body\":\"changed\",\"new_wa_id\":\"12195555358\",\"type\":"
                + "\"customer_changed_number\"}}]"));
        assertThat(old.property(WhatsAppWebhookParser.NEW_ID)).contains("12195555358");
        assertThat(old.kind()).isEqualTo(MessageKind.MOVED);
        // a business-scoped user id change: no phone number at all
        InboundMessage userId = one(body("\"messages\":[{\"from_user_id\":\"US.222\",\"id\":\"wamid.SYS3\",\"timestamp\":"
                + "\"1\",\"type\":\"system\",\"system\":{\"body\":\"changed\",\"type\":\"user_changed_user_id\","
                + "\"user_id\":\"US.222\",\"previous_user_id\":\"US.111\"}}]"));
        assertThat(userId.property(WhatsAppWebhookParser.PREVIOUS_USER_ID)).contains("US.111");
        assertThat(userId.property(WhatsAppWebhookParser.NEW_USER_ID)).contains("US.222");
        assertThat(userId.kind()).isEqualTo(MessageKind.MOVED);
        assertThat(userId.author().platformId()).isEqualTo("US.111");
        assertThat(userId.conversationKey()).isEqualTo("wa:US.111");
        assertThat(userId.property(InboundMessage.MOVED_TO_AUTHOR)).contains("US.222");
        // a customer known by number keeps it when their BSUID changes: nothing moves
        InboundMessage numberKept = one(body("\"messages\":[{\"from\":\"16505551234\",\"from_user_id\":\"US.222\","
                + "\"id\":\"wamid.SYS4\",\"timestamp\":\"1\",\"type\":\"system\",\"system\":{\"body\":\"changed\","
                + "\"type\":\"user_changed_user_id\",\"user_id\":\"US.222\",\"previous_user_id\":\"US.111\"}}]"));
        assertThat(numberKept.kind()).isEqualTo(MessageKind.UNSUPPORTED);
    }

    /** Documented: a click-to-WhatsApp ad's referral on the customer's first message. */
    @Test
    void aReferralKeepsTheAdContext() {
        InboundMessage m = one(message("\"referral\":{\"source_url\":\"https://fb.me/3cr4Wqqkv\",\"source_id\":"
                + "\"120226305854810726\",\"source_type\":\"ad\",\"body\":\"Summer sale\",\"headline\":\"Chat with us\","
                + "\"media_type\":\"image\",\"image_url\":\"https://scontent.xx.fbcdn.net/x.jpg\",\"ctwa_clid\":"
                + "\"ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv\"},"
                + "\"type\":\"text\",\"text\":{\"body\":\"Is this still on offer?\"}"));
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.text()).isEqualTo("Is this still on offer?");
        assertThat(m.property(InboundMessage.REFERRAL_SOURCE)).contains("ad");
        assertThat(m.property(InboundMessage.REFERRAL_AD_ID)).contains("120226305854810726");
        assertThat(m.property(InboundMessage.REFERRAL_REF)).contains("https://fb.me/3cr4Wqqkv");
        assertThat(m.property(WhatsAppWebhookParser.REFERRAL_HEADLINE)).contains("Chat with us");
        assertThat(m.property(WhatsAppWebhookParser.REFERRAL_CLICK_ID)).isPresent();
    }

    @Test
    void anOrderIsTheCustomersMessageListingItsItems() {
        InboundMessage order = one(message("\"type\":\"order\",\"order\":{\"catalog_id\":\"194836987003835\",\"text\":"
                + "\"Please deliver before Friday\",\"product_items\":[{\"product_retailer_id\":\"di9ozbzfi4\",\"quantity\":"
                + "2,\"item_price\":30,\"currency\":\"USD\"},{\"product_retailer_id\":\"nqryix03ez\",\"quantity\":1,"
                + "\"item_price\":25,\"currency\":\"USD\"}]}"));
        assertThat(order.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(order.text()).isEqualTo("[Order: 2 × di9ozbzfi4 at 30 USD, 1 × nqryix03ez at 25 USD]\n"
                + "Please deliver before Friday");
        assertThat(order.property(WhatsAppContent.ORDER_CATALOG)).contains("194836987003835");
        assertThat(order.property(WhatsAppContent.ORDER_ITEMS)).hasValueSatisfying(i -> assertThat(Json.isValidJson(i)).isTrue());
    }

    @Test
    void aCompletedFlowKeepsItsAnswers() {
        InboundMessage flow = one(message("\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.FLOW\"},\"type\":"
                + "\"interactive\",\"interactive\":{\"type\":\"nfm_reply\",\"nfm_reply\":{\"name\":\"flow\",\"body\":"
                + "\"Sent\",\"response_json\":\"{\\\"flow_token\\\":\\\"t-1\\\",\\\"rating\\\":\\\"5\\\"}\"}}"));
        assertThat(flow.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(flow.rawType()).contains("whatsapp.interactive.nfm_reply");
        assertThat(flow.text()).isEqualTo("[form sent]");
        assertThat(flow.inReplyToId()).contains("wamid.FLOW");
        assertThat(flow.property(WhatsAppContent.FLOW_RESPONSE)).contains("{\"flow_token\":\"t-1\",\"rating\":\"5\"}");
        InboundMessage address = one(message("\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm_reply\","
                + "\"nfm_reply\":{\"name\":\"address_message\",\"body\":\"1 Hacker Way\",\"response_json\":\"{}\"}}"));
        assertThat(address.text()).isEqualTo("[address_message sent] 1 Hacker Way");
        InboundMessage call = one(message("\"type\":\"interactive\",\"interactive\":{\"type\":\"call_permission_reply\","
                + "\"call_permission_reply\":{\"response\":\"accept\",\"is_permanent\":false}}"));
        assertThat(call.text()).isEqualTo("[call permission: accept]");
    }

    @Test
    void anEmptyEmojiRemovesTheReactionAndForwardsAndProductQuestionsAreMarked() {
        InboundMessage removed = one(message("\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.OUT1\","
                + "\"emoji\":\"\"}"));
        assertThat(removed.kind()).isEqualTo(MessageKind.REACTION);
        assertThat(removed.property(InboundMessage.REACTION_ACTION)).contains("unreact");
        InboundMessage often = one(message("\"context\":{\"frequently_forwarded\":true},\"type\":\"text\",\"text\":"
                + "{\"body\":\"fw\"}"));
        assertThat(often.property(WhatsAppWebhookParser.FORWARDED)).contains("frequently");
        InboundMessage product = one(message("\"context\":{\"from\":\"15550783881\",\"id\":\"wamid.P\","
                + "\"referred_product\":{\"catalog_id\":\"194836987003835\",\"product_retailer_id\":\"di9ozbzfi4\"}},"
                + "\"type\":\"text\",\"text\":{\"body\":\"In blue?\"}"));
        assertThat(product.property(WhatsAppWebhookParser.PRODUCT)).contains("di9ozbzfi4 (catalog 194836987003835)");
    }

    @Test
    void aContactWithoutProfileOrWithADifferentWaIdStillNamesTheSender() {
        InboundMessage noProfile = one(body("\"contacts\":[{\"wa_id\":\"1\"}],\"messages\":[{\"from\":\"1\",\"id\":\"m1\","
                + "\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"));
        assertThat(noProfile.author().platformId()).isEqualTo("1");
        assertThat(noProfile.author().displayName()).isEmpty();
        // "a WhatsApp user's ID and phone number may not always match"
        InboundMessage other = one(body("\"contacts\":[{\"profile\":{\"name\":\"Sheena\"},\"wa_id\":\"16505551234\"}],"
                + "\"messages\":[{\"from\":\"+1 650-555-1234\",\"id\":\"m2\",\"timestamp\":\"1\",\"type\":\"text\","
                + "\"text\":{\"body\":\"hi\"}}]"));
        assertThat(other.author().displayName()).contains("Sheena");
    }

    /** Since 2026: a customer with a username may come with a business-scoped user id and no phone number. */
    @Test
    void aCustomerKnownOnlyByABusinessScopedUserIdIsStoredAndAnsweredByIt() {
        InboundMessage m = one(body("\"contacts\":[{\"profile\":{\"name\":\"Bob\",\"username\":\"@bob\"},\"user_id\":"
                + "\"US.13491208655302741918\",\"parent_user_id\":\"US.ENT.11815799212886844830\"}],\"messages\":[{"
                + "\"from_user_id\":\"US.13491208655302741918\",\"id\":\"wamid.U1\",\"timestamp\":\"1\",\"type\":\"text\","
                + "\"text\":{\"body\":\"hello\"}}]"));
        assertThat(m.kind()).isEqualTo(MessageKind.MESSAGE);
        assertThat(m.author().platformId()).isEqualTo("US.13491208655302741918");
        assertThat(m.author().handle()).contains("@bob");
        assertThat(m.author().displayName()).contains("Bob");
        assertThat(m.conversationKey()).isEqualTo("wa:US.13491208655302741918");
        assertThat(m.property(WhatsAppWebhookParser.PARENT_USER_ID)).contains("US.ENT.11815799212886844830");
        InboundMessage both = one(body("\"contacts\":[{\"profile\":{\"name\":\"Sheena\"},\"wa_id\":\"16505551234\","
                + "\"user_id\":\"US.1\"}],\"messages\":[{\"from\":\"16505551234\",\"from_user_id\":\"US.1\",\"id\":\"m\","
                + "\"timestamp\":\"1\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}]"));
        assertThat(both.author().platformId()).as("the phone number stays the key of existing conversations")
                .isEqualTo("16505551234");
        assertThat(both.property(WhatsAppWebhookParser.USER_ID)).contains("US.1");

        JsonNode send = WhatsAppSender.body(new OutboundMessage("whatsapp", m.conversationKey(), m.author().platformId(),
                Optional.empty(), MessageVisibility.PRIVATE, "Hi Bob", List.of()));
        assertThat(send.path("recipient").asText()).isEqualTo("US.13491208655302741918");
        assertThat(send.has("to")).isFalse();
    }

    @Test
    void aGroupMessageIsTheGroupsConversationAndTheReplyGoesToTheGroup() {
        InboundMessage m = one(body("\"contacts\":[{\"profile\":{\"name\":\"Sheena\"},\"wa_id\":\"16505551234\"}],"
                + "\"messages\":[{\"from\":\"16505551234\",\"group_id\":\"120363025\",\"id\":\"wamid.G1\",\"timestamp\":"
                + "\"1\",\"type\":\"text\",\"text\":{\"body\":\"in the group\"}}]"));
        assertThat(m.conversationKey()).isEqualTo("wa:group:120363025");
        assertThat(m.visibility()).isEqualTo(MessageVisibility.PUBLIC);
        assertThat(m.author().platformId()).isEqualTo("16505551234");
        JsonNode send = WhatsAppSender.body(new OutboundMessage("whatsapp", m.conversationKey(), "16505551234",
                Optional.empty(), MessageVisibility.PUBLIC, "Hello group", List.of()));
        assertThat(send.path("recipient_type").asText()).isEqualTo("group");
        assertThat(send.path("to").asText()).isEqualTo("120363025");
    }

    @Test
    void otherFieldsAreIgnoredAndATemplateChangeRefreshesTheTemplates() {
        InboundMessage template = one("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                + "\"time\":1751247548,\"changes\":[{\"field\":\"message_template_status_update\",\"value\":{\"event\":"
                + "\"APPROVED\",\"message_template_id\":\"1689556908129832\",\"message_template_name\":\"order_update\","
                + "\"message_template_language\":\"en_US\",\"reason\":\"NONE\"}}]}]}");
        assertThat(template.kind()).isEqualTo(MessageKind.UNSUPPORTED);
        assertThat(template.rawType()).contains("whatsapp.changes.message_template_status_update");
        assertThat(template.text()).startsWith("template order_update APPROVED");
        assertThat(templateChanges).hasSize(1);
        for (String field : List.of("account_update", "phone_number_quality_update", "history", "smb_app_state_sync",
                "calls", "user_preferences", "security")) {
            InboundMessage other = one("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                    + change(field, "{\"x\":1}") + "]}]}");
            assertThat(other.kind()).isEqualTo(MessageKind.UNSUPPORTED);
            assertThat(other.rawType()).contains("whatsapp.changes." + field);
        }
        assertThat(templateChanges).hasSize(1);
    }

    /** Coexistence: what the business wrote from the WhatsApp Business app shows on the customer's ticket. */
    @Test
    void aMessageSentFromTheBusinessAppIsAnEcho() {
        InboundMessage echo = one("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":["
                + change("smb_message_echoes", value("\"message_echoes\":[{\"from\":\"15550783881\",\"to\":"
                        + "\"16505551234\",\"id\":\"wamid.ECHO\",\"timestamp\":\"1739321024\",\"type\":\"text\",\"text\":"
                        + "{\"body\":\"Sent from the app\"}}]")) + "]}]}");
        assertThat(echo.kind()).isEqualTo(MessageKind.ECHO);
        assertThat(echo.conversationKey()).isEqualTo("wa:16505551234");
        assertThat(echo.text()).isEqualTo("Sent from the app");
        assertThat(echo.externalId()).isEqualTo("wamid.ECHO");
    }
}
