package dev.parley.social.connector.internal.profile;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.event.propertytypes.EventTopics;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.TicketEvents;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProfile;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;

/**
 * Fills in who a customer is from the platform's profile API (display name, handle, avatar) after
 * their message is stored, when the platform's event did not name them (Messenger and Instagram
 * give only a scoped id; X's webhooks carry the author's name): on the {@code MESSAGE_ADDED} event
 * of an inbound social message, at most once per author and {@link ProfileCache} period, on this
 * component's own thread. The ticket never
 * waits for it and a failed lookup changes nothing: the name fills in with a later message.
 */
@Component(service = EventHandler.class, configurationPid = ProfileConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@EventTopics(TicketEvents.MESSAGE_ADDED)
@Designate(ocd = ProfileConfig.class)
public final class ProfileLookups implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileLookups.class);
    private static final int QUEUE = 10_000;

    private final TicketService tickets;
    private final CustomerService customers;
    private final AccountDirectory accounts;
    private final ProfileCache cache;
    private final boolean enabled;
    private final ExecutorService executor;

    @Activate
    public ProfileLookups(@Reference TicketService tickets, @Reference CustomerService customers,
            @Reference AccountDirectory accounts, ProfileConfig config) {
        this(tickets, customers, accounts, config, Clock.systemUTC());
    }

    ProfileLookups(TicketService tickets, CustomerService customers, AccountDirectory accounts, ProfileConfig config,
            Clock clock) {
        this.tickets = tickets;
        this.customers = customers;
        this.accounts = accounts;
        this.enabled = config.enabled();
        this.cache = new ProfileCache(Duration.ofMinutes(config.ttlMinutes()), Duration.ofMinutes(config.retryMinutes()),
                config.maxEntries(), clock);
        // bounded: under a flood the surplus is dropped, and those authors are looked up with a later message
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "parley-social-profiles");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Deactivate
    void stop() {
        executor.shutdownNow();
    }

    @Override
    public void handleEvent(Event event) {
        if (enabled && "INBOUND".equals(event.getProperty(TicketEvents.MESSAGE_DIRECTION))
                && "CUSTOMER".equals(event.getProperty(TicketEvents.MESSAGE_AUTHOR_KIND))
                && accounts.channels().contains(String.valueOf(event.getProperty(TicketEvents.CHANNEL)))
                && mayNeedProfile(event) && event.getProperty(TicketEvents.MESSAGE_ID) instanceof Long messageId) {
            executor.execute(() -> lookUpAuthorOf(messageId));
        }
    }

    /**
     * A host that names the message's properties in the event spares the read of a message whose
     * author the webhook named, or that has no platform user behind it (see {@link #lookUpAuthorOf}).
     */
    private static boolean mayNeedProfile(Event event) {
        if (!(event.getProperty(TicketEvents.MESSAGE_PROPERTY_KEYS) instanceof String[] keys)) {
            return true;
        }
        List<String> names = Arrays.asList(keys);
        return names.contains(SocialProperties.AUTHOR_ID) && !names.contains(SocialProperties.AUTHOR_NAME)
                && !names.contains(SocialProperties.NEEDS_LOOKUP) && !names.contains(SocialProperties.ANONYMOUS);
    }

    void lookUpAuthorOf(long messageId) {
        Optional<Message> message = tickets.getMessage(messageId);
        if (message.isEmpty()) {
            return;
        }
        var properties = message.get().properties();
        String platformId = properties.get(SocialProperties.PLATFORM);
        String userId = properties.get(SocialProperties.AUTHOR_ID);
        Optional<ConfiguredAccount> account = Optional.ofNullable(properties.get(SocialProperties.ACCOUNT))
                .flatMap(accounts::account);
        Optional<SocialPlatform> platform = Optional.ofNullable(platformId).flatMap(accounts::platform);
        if (userId == null || account.isEmpty() || platform.isEmpty()) {
            return;
        }
        if (properties.containsKey(SocialProperties.NEEDS_LOOKUP) || properties.containsKey(SocialProperties.ANONYMOUS)) {
            return; // no platform user behind the id (an Instagram mention's placeholder author): MessageLookups names it
        }
        if (properties.containsKey(SocialProperties.AUTHOR_NAME)) {
            // the webhook named the author (X's users map, a Page comment's from.name): no API call spent on
            // it, since X's users lookup shares the account's rate limits with its sends
            return;
        }
        ProfileCache.Key key = new ProfileCache.Key(platformId, account.get().name(), userId);
        if (!cache.claim(key)) {
            return;
        }
        String channel = message.get().channel();
        try {
            Optional<SocialProfile> profile = platform.get().lookupProfile(account.get().account(), channel, userId);
            if (profile.isPresent() && (profile.get().displayName().isPresent() || profile.get().avatarUrl().isPresent()
                    || profile.get().handle().isPresent())) {
                SocialProfile p = profile.get();
                customers.updateProfile(new ChannelIdentity(channel, userId, p.handle()), p.displayName().orElse(null),
                        p.avatarUrl()).ifPresent(c -> LOG.debug("Customer {} profile filled in from {}", c.id(), channel));
            }
            cache.succeeded(key);
        } catch (IOException | RuntimeException e) {
            cache.failed(key);
            LOG.info("Profile of {} user {} (account {}) not available now: {}", channel, userId, account.get().name(),
                    e.getMessage());
        }
    }
}
