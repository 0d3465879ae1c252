package dev.parley.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThreadPrioritiesTest {

    @Test
    void linuxWithoutThePriorityPolicyGetsTheOptionsToAdd() {
        assertThat(ThreadPriorities.advice("Linux", List.of("-Xmx2g"))).hasValueSatisfying(
                line -> assertThat(line).contains(ThreadPriorities.JVM_OPTIONS));
    }

    @Test
    void linuxWithThePolicyAndOtherSystemsNeedNothing() {
        assertThat(ThreadPriorities.advice("Linux", List.of(ThreadPriorities.JVM_OPTIONS.split(" ")))).isEmpty();
        assertThat(ThreadPriorities.advice("Mac OS X", List.of())).isEmpty();
        assertThat(ThreadPriorities.advice("Windows 11", List.of())).isEmpty();
    }
}
