package dev.parley.escalation.internal.rules;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.Priority;
import dev.parley.helpdesk.api.Visibility;

/**
 * Compiles the {@code when} part of a rule. A condition is an object with one key; {@code all},
 * {@code any} and {@code not} combine others. Every error names its JSON path.
 */
final class ConditionParser {

    static final String KNOWN = "all, any, not, channel, visibility, keywords, regex, language, sentimentBelow, "
            + "sentimentAbove, followersAtLeast, verified, canDm, asksForHelp, question, repeatedContacts, "
            + "slaRemainingMinutesBelow, slaElapsedPercentAtLeast, ticketAgeHoursAtLeast, tags, priority, businessHours";

    private ConditionParser() {
    }

    static Condition parse(JsonNode node, String path) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new RuleFileException(path, "a condition is an object with exactly one key, one of: " + KNOWN);
        }
        Map.Entry<String, JsonNode> entry = node.fields().next();
        String key = entry.getKey();
        JsonNode value = entry.getValue();
        String at = path + "." + key;
        return switch (key) {
            case "all" -> combine(value, at, true);
            case "any" -> combine(value, at, false);
            case "not" -> {
                Condition inner = parse(value, at);
                yield new Condition("not (" + inner.description() + ")", f -> !inner.test(f));
            }
            case "channel" -> {
                Set<String> channels = lowerStrings(value, at);
                yield new Condition("channel in " + channels,
                        f -> channels.contains(f.context().ticket().channel().toLowerCase(Locale.ROOT)));
            }
            case "visibility" -> {
                Set<Visibility> visibilities = enums(value, at, Visibility.class);
                yield new Condition("message is " + visibilities, f -> f.context().message().map(Message::visibility)
                        .filter(visibilities::contains).isPresent());
            }
            case "keywords" -> keywords(value, at);
            case "regex" -> regex(value, at);
            case "language" -> {
                Set<String> languages = lowerStrings(value, at);
                yield new Condition("language in " + languages, f -> languages.contains(f.context().language()));
            }
            case "sentimentBelow" -> {
                double limit = number(value, at, -1, 1);
                yield new Condition("sentiment below " + limit, f -> f.context().sentiment() < limit);
            }
            case "sentimentAbove" -> {
                double limit = number(value, at, -1, 1);
                yield new Condition("sentiment above " + limit, f -> f.context().sentiment() > limit);
            }
            case "followersAtLeast" -> {
                long min = (long) number(value, at, 0, Long.MAX_VALUE);
                yield new Condition("author has at least " + min + " followers", f -> f.context().author().followers() >= min);
            }
            case "verified" -> {
                boolean wanted = bool(value, at);
                yield new Condition(wanted ? "verified author" : "unverified author",
                        f -> f.context().author().verified() == wanted);
            }
            case "canDm" -> {
                boolean wanted = bool(value, at);
                yield new Condition(wanted ? "author accepts our DMs" : "author does not accept our DMs",
                        f -> f.context().author().canReceiveDm() == wanted);
            }
            case "asksForHelp" -> {
                boolean wanted = bool(value, at);
                yield new Condition(wanted ? "asks for help" : "does not ask for help", f -> f.asksForHelp() == wanted);
            }
            case "question" -> {
                boolean wanted = bool(value, at);
                yield new Condition(wanted ? "asks a common question" : "asks no common question",
                        f -> f.answer().isPresent() == wanted);
            }
            case "repeatedContacts" -> repeated(value, at);
            case "slaRemainingMinutesBelow" -> {
                double minutes = number(value, at, -1e9, 1e9);
                yield new Condition("SLA time left below " + minutes + " min", f -> f.context().sla()
                        .filter(s -> s.remaining().toSeconds() < minutes * 60).isPresent());
            }
            case "slaElapsedPercentAtLeast" -> {
                int percent = (int) number(value, at, 0, 10_000);
                yield new Condition("SLA at least " + percent + "% elapsed", f -> f.context().sla()
                        .filter(s -> s.elapsedPercent() >= percent).isPresent());
            }
            case "ticketAgeHoursAtLeast" -> {
                double hours = number(value, at, 0, 1e6);
                yield new Condition("ticket at least " + hours + " h old", f -> Duration.between(
                        f.context().ticket().createdAt(), f.context().now()).toSeconds() >= hours * 3600);
            }
            case "tags" -> {
                Set<String> tags = lowerStrings(value, at);
                yield new Condition("ticket tagged any of " + tags,
                        f -> f.context().ticket().tags().stream().anyMatch(tags::contains));
            }
            case "priority" -> {
                Set<Priority> priorities = enums(value, at, Priority.class);
                yield new Condition("priority in " + priorities,
                        f -> priorities.contains(f.context().ticket().priority()));
            }
            case "businessHours" -> businessHours(value, at);
            default -> throw new RuleFileException(at, "unknown condition '" + key + "'; known: " + KNOWN);
        };
    }

    private static Condition combine(JsonNode value, String path, boolean all) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new RuleFileException(path, "expected a non-empty array of conditions");
        }
        List<Condition> parts = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            parts.add(parse(value.get(i), path + "[" + i + "]"));
        }
        String description = parts.stream().map(Condition::description)
                .collect(Collectors.joining(all ? " and " : " or ", "(", ")"));
        Set<String> anchors = new HashSet<>();
        if (all) {
            // one anchored part is enough: the rule can only match messages containing its words
            parts.stream().filter(p -> !p.anchors().isEmpty()).findFirst().ifPresent(p -> anchors.addAll(p.anchors()));
            return new Condition(description, f -> {
                for (Condition c : parts) {
                    f.checkBudget();
                    if (!c.test(f)) {
                        return false;
                    }
                }
                return true;
            }, anchors);
        }
        if (parts.stream().noneMatch(p -> p.anchors().isEmpty())) {
            parts.forEach(p -> anchors.addAll(p.anchors()));
        }
        return new Condition(description, f -> parts.stream().anyMatch(c -> {
            f.checkBudget();
            return c.test(f);
        }), anchors);
    }

    private static Condition keywords(JsonNode value, String path) {
        List<String> phrases = new ArrayList<>();
        for (String raw : lowerStrings(value, path)) {
            String phrase = Words.normalize(raw);
            if (phrase.isEmpty()) {
                throw new RuleFileException(path, "keyword '" + raw + "' has no letters or digits");
            }
            phrases.add(phrase);
        }
        Set<String> anchors = phrases.stream().map(p -> p.split(" ")[0]).collect(Collectors.toSet());
        return new Condition("mentions any of " + phrases, f -> {
            for (String p : phrases) {
                if (f.containsPhrase(p)) {
                    return true;
                }
            }
            return false;
        }, anchors);
    }

    /**
     * RE2 syntax (RE2/J), matched in time linear in the text: no pattern an administrator writes can
     * hold a thread. What RE2 refuses (backreferences, lookaround, possessive quantifiers) is refused
     * here, with the index of the construct in the pattern.
     */
    private static Condition regex(JsonNode value, String path) {
        if (value == null || !value.isTextual()) {
            throw new RuleFileException(path, "expected a regular expression string");
        }
        String source = value.asText();
        try {
            Pattern pattern = Pattern.compile(source, Pattern.CASE_INSENSITIVE);
            return new Condition("text matches /" + source + "/", f -> pattern.matcher(f.budgetedText()).find());
        } catch (PatternSyntaxException e) {
            throw new RuleFileException(path, regexError(source, e));
        }
    }

    static String regexError(String source, PatternSyntaxException e) {
        String construct = e.getPattern();
        int index = construct == null || construct.isEmpty() ? -1 : source.indexOf(construct);
        String where = index < 0 ? "" : " at index " + index + " (`" + construct + "`)";
        String unsupported = construct != null && (construct.startsWith("\\") && construct.length() > 1
                && Character.isDigit(construct.charAt(1)) || construct.startsWith("(?=") || construct.startsWith("(?!")
                || construct.startsWith("(?<=") || construct.startsWith("(?<!") || construct.matches("[*+?}][+]"))
                ? "; backreferences, lookaround and possessive quantifiers are not supported" : "";
        return "invalid regular expression" + where + ": " + e.getDescription() + unsupported
                + " (rules use RE2 syntax, which matches in linear time)";
    }

    private static Condition repeated(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw new RuleFileException(path, "expected {\"atLeast\": n, \"withinHours\": h}");
        }
        onlyKeys(value, path, Set.of("atLeast", "withinHours"));
        int atLeast = (int) number(value.get("atLeast"), path + ".atLeast", 1, 1000);
        double hours = number(value.get("withinHours"), path + ".withinHours", 0.01, 24 * 365);
        Duration window = Duration.ofSeconds((long) (hours * 3600));
        return new Condition(atLeast + "+ contacts within " + hours + " h",
                f -> f.context().contactsWithin(window) >= atLeast);
    }

    private static Condition businessHours(JsonNode value, String path) {
        if (value == null || !value.isObject()) {
            throw new RuleFileException(path, "expected {\"zone\", \"days\", \"from\", \"to\", \"inside\"}");
        }
        onlyKeys(value, path, Set.of("zone", "days", "from", "to", "inside"));
        ZoneId zone;
        try {
            zone = ZoneId.of(text(value.get("zone"), path + ".zone"));
        } catch (java.time.DateTimeException e) {
            throw new RuleFileException(path + ".zone", "unknown time zone: " + e.getMessage());
        }
        EnumSet<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode daysNode = value.get("days");
        if (daysNode == null) {
            days.addAll(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
        } else {
            for (String d : lowerStrings(daysNode, path + ".days")) {
                days.add(day(d, path + ".days"));
            }
        }
        LocalTime from = time(value.get("from"), path + ".from");
        LocalTime to = time(value.get("to"), path + ".to");
        boolean inside = !value.has("inside") || bool(value.get("inside"), path + ".inside");
        return new Condition((inside ? "inside" : "outside") + " business hours", f -> {
            ZonedDateTime t = f.context().now().atZone(zone);
            LocalTime clock = t.toLocalTime();
            boolean open = days.contains(t.getDayOfWeek()) && !clock.isBefore(from) && clock.isBefore(to);
            return open == inside;
        });
    }

    private static DayOfWeek day(String d, String path) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(d) && d.length() >= 3) {
                return day;
            }
        }
        throw new RuleFileException(path, "unknown day '" + d + "'; use MON, TUE, ... SUN");
    }

    private static LocalTime time(JsonNode node, String path) {
        try {
            return LocalTime.parse(text(node, path));
        } catch (java.time.format.DateTimeParseException e) {
            throw new RuleFileException(path, "expected a time as HH:MM, got '" + node.asText() + "'");
        }
    }

    static void onlyKeys(JsonNode object, String path, Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new RuleFileException(path + "." + name, "unknown key; allowed: " + allowed.stream().sorted()
                        .collect(Collectors.joining(", ")));
            }
        }
    }

    static String text(JsonNode node, String path) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new RuleFileException(path, "expected a non-empty string" + got(node));
        }
        return node.asText();
    }

    static boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) {
            throw new RuleFileException(path, "expected true or false" + got(node));
        }
        return node.asBoolean();
    }

    static double number(JsonNode node, String path, double min, double max) {
        if (node == null || !node.isNumber()) {
            throw new RuleFileException(path, "expected a number" + got(node));
        }
        double value = node.asDouble();
        if (value < min || value > max) {
            throw new RuleFileException(path, "expected a number from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    static Set<String> lowerStrings(JsonNode node, String path) {
        Set<String> values = new java.util.LinkedHashSet<>();
        if (node != null && node.isTextual()) {
            values.add(text(node, path).toLowerCase(Locale.ROOT));
            return values;
        }
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new RuleFileException(path, "expected a string or a non-empty array of strings" + got(node));
        }
        for (int i = 0; i < node.size(); i++) {
            values.add(text(node.get(i), path + "[" + i + "]").toLowerCase(Locale.ROOT));
        }
        return values;
    }

    static <E extends Enum<E>> Set<E> enums(JsonNode node, String path, Class<E> type) {
        Set<E> values = EnumSet.noneOf(type);
        for (String v : lowerStrings(node, path)) {
            values.add(constant(v, path, type));
        }
        return values;
    }

    static <E extends Enum<E>> E constant(String value, String path, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RuleFileException(path, "unknown " + type.getSimpleName() + " '" + value + "'; use one of "
                    + EnumSet.allOf(type));
        }
    }

    private static String got(JsonNode node) {
        return node == null ? ", but it is missing" : ", got " + node;
    }
}
