package dev.parley.social.whatsapp.internal;

import java.util.ArrayList;
import java.util.List;

import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.SocialAccount;

/**
 * The templates approved for an account's number, from its file: {@code templates=name:language:parameters,
 * ...} (the parameter count defaults to 0), such as {@code order_update:en_US:2, welcome_back:en:0}.
 * Entries that are not of that shape are left out (the account's health names them).
 */
final class WhatsAppTemplates {

    static final String SETTING = "templates";

    private WhatsAppTemplates() {
    }

    static List<MessageTemplate> of(SocialAccount account) {
        return parse(account.setting(SETTING).orElse("")).templates();
    }

    record Parsed(List<MessageTemplate> templates, List<String> invalid) {
    }

    static Parsed parse(String setting) {
        List<MessageTemplate> templates = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String entry : setting.split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] f = entry.split(":");
            if (f.length < 2 || f.length > 3 || !f[0].matches("[a-z0-9_]{1,512}")
                    || !f[1].matches("[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?") || (f.length == 3 && !f[2].matches("[0-9]{1,2}"))) {
                invalid.add(entry);
                continue;
            }
            templates.add(new MessageTemplate(f[0], f[1], f.length == 3 ? Integer.parseInt(f[2]) : 0));
        }
        return new Parsed(List.copyOf(templates), List.copyOf(invalid));
    }
}
