package dev.parley.social.sandbox.internal.whatsapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated WhatsApp Business number: the connector account its webhooks go to, its phone
 * number id (the account's accountId), display number, business account id (entry[].id), the
 * app's secret and verify token, the access token that acts as it, and its approved templates
 * ({@code name:language:parameters}).
 */
public record WhatsAppAccount(String name, String phoneNumberId, String displayNumber, String businessAccountId,
        String appSecret, String verifyToken, String accessToken, List<Template> templates) {

    /** An approved template: name, language and how many body parameters it takes. */
    public record Template(String name, String language, int parameters) {
    }

    public WhatsAppAccount {
        templates = List.copyOf(templates);
    }

    public Optional<Template> template(String name, String language) {
        return templates.stream().filter(t -> t.name().equals(name) && t.language().equals(language)).findFirst();
    }

    /** {@code name:language[:parameters]} entries, comma-separated; unusable ones stop the sandbox with the reason. */
    public static List<Template> templates(String[] configured) {
        List<Template> templates = new ArrayList<>();
        for (String entry : String.join(",", configured).split("[,\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] f = entry.split(":");
            if (f.length < 2 || f.length > 3 || (f.length == 3 && !f[2].matches("[0-9]{1,2}"))) {
                throw new IllegalArgumentException("whatsappTemplates entries are name:language[:parameters]; '"
                        + entry + "' is not");
            }
            templates.add(new Template(f[0], f[1], f.length == 3 ? Integer.parseInt(f[2]) : 0));
        }
        return templates;
    }
}
