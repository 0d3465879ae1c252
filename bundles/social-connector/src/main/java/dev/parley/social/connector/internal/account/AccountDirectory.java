package dev.parley.social.connector.internal.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;

/**
 * The accounts and platforms available right now: account components add and remove
 * themselves, platform services are tracked dynamically, so an account or a platform bundle that
 * comes or goes changes what the webhook servlet and the poller see without restarting them. Two accounts with one name: the first keeps it, the second is ignored (logged).
 */
// Immediate, like the platforms and their HTTP client: each is active before its service is offered,
// so binding a platform here never has to activate a chain of delayed components inside the bind
// (an X platform was sometimes never bound in the itests, with Meta's bound and working)
@Component(service = AccountDirectory.class, immediate = true)
public final class AccountDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(AccountDirectory.class);

    private final List<ConfiguredAccount> accounts = new CopyOnWriteArrayList<>();
    private final Map<String, SocialPlatform> platforms = new ConcurrentHashMap<>();
    private final Map<String, AccountHealth> health = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> channelsByPlatform = new ConcurrentHashMap<>();
    private final List<Runnable> platformListeners = new CopyOnWriteArrayList<>();
    private final UnroutedEvents unrouted = new UnroutedEvents();

    /** Called by each account component as it activates. */
    public void add(ConfiguredAccount account) {
        if (account(account.name()).isPresent()) {
            LOG.warn("Two social accounts are named '{}'; the second one is ignored until the first is removed",
                    account.name());
        }
        accounts.add(account);
    }

    /** Called by each account component as it deactivates. */
    public void remove(ConfiguredAccount account) {
        accounts.remove(account);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindPlatform(SocialPlatform platform, Map<String, Object> properties) {
        Object id = properties.get(SocialPlatform.PLATFORM);
        if (id == null) {
            LOG.warn("A SocialPlatform service without the {} property is ignored", SocialPlatform.PLATFORM);
            return;
        }
        platforms.put(String.valueOf(id), platform);
        channelsByPlatform.put(String.valueOf(id), channels(String.valueOf(id), properties.get(SocialPlatform.CHANNELS)));
        platformsChanged();
    }

    public void unbindPlatform(SocialPlatform platform, Map<String, Object> properties) {
        Object id = properties.get(SocialPlatform.PLATFORM);
        if (id != null && platforms.remove(String.valueOf(id), platform)) {
            channelsByPlatform.remove(String.valueOf(id));
            platformsChanged();
        }
    }

    /** Each listener on its own: one that fails (a component going away) must not keep the others from hearing. */
    private void platformsChanged() {
        for (Runnable listener : platformListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A listener to social platforms coming and going failed: {}", e.toString());
            }
        }
    }

    public Optional<ConfiguredAccount> account(String name) {
        return accounts.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Collection<ConfiguredAccount> accounts() {
        Map<String, ConfiguredAccount> byName = new TreeMap<>();
        accounts.forEach(a -> byName.putIfAbsent(a.name(), a));
        return List.copyOf(byName.values());
    }

    /**
     * The account that events addressed to the platform's account {@code platformAccountId} belong
     * to, when they came in a delivery posted to (and verified with the secret of) {@code postedTo}:
     * that account itself, or another account of the same platform with that {@code accountId} and
     * the same secrets (another Page or user of the same app). Never an account with other secrets:
     * a delivery signed for one app must not put events into another app's account.
     */
    public Optional<ConfiguredAccount> route(ConfiguredAccount postedTo, String platformAccountId) {
        SocialAccount from = postedTo.account();
        if (postedTo.answersFor(platformAccountId)) {
            return Optional.of(postedTo);
        }
        return accounts().stream()
                .filter(c -> c.account().platform().equals(from.platform()) && c.answersFor(platformAccountId)
                        && sameSecrets(from, c.account()))
                .findFirst();
    }

    static boolean sameSecrets(SocialAccount a, SocialAccount b) {
        return same(a.consumerSecret(), b.consumerSecret()) && same(a.appSecret(), b.appSecret());
    }

    private static boolean same(Optional<String> a, Optional<String> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || MessageDigest.isEqual(
                a.get().getBytes(StandardCharsets.UTF_8), b.get().getBytes(StandardCharsets.UTF_8)));
    }

    /** Events for platform accounts nobody configured, counted per id. */
    public UnroutedEvents unrouted() {
        return unrouted;
    }

    public Optional<SocialPlatform> platform(String id) {
        return Optional.ofNullable(platforms.get(id));
    }

    /** The helpdesk channels of the platforms available now. */
    public Set<String> channels() {
        Set<String> all = new TreeSet<>();
        channelsByPlatform.values().forEach(all::addAll);
        return all;
    }

    /** Called whenever a platform comes or goes (the policy's channels follow). */
    public void onPlatformsChanged(Runnable listener) {
        platformListeners.add(listener);
    }

    public void removePlatformListener(Runnable listener) {
        platformListeners.remove(listener);
    }

    private static Set<String> channels(String platform, Object value) {
        if (value instanceof String s) {
            return Set.of(s);
        }
        if (value instanceof String[] list && list.length > 0) {
            return Set.of(list);
        }
        return Set.of(platform);
    }

    public AccountHealth health(String name) {
        return health.computeIfAbsent(name, n -> new AccountHealth());
    }
}
