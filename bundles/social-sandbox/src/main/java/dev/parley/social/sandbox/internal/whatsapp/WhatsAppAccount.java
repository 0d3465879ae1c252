package dev.parley.social.sandbox.internal.whatsapp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated WhatsApp Business number: the connector account its webhooks go to, its phone
 * number id (the account's accountId), display number, business account id (entry[].id), the
 * app's secret and verify token, the access token that acts as it, and the templates of its
 * business account ({@code name:language:parameters[:status]}, APPROVED unless a status is given).
 */
public record WhatsAppAccount(String name, String phoneNumberId, String displayNumber, String businessAccountId,
        String appSecret, String verifyToken, String accessToken, List<Template> templates) {

    /** A template: name, language, how many body parameters it takes and its review status. */
    public record Template(String name, String language, int parameters, String status) {

        public Template(String name, String language, int parameters) {
            this(name, language, parameters, "APPROVED");
        }

        public boolean approved() {
            return status.equals("APPROVED");
        }

        /** The body text WhatsApp lists for it: one {@code {{n}}} per parameter. */
        public String bodyText() {
            StringBuilder text = new StringBuilder("Hello from Sandbox Shop");
            for (int i = 1; i <= parameters; i++) {
                text.append(i == 1 ? ": " : ", ").append("{{").append(i).append("}}");
            }
            return text.append('.').toString();
        }
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
            if (f.length < 2 || f.length > 4 || (f.length >= 3 && !f[2].matches("[0-9]{1,2}"))
                    || (f.length == 4 && !f[3].matches("APPROVED|PENDING|REJECTED|PAUSED|DISABLED"))) {
                throw new IllegalArgumentException("whatsappTemplates entries are name:language[:parameters[:status]]"
                        + " (status APPROVED, PENDING, REJECTED, PAUSED or DISABLED); '" + entry + "' is not");
            }
            templates.add(new Template(f[0], f[1], f.length >= 3 ? Integer.parseInt(f[2]) : 0,
                    f.length == 4 ? f[3] : "APPROVED"));
        }
        return templates;
    }
}
