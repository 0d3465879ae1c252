package dev.parley.social.sandbox.internal.x;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a newest-first listing and the token for the next, older page. */
record TimelinePage<T>(List<T> items, Optional<String> nextToken) {

    static <T> TimelinePage<T> of(List<T> all, Function<T, String> id, int max, Optional<String> token) {
        Optional<String> before = token.map(TimelinePage::decode);
        List<T> newestFirst = all.stream()
                .sorted(Comparator.comparing(id, DirectMessage::compareIds).reversed())
                .filter(item -> before.map(b -> DirectMessage.compareIds(id.apply(item), b) < 0).orElse(true))
                .toList();
        List<T> page = newestFirst.subList(0, Math.min(max, newestFirst.size()));
        Optional<String> next = newestFirst.size() > max ? Optional.of(encode(id.apply(page.get(page.size() - 1))))
                : Optional.empty();
        return new TimelinePage<>(page, next);
    }

    /** Tokens look like X's (lowercase alphanumerics) and are not ids, so clients cannot rely on them. */
    static String encode(String id) {
        return "7140" + new BigInteger(id).toString(36);
    }

    static String decode(String token) {
        try {
            if (!token.startsWith("7140")) {
                throw new NumberFormatException(token);
            }
            return new BigInteger(token.substring(4), 36).toString();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("pagination_token '" + token + "' is not a token this API issued");
        }
    }
}
