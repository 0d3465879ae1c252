package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class BundleSetTest {

    @Test
    void everyListedBundleIsPackedAndEveryPackedBundleIsListed() throws IOException {
        BundleSet set = BundleSet.fromClasspath();
        Path packed = Path.of("target/classes/bundles");
        List<String> jars;
        try (Stream<Path> files = Files.list(packed)) {
            jars = files.map(p -> p.getFileName().toString().replaceFirst("\\.jar$", "")).sorted().toList();
        }
        assertThat(set.entries()).extracting(BundleSet.Entry::artifactId).containsExactlyInAnyOrderElementsOf(jars);
        assertThat(set.highestStartLevel()).isEqualTo(4);
    }

    @Test
    void aMalformedLineIsRefusedWithTheLine() {
        assertThatThrownBy(() -> BundleSet.parse(List.of("# comment", "2 a b")))
                .hasMessageContaining("'2 a b'");
        assertThat(BundleSet.parse(List.of("", "# c", "1 slf4j-api")).entries())
                .containsExactly(new BundleSet.Entry(1, "slf4j-api"));
    }
}
