package dev.parley.escalation.internal.rules;

import java.util.regex.Pattern;

/**
 * The "asks for help" intent: an explicit request ("please help", "can you help", "DM me", "need
 * help") or a reference only the company can act on (an order, booking or case number). A complaint
 * without either is not a request for help: it gets a public reply suggestion, not a DM invitation.
 */
final class HelpIntent {

    private static final Pattern REQUEST = Pattern.compile("(?iu)\\b(please\\s+help|pls\\s+help|plz\\s+help|help\\s+me"
            + "|help\\s+us|help\\s+please|can\\s+(you|someone|anyone)\\s+(please\\s+)?help|could\\s+you\\s+(please\\s+)?help"
            + "|need\\s+(your\\s+|some\\s+)?help|(dm|pm|inbox|message|contact|call)\\s+me|send\\s+me\\s+a\\s+(dm|message)"
            + "|hilfe|bitte\\s+helfen|aidez[- ]moi|ayuda)\\b");
    private static final Pattern REFERENCE = Pattern.compile("(?iu)(\\b(order|booking|reservation|confirmation|case"
            + "|reference|ref|tracking)\\b\\W{0,3}(no\\.?|nr\\.?|number|id|code)?\\W{0,3}[a-z0-9-]*\\d[a-z0-9-]{3,}\\b"
            + "|#\\d{5,}\\b)");

    private HelpIntent() {
    }

    static boolean matches(String text) {
        return REQUEST.matcher(text).find() || REFERENCE.matcher(text).find();
    }
}
