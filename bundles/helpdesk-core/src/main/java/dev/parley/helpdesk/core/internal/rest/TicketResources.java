package dev.parley.helpdesk.core.internal.rest;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.http.TicketResource;

/** Plugins' ticket sub-resources by name; for a name registered twice the highest ranking wins. */
final class TicketResources {

    private static final Logger LOG = LoggerFactory.getLogger(TicketResources.class);

    private record Entry(String name, TicketResource resource, int ranking, long serviceId) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(TicketResource resource, Map<String, Object> properties) {
        if (!(properties.get(TicketResource.NAME) instanceof String name) || name.isBlank() || name.contains("/")
                || name.equals("messages") || name.equals("attachments")) {
            LOG.warn("Ignoring a TicketResource without a usable '{}' property (service {}): one path segment, "
                    + "not 'messages' nor 'attachments'", TicketResource.NAME, properties.get(Constants.SERVICE_ID));
            return;
        }
        entries.add(new Entry(name, resource, properties.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                properties.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE));
    }

    void remove(TicketResource resource) {
        entries.removeIf(e -> e.resource() == resource);
    }

    Optional<TicketResource> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name))
                .min(Comparator.comparingInt(Entry::ranking).reversed().thenComparingLong(Entry::serviceId))
                .map(Entry::resource);
    }
}
