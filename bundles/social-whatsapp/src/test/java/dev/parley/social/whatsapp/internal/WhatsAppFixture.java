package dev.parley.social.whatsapp.internal;

import java.util.Map;
import java.util.Optional;

import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

final class WhatsAppFixture {

    static final String NUMBER = "106540352242922";

    private WhatsAppFixture() {
    }

    static SocialAccount account() {
        return account(Map.of("templates", "order_update:en_US:2, welcome_back:en"));
    }

    static SocialAccount account(Map<String, String> settings) {
        return new SocialAccount("wa", "whatsapp", NUMBER, Optional.of("15550783881"), Optional.empty(),
                Optional.of("app-secret"), Optional.of("verify-me"), Optional.of("token-1"), ReceiveMode.WEBHOOK,
                Optional.of("http://127.0.0.1:8080/sandbox/whatsapp/"), Optional.empty(), Optional.empty(), settings);
    }

    /** A messages-field change for the number with one value object. */
    static String body(String value) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{"
                + "\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + NUMBER + "\"}," + value + "}}]}]}";
    }

    static String message(String fields) {
        return body("\"contacts\":[{\"profile\":{\"name\":\"Sheena Nelson\"},\"wa_id\":\"16505551234\"}],"
                + "\"messages\":[{\"from\":\"16505551234\",\"id\":\"wamid.IN1\",\"timestamp\":\"1739321024\"," + fields
                + "}]");
    }
}
