package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/**
 * No {@code /api} servlet can answer a request that was not authenticated, whatever has or has not
 * registered yet: the servlets sit in the {@code parley.api} context, whose {@code handleSecurity}
 * authenticates, and which exists only once the access settings do. Proved by taking the pieces
 * away as a start (or a failure) would leave them missing: without the {@code /api} filter the
 * servlets still refuse unauthenticated calls; without the access settings no servlet is served.
 */
@RunWith(PaxExam.class)
public class ApiContextIT extends ParleyTestSupport {

    private static final String CORE = "dev.parley.helpdesk-core";
    private static final String API_CONTEXT = "parley.api";
    /** One path per /api servlet of the runtime's bundles. */
    private static final List<String> API_PATHS = List.of("/api/tickets", "/api/tickets/1", "/api/tokens",
            "/api/plugins", "/api/attachments/1", "/api/sla/tickets", "/api/sla/stats", "/api/sla/policies",
            "/api/sla/channels", "/api/escalation/rules", "/api/social/accounts", "/api/social/inbox");

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private HttpServiceRuntime http;

    @Test
    public void everyApiServletIsInTheAuthenticatingContext() {
        api();
        List<String> outside = new ArrayList<>();
        List<String> inside = new ArrayList<>();
        for (ServletContextDTO context : http.getRuntimeDTO().servletContextDTOs) {
            for (ServletDTO servlet : context.servletDTOs) {
                List<String> patterns = Arrays.asList(servlet.patterns);
                if (patterns.stream().noneMatch(p -> p.startsWith("/api/"))) {
                    continue;
                }
                if (API_CONTEXT.equals(context.name)) {
                    inside.addAll(patterns);
                } else if (!patterns.equals(List.of("/api/*"))) { // the API's 404, guarded by the filter
                    outside.add(servlet.name + " " + patterns + " in context " + context.name);
                }
            }
        }
        assertTrue("/api servlets outside " + API_CONTEXT + ": " + outside, outside.isEmpty());
        for (String expected : List.of("/api/tickets", "/api/tokens", "/api/plugins", "/api/sla/stream",
                "/api/escalation/explain", "/api/social/accounts")) {
            assertTrue(expected + " in " + inside, inside.contains(expected));
        }
    }

    @Test
    public void withoutTheApiFilterTheServletsStillRefuseUnauthenticatedCalls() throws Exception {
        ApiClient admin = api();
        ComponentDescriptionDTO filter = component("dev.parley.helpdesk.core.internal.rest.ApiFilter");
        scr.disableComponent(filter).getValue();
        try {
            Await.condition("the /api filter to be gone", Duration.ofSeconds(30), () -> !apiFilterRegistered());
            for (String path : API_PATHS) {
                ApiClient.Reply reply = admin.getWithoutToken(path);
                assertEquals(path + ": " + reply.body(), 401, reply.status());
                assertEquals("application/problem+json", reply.contentType().replaceFirst(";.*", ""));
            }
            assertEquals("a wrong token too", 401, new ApiClient(httpPort(), "prl_guess").get("/api/tickets").status());
            assertEquals("a widget token gets no more than its role", 403,
                    widget(admin).get("/api/tickets").status());
            assertEquals("the admin token still works", 200, admin.get("/api/tickets").status());
        } finally {
            scr.enableComponent(filter).getValue();
        }
        Await.condition("the /api filter back", Duration.ofSeconds(30), this::apiFilterRegistered);
        assertEquals(401, admin.getWithoutToken("/api/tickets").status());
    }

    @Test
    public void withoutTheAccessSettingsNoApiServletIsServed() throws Exception {
        ApiClient admin = api();
        ComponentDescriptionDTO settings = component("dev.parley.helpdesk.core.internal.rest.AuthConfigurations");
        scr.disableComponent(settings).getValue();
        try {
            Await.condition("the API context to be gone", Duration.ofSeconds(30), () -> !apiContextRegistered());
            for (String path : API_PATHS) {
                ApiClient.Reply anonymous = admin.getWithoutToken(path);
                assertEquals(path + " answered " + anonymous.body(), 404, anonymous.status());
                ApiClient.Reply withToken = admin.get(path);
                assertNotEquals(path + " answered " + withToken.body(), 200, withToken.status());
            }
            assertEquals("the rest of the server is up", 200, admin.getWithoutToken("/health").status());
        } finally {
            scr.enableComponent(settings).getValue();
        }
        Await.condition("the API back", Duration.ofSeconds(30), () -> admin.get("/api/tickets").status() == 200);
        assertEquals(401, admin.getWithoutToken("/api/tickets").status());
    }

    private ApiClient widget(ApiClient admin) {
        ApiClient.Reply created = admin.post("/api/tokens", "{\"name\":\"api context\",\"role\":\"widget\"}");
        assertEquals(created.body(), 201, created.status());
        return new ApiClient(httpPort(), created.json().get("token").asText());
    }

    private ComponentDescriptionDTO component(String name) {
        Bundle core = Arrays.stream(context.getBundles()).filter(b -> CORE.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(core, name);
        assertTrue("no component " + name, description != null);
        return description;
    }

    private boolean apiFilterRegistered() {
        return Arrays.stream(http.getRuntimeDTO().servletContextDTOs).flatMap(c -> Arrays.stream(c.filterDTOs))
                .anyMatch(f -> Arrays.asList(f.patterns).contains("/api/*"));
    }

    private boolean apiContextRegistered() {
        return Arrays.stream(http.getRuntimeDTO().servletContextDTOs).anyMatch(c -> API_CONTEXT.equals(c.name));
    }
}
