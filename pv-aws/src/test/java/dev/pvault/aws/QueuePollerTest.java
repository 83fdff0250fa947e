package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.InMemoryJobQueue;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.TestVault;
import dev.pvault.core.worker.WorkerKeySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueuePollerTest {
    private final TestClock clock = new TestClock();
    private final TestEmbedder embedder = new TestEmbedder();
    private final TestVault vault = new TestVault(embedder.modelId());
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
    private final JobProcessor processor = new JobProcessor(
            blobs, store, embedder, WorkerKeySource.of(vault.workerKeys()), clock, JobProcessor.Settings.DEFAULTS);
    private final QueuePoller.Settings settings = new QueuePoller.Settings(10, Duration.ZERO, Duration.ofMinutes(5));

    private WorkerLoop loop(JobProcessor with, int concurrency) {
        return new WorkerLoop(
                with, new WorkerLoop.Settings(Duration.ofSeconds(10), concurrency), JobMetrics.off(), clock);
    }

    private String submit(InMemoryJobQueue queue, boolean upload) {
        TestVault.SealedJob job = vault.seal(vault.messages(2));
        if (upload) {
            blobs.put(job.objectKey(), job.envelope());
        }
        return queue.send(job.job());
    }

    @Test
    void pollOnce_deletesSuccessesAndLeavesFailures() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        String good = submit(queue, true);
        String poison = submit(queue, false);
        String alsoGood = submit(queue, true);
        try (WorkerLoop loop = loop(processor, 2)) {
            QueuePoller poller = new QueuePoller(queue, loop, settings, clock);

            assertThat(poller.pollOnce()).isEqualTo(3);
            assertThat(poller.received()).isEqualTo(3);
            assertThat(poller.busy()).isFalse();
        }

        assertThat(queue.deleted).containsExactlyInAnyOrder(good, alsoGood);
        assertThat(queue.inFlight()).isEqualTo(1);
        assertThat(queue.deleted).doesNotContain(poison);
    }

    @Test
    void fifo_stopsAGroupAtItsFirstFailure() {
        InMemoryJobQueue queue = new InMemoryJobQueue(true);
        String first = submit(queue, true);
        String poison = submit(queue, false);
        String after = submit(queue, true); // same user, same group: must wait for the poison one
        try (WorkerLoop loop = loop(processor, 2)) {
            new QueuePoller(queue, loop, settings, clock).pollOnce();
        }

        assertThat(queue.deleted).containsExactly(first);
        assertThat(queue.inFlight()).isEqualTo(2);
        assertThat(embedder.calls()).isEqualTo(1);
        assertThat(Set.of(poison, after)).doesNotContainAnyElementsOf(queue.deleted);
    }

    @Test
    void anUnreadableMessage_isLeftForTheDeadLetterQueue_itsNeighboursDeleted() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        String good = submit(queue, true);
        String unreadable = queue.add("not a job", Optional.empty());
        try (WorkerLoop loop = loop(processor, 1)) {
            new QueuePoller(queue, loop, settings, clock).pollOnce();
        }

        assertThat(queue.deleted).containsExactly(good);
        assertThat(queue.deleted).doesNotContain(unreadable);
    }

    @Test
    void deadline_isTheVisibilityTimeoutLessTheHandback() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(submit(queue, true));
        }
        JobProcessor slow = new JobProcessor(
                blobs,
                store,
                new TestEmbedder().onCall(() -> clock.advance(Duration.ofSeconds(3))),
                WorkerKeySource.of(vault.workerKeys()),
                clock,
                JobProcessor.Settings.DEFAULTS);
        // 30 s of visibility, 10 s kept in reserve, 3 s a job: jobs 0..5 finish by 18 s; job 6 starts at 18 s,
        // runs past 20 s and is handed back, as are the unstarted 7..9.
        try (WorkerLoop loop = loop(slow, 1)) {
            new QueuePoller(queue, loop, new QueuePoller.Settings(10, Duration.ZERO, Duration.ofSeconds(30)), clock)
                    .pollOnce();
        }

        assertThat(queue.deleted).containsExactlyInAnyOrderElementsOf(jobs.subList(0, 6));
        assertThat(queue.inFlight()).isEqualTo(4);
    }

    @Test
    void aVisibilityNoLongerThanTheHandback_isRefused() {
        try (WorkerLoop loop = loop(processor, 1)) {
            assertThatThrownBy(() -> new QueuePoller(
                            new InMemoryJobQueue(false),
                            loop,
                            new QueuePoller.Settings(10, Duration.ZERO, Duration.ofSeconds(10)),
                            clock))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be longer than handback");
        }
    }
}
