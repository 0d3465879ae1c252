package dev.parley.social.x.internal;

import java.util.Optional;

/** Where X polling stopped: the mentions since_id and the newest DM event id seen. */
record XCursor(Optional<String> mentionsSince, Optional<String> dmsNewest) {

    static XCursor parse(String cursor) {
        Optional<String> mentions = Optional.empty();
        Optional<String> dms = Optional.empty();
        for (String part : cursor == null ? new String[0] : cursor.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                continue;
            }
            String value = part.substring(eq + 1);
            switch (part.substring(0, eq)) {
                case "mentions" -> mentions = Optional.of(value);
                case "dms" -> dms = Optional.of(value);
                default -> { } // a cursor written by a newer version: ignore what we do not know
            }
        }
        return new XCursor(mentions, dms);
    }

    /** Whether id {@code a} is not newer than {@code b}: numeric snowflake order, else equality. */
    static boolean atOrBefore(String a, String b) {
        if (a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit)) {
            return a.length() != b.length() ? a.length() < b.length() : a.compareTo(b) <= 0;
        }
        return a.equals(b);
    }

    @Override
    public String toString() {
        return "mentions=" + mentionsSince.orElse("") + ";dms=" + dmsNewest.orElse("");
    }
}
