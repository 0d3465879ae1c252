package dev.parley.helpdesk.core.internal.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.parley.helpdesk.api.http.ProblemException;

/**
 * Which role an /api call needs. Deny by default: a call no grant names needs {@code admin}, so a
 * plugin's new path is closed to agents and widgets until a grant opens it (the built-in ones
 * below, or the {@code grants} of the auth configuration). Paths are matched segment by segment
 * on what the container dispatches (decoded, normalized); {@code *} is one segment, a final
 * {@code **} any rest. HEAD counts as GET.
 */
public final class AccessPolicy {

    /** One opening: callers with at least {@code role} may use {@code methods} on paths matching {@code pattern}. */
    public record Grant(Role role, Set<String> methods, String pattern) {

        public Grant {
            methods = Set.copyOf(methods);
            if (!pattern.startsWith("/api/")) {
                throw new IllegalArgumentException("a grant's path starts with /api/, not '" + pattern + "'");
            }
            List<String> segments = segments(pattern);
            for (int i = 0; i < segments.size(); i++) {
                String s = segments.get(i);
                if (s.equals("**") && i != segments.size() - 1 || s.equals(".") || s.equals("..")
                        || !s.equals("*") && !s.equals("**") && s.contains("*")) {
                    throw new IllegalArgumentException("'" + pattern + "': '*' stands for a whole segment, '**' only "
                            + "at the end");
                }
            }
        }

        static Grant of(Role role, String methods, String pattern) {
            Set<String> set = Arrays.stream(methods.split(",")).map(m -> m.strip().toUpperCase(Locale.ROOT))
                    .filter(m -> !m.isEmpty()).collect(Collectors.toSet());
            if (set.isEmpty() || !set.stream().allMatch(m -> m.matches("[A-Z]+"))) {
                throw new IllegalArgumentException("methods are a comma-separated list like GET,POST, not '" + methods
                        + "'");
            }
            return new Grant(role, set, pattern);
        }

        /** Parses {@code "<role> <METHOD[,METHOD]> <path>"}, e.g. {@code agent GET,POST /api/tickets/*}{@code /notes}. */
        public static Grant parse(String entry) {
            String[] parts = entry.strip().split("\\s+");
            if (parts.length != 3) {
                throw new IllegalArgumentException("a grant is '<role> <METHODS> <path>', not '" + entry + "'");
            }
            Role role = Role.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException("unknown role '" + parts[0]
                    + "'; use one of " + Role.choices()));
            return of(role, parts[1], parts[2]);
        }

        boolean matches(String method, List<String> path) {
            return methods.contains(method) && AccessPolicy.matches(segments(pattern), path);
        }
    }

    /** What the shipped bundles serve to roles below admin; everything else under /api is admin-only. */
    public static final List<Grant> BUILT_IN = List.of(
            Grant.of(Role.WIDGET, "GET", "/api/sla/tickets"),
            Grant.of(Role.WIDGET, "GET", "/api/sla/tickets/*"),
            Grant.of(Role.WIDGET, "GET", "/api/sla/stats"),
            Grant.of(Role.WIDGET, "GET", "/api/sla/policies"),
            Grant.of(Role.WIDGET, "GET", "/api/sla/channels"),
            Grant.of(Role.WIDGET, "GET", "/api/sla/stream"),
            Grant.of(Role.WIDGET, "GET", "/api/me"),
            Grant.of(Role.AGENT, "GET,POST", "/api/tickets"),
            Grant.of(Role.AGENT, "GET,PATCH", "/api/tickets/*"),
            Grant.of(Role.AGENT, "GET,POST", "/api/tickets/*/messages"),
            Grant.of(Role.AGENT, "GET", "/api/tickets/*/messages/*"),
            Grant.of(Role.AGENT, "POST", "/api/tickets/*/messages/check"),
            Grant.of(Role.AGENT, "POST", "/api/tickets/*/handoff"),
            Grant.of(Role.AGENT, "POST", "/api/tickets/*/attachments"),
            Grant.of(Role.AGENT, "GET", "/api/attachments/*"),
            Grant.of(Role.AGENT, "GET", "/api/tickets/*/escalations"),
            Grant.of(Role.AGENT, "POST", "/api/escalation/explain"),
            Grant.of(Role.AGENT, "GET", "/api/canned-responses"),
            Grant.of(Role.AGENT, "GET", "/api/canned-responses/*"));

    private final List<Grant> grants;

    public AccessPolicy(List<Grant> extra) {
        List<Grant> all = new ArrayList<>(BUILT_IN);
        all.addAll(extra);
        this.grants = List.copyOf(all);
    }

    /** The least role that may make this call: the lowest granted one, else admin. */
    public Role required(String method, String path) {
        String m = method.equals("HEAD") ? "GET" : method;
        List<String> segments = segments(path);
        return grants.stream().filter(g -> g.matches(m, segments)).map(Grant::role).min(Role::compareTo)
                .orElse(Role.ADMIN);
    }

    /** Why {@code caller} may not make this call (a 403 problem naming the role needed), or empty when it may. */
    public Optional<ProblemException> refusal(Caller caller, String method, String path) {
        Role required = required(method, path);
        if (!caller.role().includes(required)) {
            return Optional.of(new ProblemException(403, "Forbidden", method + " " + path + " needs the '"
                    + required.id() + "' role; the token '" + caller.name() + "' has the '" + caller.role().id()
                    + "' role", "https://parley.dev/problems/role",
                    Map.of("requiredRole", required.id(), "role", caller.role().id())));
        }
        if (!caller.paths().isEmpty() && caller.paths().stream().noneMatch(prefix -> withinPrefix(prefix, path))) {
            return Optional.of(new ProblemException(403, "Forbidden", "the token '" + caller.name()
                    + "' is limited to " + String.join(", ", caller.paths()), "https://parley.dev/problems/paths",
                    Map.of("paths", caller.paths())));
        }
        return Optional.empty();
    }

    /** Checks an integration token's path prefix: an absolute /api path of plain segments. */
    public static String checkPrefix(String prefix) {
        if (prefix == null || !prefix.startsWith("/api/") || prefix.length() > 200
                || segments(prefix).stream().anyMatch(s -> s.equals(".") || s.equals("..") || s.contains("*"))
                || !prefix.matches("[A-Za-z0-9/._~-]+")) {
            throw new IllegalArgumentException("a path prefix is an /api/... path of plain segments (letters, digits, "
                    + ". _ ~ -), at most 200 characters, not '" + prefix + "'");
        }
        return "/" + String.join("/", segments(prefix));
    }

    static boolean withinPrefix(String prefix, String path) {
        List<String> want = segments(prefix);
        List<String> have = segments(path);
        return have.size() >= want.size() && have.subList(0, want.size()).equals(want)
                && have.stream().noneMatch(AccessPolicy::dots);
    }

    private static boolean matches(List<String> pattern, List<String> path) {
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.equals("**")) {
                return path.subList(i, path.size()).stream().noneMatch(AccessPolicy::dots);
            }
            if (i >= path.size()) {
                return false;
            }
            String s = path.get(i);
            if (p.equals("*") ? dots(s) : !p.equals(s)) {
                return false;
            }
        }
        return pattern.size() == path.size();
    }

    // the container normalizes paths before dispatch; a dot segment that still shows up matches no wildcard
    private static boolean dots(String segment) {
        return segment.equals(".") || segment.equals("..");
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }
}
