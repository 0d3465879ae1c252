package dev.parley.escalation.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.escalation.internal.rules.DeclarativeRule;

/** Rule files: loaded, replaced by name, refused whole with the last good version kept, removed. */
class RuleCatalogTest {

    @TempDir
    Path dir;
    private EngineFixture f;

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aBrokenFileIsRefusedAndItsLastGoodRulesKeepRunning() throws Exception {
        Path file = dir.resolve("acme.json");
        write(file, "{\"rules\": [{\"name\": \"acme\", \"when\": {\"keywords\": [\"refund\"]}, \"then\": [{\"addTags\": [\"r\"]}]}]}", 1);
        f = new EngineFixture(dir, new TestConfig(), true);
        assertThat(names()).contains("acme", "common-question-auto-reply");

        write(file, "{\"rules\": [{\"name\": \"acme\", \"when\": {\"keywords\": []}, \"then\": [{\"addTags\": [\"r\"]}]}]}", 2);
        f.catalog.reload();
        assertThat(names()).contains("acme");
        assertThat(f.catalog.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("acme.json");
            assertThat(e.path()).isEqualTo("$.rules[0].when.keywords");
            assertThat(e.reason()).contains("non-empty array");
        });

        write(file, "{\"rules\": [{\"name\": \"acme2\", \"then\": [{\"stop\": true}]}]}", 3);
        f.catalog.reload();
        assertThat(names()).contains("acme2").doesNotContain("acme");
        assertThat(f.catalog.errors()).isEmpty();

        Files.delete(file);
        f.catalog.reload();
        assertThat(names()).doesNotContain("acme2");
    }

    @Test
    void aFileRuleReplacesTheDefaultOfTheSameName() throws Exception {
        write(dir.resolve("mine.json"), "{\"rules\": [{\"name\": \"negative-high-reach\", \"version\": \"7\","
                + " \"when\": {\"followersAtLeast\": 500}, \"then\": [{\"setPriority\": \"HIGH\"}]}]}", 1);
        f = new EngineFixture(dir, new TestConfig(), true);
        assertThat(f.catalog.current().rules()).filteredOn(r -> r.name().equals("negative-high-reach"))
                .singleElement().extracting(DeclarativeRule::version, DeclarativeRule::source)
                .containsExactly("7", "etc/rules/mine.json");
    }

    private java.util.List<String> names() {
        return f.catalog.current().rules().stream().map(DeclarativeRule::name).toList();
    }

    /** Writes with a distinct modification time so the change is seen even within one clock tick. */
    private static void write(Path file, String json, int generation) throws Exception {
        Files.writeString(file, json);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000L * generation));
    }
}
