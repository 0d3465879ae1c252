package dev.parley.social.whatsapp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.SocialAccount;

class WhatsAppTemplateCatalogTest {

    private static final String PAGE_1 = """
            {"data":[{"name":"order_update","parameter_format":"POSITIONAL","components":[{"type":"HEADER","format":"TEXT",
            "text":"Your order"},{"type":"BODY","text":"Hi {{1}}, order {{2}} is on its way ({{1}})."}],"language":"en_US",
            "status":"APPROVED","category":"UTILITY","id":"1"},
            {"name":"spring_sale","components":[{"type":"BODY","text":"Sale {{1}}"}],"language":"en","status":"PENDING","id":"2"},
            {"name":"with_image","components":[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"Look"}],
            "language":"en","status":"APPROVED","id":"3"}],
            "paging":{"cursors":{"before":"MA==","after":"Mw=="},"next":"https://graph.facebook.com/v23.0/600/message_templates?after=Mw=="}}
            """;
    private static final String PAGE_2 = """
            {"data":[{"name":"named","parameter_format":"NAMED","components":[{"type":"BODY","text":"Hi {{first_name}}"}],
            "language":"en","status":"APPROVED"},{"name":"welcome_back","components":[{"type":"BODY","text":"Welcome!"}],
            "language":"en","status":"REJECTED"}],"paging":{"cursors":{"before":"Mw==","after":"NQ=="}}}
            """;

    private final MutableClock clock = new MutableClock();

    private static SocialAccount account(Map<String, String> settings) {
        return new SocialAccount("wa", "whatsapp", "5000", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of("secret"), java.util.Optional.empty(), java.util.Optional.of("token"),
                dev.parley.social.api.ReceiveMode.WEBHOOK, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), settings);
    }

    @Test
    void everyPageIsFetchedWithTheTokenAndWhatsAppsStatusWinsOverTheConfiguredList() {
        FakeHttp http = new FakeHttp().answer(200, PAGE_1).answer(200, PAGE_2);
        WhatsAppTemplateCatalog catalog = new WhatsAppTemplateCatalog(http, clock);
        SocialAccount account = account(Map.of("businessAccountId", "600", "templates", "welcome_back:en:0, extra:en:1"));

        assertThat(catalog.templates(account)).containsExactly(
                new MessageTemplate("order_update", "en_US", 2, "APPROVED"),
                new MessageTemplate("spring_sale", "en", 1, "PENDING"),
                new MessageTemplate("welcome_back", "en", 0, "REJECTED"),
                new MessageTemplate("extra", "en", 1));
        assertThat(http.calls).hasSize(2);
        assertThat(http.calls.get(0).url()).isEqualTo(
                "https://graph.facebook.com/v23.0/600/message_templates?fields=name,language,status,components&limit=100");
        assertThat(http.calls.get(0).headers()).containsEntry("Authorization", "Bearer token");
        assertThat(http.calls.get(1).url()).endsWith("after=Mw==");
    }

    @Test
    void theListIsKeptUntilItsRefreshPeriodThenFetchedAgain() {
        FakeHttp http = new FakeHttp().answer(200, PAGE_2).answer(200, """
                {"data":[{"name":"welcome_back","components":[{"type":"BODY","text":"Hi"}],"language":"en","status":"APPROVED"}]}
                """);
        WhatsAppTemplateCatalog catalog = new WhatsAppTemplateCatalog(http, clock);
        SocialAccount account = account(Map.of("businessAccountId", "600", "templatesRefreshSeconds", "60"));
        assertThat(catalog.templates(account)).extracting(MessageTemplate::usable).containsExactly(false);
        clock.advance(Duration.ofSeconds(59));
        assertThat(catalog.templates(account)).extracting(MessageTemplate::usable).containsExactly(false);
        assertThat(http.calls).hasSize(1);
        clock.advance(Duration.ofSeconds(2));
        catalog.templates(account); // stale: refreshed in the background (the fake answers at once)
        assertThat(http.calls).hasSize(2);
        assertThat(catalog.templates(account)).extracting(MessageTemplate::usable).containsExactly(true);
    }

    @Test
    void aFailedFetchFallsBackToTheConfiguredTemplates() {
        FakeHttp http = new FakeHttp().answer(401, """
                {"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":190}}""");
        WhatsAppTemplateCatalog catalog = new WhatsAppTemplateCatalog(http, clock);
        assertThat(catalog.templates(account(Map.of("businessAccountId", "600", "templates", "a:en:1"))))
                .containsExactly(new MessageTemplate("a", "en", 1));
        assertThat(catalog.templates(account(Map.of("businessAccountId", "600", "templates", "a:en:1")))).hasSize(1);
        assertThat(http.calls).as("tried again after a minute, not at every use").hasSize(1);
    }

    @Test
    void aNextPageOffTheApiHostIsNotFollowedWithTheToken() {
        FakeHttp http = new FakeHttp().answer(200, PAGE_1.replace("https://graph.facebook.com", "https://evil.example"));
        WhatsAppTemplateCatalog catalog = new WhatsAppTemplateCatalog(http, clock);
        assertThat(catalog.templates(account(Map.of("businessAccountId", "600")))).isEmpty();
        assertThat(http.calls).hasSize(1);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
