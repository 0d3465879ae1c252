package dev.parley.sla.internal.channels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The helpdesk channels the installed social platforms serve, read from their {@code
 * SocialPlatform} service registrations (the properties {@code parley.social.channels}, else
 * {@code parley.social.platform}, and {@code parley.social.channelLabels}), so the SLA widget lists
 * the channels that exist on this installation, a new platform's included, with no change here.
 * The SLA plugin does not depend on the social plugins: it matches their services by class name
 * and reads only their properties, never their objects, so it imports nothing of theirs.
 */
@Component(service = SocialChannels.class)
public final class SocialChannels {

    static final String PLATFORM_SERVICE = "dev.parley.social.api.SocialPlatform";
    static final String PLATFORM = "parley.social.platform";
    static final String CHANNELS = "parley.social.channels";
    static final String LABELS = "parley.social.channelLabels";

    /** A channel, its label and the platform serving it. */
    public record Channel(String channel, String label, String platform) {
    }

    private final ServiceTracker<Object, ServiceReference<Object>> platforms;

    @Activate
    public SocialChannels(BundleContext context) throws InvalidSyntaxException {
        Filter filter = context.createFilter("(objectClass=" + PLATFORM_SERVICE + ")");
        this.platforms = new ServiceTracker<>(context, filter, null) {
            @Override
            public ServiceReference<Object> addingService(ServiceReference<Object> reference) {
                return reference; // the properties are all we read: the service object is never taken
            }
        };
        platforms.open(true); // every platform's registration, whichever social-api its bundle wired to
    }

    @Deactivate
    void close() {
        platforms.close();
    }

    /** The channels of the platforms registered now, by channel id. */
    public List<Channel> channels() {
        ServiceReference<Object>[] refs = platforms.getServiceReferences();
        Map<String, Channel> byId = new TreeMap<>();
        if (refs != null) {
            for (ServiceReference<Object> ref : refs) {
                channelsOf(ref.getProperty(PLATFORM), ref.getProperty(CHANNELS), ref.getProperty(LABELS))
                        .forEach(c -> byId.putIfAbsent(c.channel(), c));
            }
        }
        return List.copyOf(byId.values());
    }

    static List<Channel> channelsOf(Object platform, Object channels, Object labels) {
        String platformId = platform == null ? "" : platform.toString().strip();
        List<String> ids = strings(channels);
        if (ids.isEmpty() && !platformId.isEmpty()) {
            ids = List.of(platformId);
        }
        Map<String, String> named = new TreeMap<>();
        for (String entry : strings(labels)) {
            int eq = entry.indexOf('=');
            if (eq > 0 && eq < entry.length() - 1) {
                named.put(entry.substring(0, eq).strip().toLowerCase(Locale.ROOT), entry.substring(eq + 1).strip());
            }
        }
        List<Channel> result = new ArrayList<>();
        for (String id : ids) {
            String channel = id.strip().toLowerCase(Locale.ROOT);
            if (!channel.isEmpty()) {
                result.add(new Channel(channel, named.getOrDefault(channel, channel), platformId));
            }
        }
        return result;
    }

    private static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] array) {
            return List.of(array);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
