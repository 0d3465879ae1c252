package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LoadOptionsTest {

    private static List<String> recommended() {
        List<String> all = new ArrayList<>(List.of(LoadOptions.PRIORITIES.split(" ")));
        all.add(LoadOptions.COLLECTOR);
        return all;
    }

    @Test
    void linuxWithoutAnyGetsAllTheOptions() {
        assertThat(LoadOptions.advice("Linux", List.of("-Xmx2g"))).hasValueSatisfying(line -> assertThat(line)
                .contains(LoadOptions.PRIORITIES + " " + LoadOptions.COLLECTOR));
    }

    @Test
    void onlyTheMissingOnesAreNamed() {
        List<String> priorities = List.of(LoadOptions.PRIORITIES.split(" "));
        assertThat(LoadOptions.advice("Linux", priorities)).hasValueSatisfying(line -> assertThat(line)
                .contains(LoadOptions.COLLECTOR).doesNotContain("ThreadPriorityPolicy"));
        assertThat(LoadOptions.advice("Linux", List.of(LoadOptions.COLLECTOR))).hasValueSatisfying(line -> assertThat(line)
                .contains(LoadOptions.PRIORITIES).doesNotContain("ZGC"));
    }

    @Test
    void theRecommendedSetOrAChosenCollectorNeedNothing() {
        assertThat(LoadOptions.advice("Linux", recommended())).isEmpty();
        assertThat(LoadOptions.advice("Mac OS X", List.of("-XX:+UseG1GC"))).isEmpty();
        assertThat(LoadOptions.advice("Windows 11", List.of("-XX:+UseParallelGC"))).isEmpty();
    }

    @Test
    void aFlagThatOnlyLooksLikeACollectorChoiceIsNotOne() {
        assertThat(LoadOptions.advice("Mac OS X", List.of("-XX:+UseAdaptiveSizePolicyWithSystemGC")))
                .hasValueSatisfying(line -> assertThat(line).contains(LoadOptions.COLLECTOR));
    }

    @Test
    void otherSystemsAreOnlyToldAboutTheCollector() {
        assertThat(LoadOptions.advice("Mac OS X", List.of())).hasValueSatisfying(line -> assertThat(line)
                .contains(LoadOptions.COLLECTOR).doesNotContain("ThreadPriorityPolicy"));
    }
}
