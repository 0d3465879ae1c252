package dev.parley.helpdesk.core.internal.canned;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders a canned response may hold, written {@code {{name}}} (spaces inside the braces
 * allowed). Only these are accepted when a response is saved, so an agent never sends a typo'd
 * {@code {{custmer.name}}} that no client knows how to fill.
 */
public final class Placeholders {

    /** Every placeholder the console fills, with what it stands for. */
    public static final Set<String> KNOWN = Set.of("customer.name", "customer.handle", "agent.name", "ticket.id",
            "ticket.subject", "ticket.channel");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private Placeholders() {
    }

    static List<String> used(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The placeholders of {@code text} that are not {@link #KNOWN}. */
    static List<String> unknown(String text) {
        return used(text).stream().filter(n -> !KNOWN.contains(n)).toList();
    }
}
