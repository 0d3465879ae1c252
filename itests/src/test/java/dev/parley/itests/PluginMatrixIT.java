package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;

import dev.parley.helpdesk.api.TicketService;

/**
 * The three plugins are independent: each alone, each pair, all three, installed in every order
 * and each removed from the full set, the host and the plugins present keep working (tickets flow,
 * webhooks become tickets, rules are served, SLA counts). Plugins are removed and installed through
 * the administration API, from the runtime's own jars.
 */
@RunWith(PaxExam.class)
public class PluginMatrixIT extends ParleyTestSupport {

    static final List<String> PLUGINS = List.of("social", "escalation", "sla");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private TicketService tickets;

    private ApiClient api;
    private final Map<String, List<String>> locations = new LinkedHashMap<>();

    @Test
    public void everyCombinationAndInstallOrderKeepsThePresentPluginsWorking() {
        api = api();
        for (String plugin : PLUGINS) {
            // bundle ids follow the runtime's install order: APIs before their implementations
            locations.put(plugin, Arrays.stream(context.getBundles()).filter(b -> parts(plugin).contains(String.valueOf(b.getHeaders("")
                    .get("Parley-Plugin")))).sorted(Comparator.comparingLong(Bundle::getBundleId))
                    .map(Bundle::getLocation).toList());
        }
        Set<String> present = new TreeSet<>(PLUGINS);
        check(present);
        for (String plugin : PLUGINS) { // remove each from the full set, then put it back
            remove(plugin, present);
            install(plugin, present);
        }
        for (List<String> keep : List.of(List.of("social"), List.of("escalation"), List.of("sla"),
                List.of("social", "escalation"), List.of("social", "sla"), List.of("escalation", "sla"))) {
            for (String plugin : PLUGINS) {
                if (!keep.contains(plugin)) {
                    remove(plugin, present);
                }
            }
            for (String plugin : PLUGINS) {
                if (!keep.contains(plugin)) {
                    install(plugin, present);
                }
            }
        }
        for (List<String> order : permutations(PLUGINS)) {
            PLUGINS.forEach(p -> remove(p, present));
            order.forEach(p -> install(p, present));
        }
    }

    private void remove(String plugin, Set<String> present) {
        if (present.remove(plugin)) {
            List<String> parts = new ArrayList<>(parts(plugin));
            java.util.Collections.reverse(parts); // the platforms before the plugin whose API they import
            for (String part : parts) {
                assertEquals(part, 200, api.delete("/api/plugins/" + part).status());
            }
            check(present);
        }
    }

    private void install(String plugin, Set<String> present) {
        if (present.add(plugin)) {
            for (String location : locations.get(plugin)) {
                ApiClient.Reply reply = api.post("/api/plugins", "{\"location\":\"" + location + "\"}");
                assertEquals(reply.body(), 201, reply.status());
            }
            check(present);
        }
    }

    /**
     * The plugins one matrix entry stands for: the social platforms (social-x, social-meta, social-whatsapp) need the
     * social plugin's API and go with it here; PlatformPluginIT removes and reinstalls one platform alone.
     */
    static List<String> parts(String plugin) {
        return plugin.equals("social") ? List.of("social", "social-x", "social-meta", "social-whatsapp",
                "social-telegram")
                : List.of(plugin);
    }

    /** What must work with exactly these plugins installed. */
    private void check(Set<String> present) {
        String state = "with " + present;
        ApiClient.Reply created = api.post("/api/tickets", "{\"subject\":\"matrix " + present + "\",\"requester\":"
                + "{\"email\":\"matrix@example.com\"},\"description\":\"still flowing\"}");
        assertEquals(state + ": tickets flow", 201, created.status());
        long ticket = created.json().get("id").asLong();

        if (present.contains("social")) {
            SignedWebhooks hooks = new SignedWebhooks(httpPort());
            String id = "matrix-" + UUID.randomUUID();
            Await.condition(state + ": a DM webhook becomes a ticket", WAIT, () -> {
                if (tickets.findMessage("x", id).isPresent()) {
                    return true;
                }
                hooks.postX(SignedWebhooks.xDirectMessage(id, "770000001", "matrix", "hello " + present));
                return false;
            });
        } else {
            Await.condition(state + ": no webhook endpoint", WAIT,
                    () -> api.getWithoutToken("/webhooks/x/" + SignedWebhooks.X_ACCOUNT + "?crc_token=t").status() == 404);
        }
        int rules = present.contains("escalation") ? 200 : 404;
        Await.condition(state + ": /api/escalation/rules answers " + rules, WAIT,
                () -> api.get("/api/escalation/rules").status() == rules);
        if (present.contains("sla")) {
            Await.condition(state + ": SLA counts the new ticket", WAIT,
                    () -> api.get("/api/sla/tickets/" + ticket).status() == 200);
        } else {
            Await.condition(state + ": no SLA API", WAIT, () -> api.get("/api/sla/tickets").status() == 404);
        }
        List<String> unhealthy = new ArrayList<>();
        api.get("/api/plugins").json().path("plugins").forEach(p -> {
            if (!"UP".equals(p.path("health").asText())) {
                unhealthy.add(p.toString());
            }
        });
        assertTrue(state + ": every installed plugin is UP: " + unhealthy, unhealthy.isEmpty());
    }

    static List<List<String>> permutations(List<String> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<String>> all = new ArrayList<>();
        for (String first : items) {
            List<String> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<String> tail : permutations(rest)) {
                List<String> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
