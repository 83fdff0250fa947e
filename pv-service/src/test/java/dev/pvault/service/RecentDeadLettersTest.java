package dev.pvault.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.worker.InMemoryJobQueue;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestVault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RecentDeadLettersTest {
    private final InMemoryJobQueue queue = new InMemoryJobQueue(false, new TestClock());
    private final TestVault vault = new TestVault("test:hash-64");

    @Test
    void aLook_isReusedWithinItsPeriod_andForgottenOnDemand() {
        RecentDeadLetters recent = new RecentDeadLetters(() -> queue, Duration.ofHours(1));
        assertThat(recent.list()).isEmpty();

        queue.send(vault.seal(vault.messages(1)).job());
        assertThat(recent.list()).as("reused: the new letter is not seen yet").isEmpty();

        recent.forget();
        assertThat(recent.list()).hasSize(1);
    }

    @Test
    void aPeriodOfZero_looksEveryTime() {
        RecentDeadLetters recent = new RecentDeadLetters(() -> queue, Duration.ZERO);
        assertThat(recent.list()).isEmpty();

        queue.send(vault.seal(vault.messages(1)).job());
        assertThat(recent.list()).hasSize(1);
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(1)))
                .as("looking leaves the letters in the queue")
                .hasSize(1);
    }
}
