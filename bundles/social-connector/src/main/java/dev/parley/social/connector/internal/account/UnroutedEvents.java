package dev.parley.social.connector.internal.account;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events a platform delivered for one of its accounts that no configured account (with the same
 * secrets as the one the delivery was posted to) stands for: stored nowhere, acknowledged so the
 * platform does not retry them for days, and counted here per platform id, for
 * {@code GET /api/social/accounts}. Each id is logged once (an administrator who subscribed a new
 * Page to the app sees which id to configure). Bounded: beyond {@link #MAX_IDS} ids the one seen
 * longest ago is forgotten.
 */
public final class UnroutedEvents {

    static final int MAX_IDS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(UnroutedEvents.class);

    /** One unknown account id: how many events were dropped for it, and when the last one came. */
    public record Unrouted(String platform, String accountId, long count, Instant lastSeenAt) {
    }

    private record Key(String platform, String accountId) {
    }

    private final Map<Key, Unrouted> byId = new ConcurrentHashMap<>();

    /** Counts {@code events} events for {@code accountId}, delivered to the account named {@code postedTo}. */
    public void seen(String platform, String accountId, String postedTo, int events, Instant at) {
        Key key = new Key(platform, accountId);
        Unrouted before = byId.get(key);
        if (before == null && byId.size() >= MAX_IDS) {
            byId.values().stream().min(Comparator.comparing(Unrouted::lastSeenAt))
                    .ifPresent(oldest -> byId.remove(new Key(oldest.platform(), oldest.accountId())));
        }
        Unrouted now = byId.merge(key, new Unrouted(platform, accountId, events, at),
                (old, add) -> new Unrouted(platform, accountId, old.count() + add.count(),
                        add.lastSeenAt().isAfter(old.lastSeenAt()) ? add.lastSeenAt() : old.lastSeenAt()));
        if (now.count() == events) {
            LOG.warn("A {} delivery to '{}' carried events for account id {}, which no configured account with the "
                    + "same secret has: acknowledged and not stored (counted under 'unrouted' in /api/social/accounts;"
                    + " configure an account with accountId={} to receive them)", platform, postedTo, accountId,
                    accountId);
        }
    }

    /** Every unknown id, the most recently seen first. */
    public List<Unrouted> all() {
        return byId.values().stream().sorted(Comparator.comparing(Unrouted::lastSeenAt).reversed()
                .thenComparing(Unrouted::accountId)).toList();
    }
}
