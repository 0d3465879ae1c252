package dev.parley.social.whatsapp.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * The templates of an account's WhatsApp Business Account as WhatsApp lists them: {@code GET
 * /{version}/{businessAccountId}/message_templates?fields=name,language,status,components} with the
 * account's token, every page ({@code paging.next}). Each becomes a {@link MessageTemplate} with
 * WhatsApp's status (only {@code APPROVED} ones may be sent) and as many parameters as its body
 * text has {@code {{n}}} placeholders. Parley sends body parameters only, so templates that also
 * need a header parameter (a media header, a {@code {{1}}} in a text header) or use named
 * parameters are left out. The list is kept per account and fetched again in the background once
 * it is older than {@code templatesRefreshSeconds} (default 15 minutes); the first use waits for
 * it. The account's configured {@code templates} stay valid too, except where WhatsApp's list has
 * the same name and language: WhatsApp's status then decides. A failed fetch keeps the last list
 * (or the configured one) and is tried again at the next use after a minute.
 */
final class WhatsAppTemplateCatalog {

    /** The account file key naming the WhatsApp Business Account (WABA) id whose templates are fetched. */
    static final String BUSINESS_ACCOUNT = "businessAccountId";
    static final String REFRESH = "templatesRefreshSeconds";
    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(15);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    static final int MAX_PAGES = 50;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");
    private static final Set<String> MEDIA_HEADERS = Set.of("IMAGE", "VIDEO", "DOCUMENT", "LOCATION");
    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppTemplateCatalog.class);

    /** One account's fetched list, for the WABA and API it was fetched from. */
    private record Fetched(String source, Instant fetchedAt, Instant nextFetch, List<MessageTemplate> templates) {
    }

    private final PlatformHttp http;
    private final Clock clock;
    private final Map<String, Fetched> lists = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<MessageTemplate>>> refreshing = new ConcurrentHashMap<>();

    WhatsAppTemplateCatalog(PlatformHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** The account's templates: configured and fetched, WhatsApp's status winning. */
    List<MessageTemplate> templates(SocialAccount account) {
        List<MessageTemplate> configured = WhatsAppTemplates.of(account);
        Optional<String> waba = account.setting(BUSINESS_ACCOUNT).map(String::strip);
        if (waba.isEmpty()) {
            return configured;
        }
        String source = listUrl(account, waba.get());
        Fetched fetched = lists.get(account.name());
        if (fetched == null || !fetched.source().equals(source)) {
            try {
                refresh(account, source).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // logged where it failed; the configured templates stand in
            }
            fetched = lists.get(account.name());
        } else if (!clock.instant().isBefore(fetched.nextFetch())) {
            refresh(account, source);
        }
        return fetched == null || !fetched.source().equals(source) ? configured : merge(configured, fetched.templates());
    }

    /**
     * WhatsApp reported a template change (approved, rejected, paused, recategorized): the kept list
     * stays in use and is fetched again at its next use, in the background.
     */
    void changed(SocialAccount account) {
        lists.computeIfPresent(account.name(), (name, f) -> new Fetched(f.source(), f.fetchedAt(), Instant.EPOCH,
                f.templates()));
    }

    static List<MessageTemplate> merge(List<MessageTemplate> configured, List<MessageTemplate> fetched) {
        Map<String, MessageTemplate> all = new LinkedHashMap<>();
        fetched.forEach(t -> all.put(t.name() + ":" + t.language(), t));
        configured.forEach(t -> all.putIfAbsent(t.name() + ":" + t.language(), t));
        return List.copyOf(all.values());
    }

    private static String listUrl(SocialAccount account, String waba) {
        return WhatsAppApi.versioned(account) + "/" + URLEncoder.encode(waba, StandardCharsets.UTF_8)
                + "/message_templates?fields=name,language,status,components&limit=100";
    }

    /** Fetches the list once at a time per account; the answer replaces the kept one before the future completes. */
    private CompletableFuture<List<MessageTemplate>> refresh(SocialAccount account, String source) {
        String name = account.name();
        CompletableFuture<List<MessageTemplate>> mine = new CompletableFuture<>();
        CompletableFuture<List<MessageTemplate>> running = refreshing.putIfAbsent(name, mine);
        if (running != null) {
            return running;
        }
        page(account, source, new ArrayList<>(), 0).whenComplete((templates, failure) -> {
            Instant now = clock.instant();
            if (failure == null) {
                lists.put(name, new Fetched(source, now, now.plus(refreshPeriod(account)), templates));
                LOG.info("WhatsApp templates of account '{}': {} listed, {} approved", name, templates.size(),
                        templates.stream().filter(MessageTemplate::usable).count());
            } else {
                Fetched last = lists.get(name);
                boolean kept = last != null && last.source().equals(source);
                // no list yet: the configured templates stand in, and the next use within a minute waits for nothing
                lists.put(name, new Fetched(source, kept ? last.fetchedAt() : Instant.EPOCH, now.plus(RETRY_AFTER_FAILURE),
                        kept ? last.templates() : List.of()));
                LOG.warn("WhatsApp templates of account '{}' not fetched: {}", name, failure.getMessage());
            }
            refreshing.remove(name, mine);
            if (failure == null) {
                mine.complete(templates);
            } else {
                mine.completeExceptionally(failure);
            }
        });
        return mine;
    }

    private static Duration refreshPeriod(SocialAccount account) {
        try {
            return account.setting(REFRESH).map(String::strip).map(Long::parseLong).filter(s -> s > 0)
                    .map(Duration::ofSeconds).orElse(DEFAULT_REFRESH);
        } catch (NumberFormatException e) {
            return DEFAULT_REFRESH;
        }
    }

    private CompletableFuture<List<MessageTemplate>> page(SocialAccount account, String url,
            List<MessageTemplate> collected, int pages) {
        return http.getAsync(url, WhatsAppApi.auth(account)).thenCompose(reply -> {
            JsonNode answer;
            try {
                if (!reply.ok()) {
                    throw new IOException("WhatsApp answered " + reply.status() + " to the template list"
                            + WhatsAppApi.errorDetail(reply).map(d -> ": " + d).orElse(""));
                }
                answer = Json.object(reply.body(), "WhatsApp template list");
            } catch (IOException | MalformedEventException e) {
                return CompletableFuture.failedFuture(e instanceof IOException ? e : new IOException(e.getMessage(), e));
            }
            for (JsonNode template : answer.path("data")) {
                parse(template).ifPresent(collected::add);
            }
            Optional<String> next = Json.text(answer.path("paging"), "next");
            if (next.isPresent() && !next.get().startsWith(account.apiBaseUrl(WhatsAppApi.DEFAULT_BASE) + "/")) {
                // the token goes to the account's API only
                return CompletableFuture.failedFuture(new IOException("the template list's next page is not on the API"));
            }
            if (next.isPresent() && pages + 1 < MAX_PAGES && answer.path("data").size() > 0) {
                return page(account, next.get(), collected, pages + 1);
            }
            return CompletableFuture.completedFuture(List.copyOf(collected));
        });
    }

    /** One template of the list, if Parley can send it once approved. */
    static Optional<MessageTemplate> parse(JsonNode template) {
        Optional<String> name = Json.text(template, "name");
        Optional<String> language = Json.text(template, "language");
        if (name.isEmpty() || language.isEmpty()) {
            return Optional.empty();
        }
        int parameters = 0;
        for (JsonNode component : template.path("components")) {
            String type = component.path("type").asText("");
            String text = component.path("text").asText("");
            if (type.equalsIgnoreCase("HEADER") && (MEDIA_HEADERS.contains(component.path("format").asText("")
                    .toUpperCase(java.util.Locale.ROOT)) || PLACEHOLDER.matcher(text).find())) {
                return Optional.empty();
            }
            if (type.equalsIgnoreCase("BODY")) {
                Set<String> seen = new TreeSet<>();
                Matcher m = PLACEHOLDER.matcher(text);
                while (m.find()) {
                    if (!m.group(1).matches("[0-9]{1,2}")) {
                        return Optional.empty(); // named parameters
                    }
                    seen.add(m.group(1));
                }
                parameters = seen.size();
            }
        }
        return Optional.of(new MessageTemplate(name.get(), language.get(), parameters,
                template.path("status").asText(MessageTemplate.APPROVED)));
    }
}
