package dev.parley.helpdesk.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.http.ProblemException;

class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy(List.of());
    private final Caller widget = Caller.configured("wall screen", Role.WIDGET);
    private final Caller agent = Caller.configured("ann", Role.AGENT);
    private final Caller admin = Caller.configured("root", Role.ADMIN);

    @Test
    void widgetsReadSlaClocksAndTheStreamAndNothingElse() {
        for (String path : List.of("/api/sla/tickets", "/api/sla/tickets/42", "/api/sla/stats", "/api/sla/policies",
                "/api/sla/channels", "/api/sla/stream")) {
            assertThat(policy.refusal(widget, "GET", path)).as(path).isEmpty();
            assertThat(policy.refusal(widget, "HEAD", path)).as(path).isEmpty();
            assertThat(policy.refusal(widget, "POST", path)).as(path).isPresent();
        }
        assertThat(policy.required("GET", "/api/tickets")).isEqualTo(Role.AGENT);
        assertThat(policy.refusal(widget, "GET", "/api/tickets")).isPresent();
        assertThat(policy.refusal(widget, "POST", "/api/tickets")).isPresent();
        assertThat(policy.refusal(widget, "POST", "/api/plugins")).isPresent();
        assertThat(policy.refusal(widget, "GET", "/api/sla/tickets/42/secret")).isPresent();
        assertThat(policy.refusal(widget, "GET", "/api/sla/newthing")).isPresent();
    }

    @Test
    void agentsWorkTicketsAndExplainButAdministerNothing() {
        for (String call : List.of("GET /api/tickets", "POST /api/tickets", "GET /api/tickets/7", "PATCH /api/tickets/7",
                "GET /api/tickets/7/messages", "POST /api/tickets/7/messages", "GET /api/tickets/7/messages/9",
                "POST /api/tickets/7/handoff", "GET /api/tickets/7/escalations", "POST /api/escalation/explain",
                "GET /api/sla/tickets", "GET /api/sla/stream", "GET /api/canned-responses",
                "GET /api/canned-responses/3")) {
            String[] mp = call.split(" ");
            assertThat(policy.refusal(agent, mp[0], mp[1])).as(call).isEmpty();
        }
        for (String call : List.of("GET /api/plugins", "POST /api/plugins", "DELETE /api/plugins/sla",
                "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/1", "POST /api/social/inbox/5/replay",
                "POST /api/social/inbox/replay", "GET /api/social/inbox", "GET /api/social/accounts",
                "GET /api/escalation/rules", "DELETE /api/tickets/7", "PUT /api/tickets/7/messages",
                "POST /api/tickets/7/somepluginresource", "GET /api/newplugin/things",
                "POST /api/canned-responses", "PUT /api/canned-responses/3", "DELETE /api/canned-responses/3")) {
            String[] mp = call.split(" ");
            assertThat(policy.required(mp[0], mp[1])).as(call).isEqualTo(Role.ADMIN);
            assertThat(policy.refusal(agent, mp[0], mp[1])).as(call).isPresent();
            assertThat(policy.refusal(admin, mp[0], mp[1])).as(call).isEmpty();
        }
    }

    @Test
    void theRefusalIsA403NamingTheRoleNeeded() {
        ProblemException problem = policy.refusal(widget, "POST", "/api/plugins").orElseThrow();
        assertThat(problem.status()).isEqualTo(403);
        assertThat(problem.detail()).contains("'admin' role").contains("'wall screen'").contains("'widget' role");
        assertThat(problem.extensions()).containsEntry("requiredRole", "admin").containsEntry("role", "widget");
        assertThat(policy.refusal(widget, "GET", "/api/tickets").orElseThrow().extensions())
                .containsEntry("requiredRole", "agent");
    }

    @Test
    void pathsAreMatchedBySegmentsNotByText() {
        assertThat(policy.required("GET", "/api/tickets/")).isEqualTo(Role.AGENT);
        assertThat(policy.required("GET", "/api//tickets")).isEqualTo(Role.AGENT);
        assertThat(policy.required("GET", "/api/ticketsx")).isEqualTo(Role.ADMIN);
        assertThat(policy.required("GET", "/api/tickets/..")).isEqualTo(Role.ADMIN);
        assertThat(policy.required("GET", "/api/tickets/../plugins")).isEqualTo(Role.ADMIN);
        assertThat(policy.required("GET", "/api/sla/tickets/.")).isEqualTo(Role.ADMIN);
    }

    @Test
    void configuredGrantsOpenPluginPathsToLowerRoles() {
        AccessPolicy opened = new AccessPolicy(List.of(AccessPolicy.Grant.parse("agent GET,post /api/tickets/*/notes"),
                AccessPolicy.Grant.parse("widget GET /api/board/**")));
        assertThat(opened.refusal(agent, "POST", "/api/tickets/3/notes")).isEmpty();
        assertThat(opened.refusal(agent, "DELETE", "/api/tickets/3/notes")).isPresent();
        assertThat(opened.refusal(widget, "GET", "/api/board")).isEmpty();
        assertThat(opened.refusal(widget, "GET", "/api/board/a/b")).isEmpty();
        assertThat(opened.refusal(widget, "GET", "/api/board/../plugins")).isPresent();
        assertThat(policy.refusal(agent, "POST", "/api/tickets/3/notes")).isPresent();
    }

    @Test
    void badGrantsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("agent GET")).hasMessageContaining("<role> <METHODS> <path>");
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("boss GET /api/x")).hasMessageContaining("unknown role 'boss'");
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("agent GET /plugins")).hasMessageContaining("starts with /api/");
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("agent GET /api/**/x")).hasMessageContaining("only at the end");
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("agent GET /api/tick*")).hasMessageContaining("whole segment");
        assertThatThrownBy(() -> AccessPolicy.Grant.parse("agent G-T /api/x")).hasMessageContaining("GET,POST");
    }

    @Test
    void anIntegrationTokenStaysWithinItsPrefixesOnTopOfItsRole() {
        Caller crm = new Caller("crm", Role.AGENT, List.of("/api/tickets"), Optional.of(4L));
        assertThat(policy.refusal(crm, "POST", "/api/tickets/5/messages")).isEmpty();
        assertThat(policy.refusal(crm, "GET", "/api/tickets")).isEmpty();
        ProblemException outside = policy.refusal(crm, "GET", "/api/sla/tickets").orElseThrow();
        assertThat(outside.status()).isEqualTo(403);
        assertThat(outside.detail()).contains("limited to /api/tickets");
        assertThat(AccessPolicy.withinPrefix("/api/tickets", "/api/ticketsx")).isFalse();
        Caller limitedAdmin = new Caller("deployer", Role.ADMIN, List.of("/api/plugins"), Optional.of(5L));
        assertThat(policy.refusal(limitedAdmin, "POST", "/api/plugins")).isEmpty();
        assertThat(policy.refusal(limitedAdmin, "POST", "/api/tokens")).isPresent();
    }

    @Test
    void prefixesArePlainApiPaths() {
        assertThat(AccessPolicy.checkPrefix("/api/tickets/")).isEqualTo("/api/tickets");
        for (String bad : List.of("/tickets", "/api/../plugins", "/api/t*", "/api/a?b", "api/tickets")) {
            assertThatThrownBy(() -> AccessPolicy.checkPrefix(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
