package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.TestVault;
import dev.pvault.core.worker.WorkerKeySource;
import java.time.Duration;
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
    private final QueuePoller.Settings settings =
            new QueuePoller.Settings(10, Duration.ZERO, Duration.ofMinutes(5), Duration.ofSeconds(10));

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
        try (ProcessorBatchHandler handler = new ProcessorBatchHandler(processor, false, 2, JobMetrics.off())) {
            QueuePoller poller = new QueuePoller(queue, handler, settings, clock);

            assertThat(poller.pollOnce()).isEqualTo(3);
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
        try (ProcessorBatchHandler handler = new ProcessorBatchHandler(processor, true, 2, JobMetrics.off())) {
            new QueuePoller(queue, handler, settings, clock).pollOnce();
        }

        assertThat(queue.deleted).containsExactly(first);
        assertThat(queue.inFlight()).isEqualTo(2);
        assertThat(embedder.calls()).isEqualTo(1);
        assertThat(Set.of(poison, after)).doesNotContainAnyElementsOf(queue.deleted);
    }

    @Test
    void throwingHandler_leavesTheWholeBatch() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        submit(queue, true);
        submit(queue, true);
        QueuePoller poller = new QueuePoller(
                queue,
                (batch, deadline) -> {
                    throw new IllegalStateException("handler bug");
                },
                settings,
                clock);

        assertThat(poller.pollOnce()).isEqualTo(2);
        assertThat(queue.deleted).isEmpty();
    }

    @Test
    void functionHandler_callsTheLambdaHandlerAsTheEventSourceMappingWould() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        String good = submit(queue, true);
        String unreadable = queue.add("not a job", Optional.empty());
        EmbedFunction function = new EmbedFunction(processor, Duration.ofSeconds(10), JobMetrics.off(), clock);
        QueuePoller poller = new QueuePoller(
                queue,
                new FunctionBatchHandler(function, "arn:aws:sqs:eu-west-1:1:pvault-jobs", "eu-west-1", clock),
                settings,
                clock);

        poller.pollOnce();

        assertThat(queue.deleted).containsExactly(good);
        assertThat(queue.deleted).doesNotContain(unreadable);
    }

    @Test
    void deadline_isTheVisibilityTimeoutLessTheHandback() {
        InMemoryJobQueue queue = new InMemoryJobQueue(false);
        submit(queue, true);
        java.util.List<java.time.Instant> deadlines = new java.util.ArrayList<>();
        new QueuePoller(
                        queue,
                        (batch, deadline) -> {
                            deadlines.add(deadline);
                            return Set.of();
                        },
                        settings,
                        clock)
                .pollOnce();

        assertThat(deadlines)
                .containsExactly(clock.instant().plus(Duration.ofMinutes(5)).minusSeconds(10));
    }
}
