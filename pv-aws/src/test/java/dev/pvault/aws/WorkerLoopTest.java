package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.JobOutcome;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.QueuedJob;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.TestVault;
import dev.pvault.core.worker.WorkerKeySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one worker loop, on its own: lanes, their concurrency, the FIFO rule and the deadline. */
class WorkerLoopTest {
    private final TestClock clock = new TestClock();
    private final TestVault vault = new TestVault(new TestEmbedder().modelId());
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();

    private JobProcessor processor(TestEmbedder embedder) {
        return new JobProcessor(
                blobs, store, embedder, WorkerKeySource.of(vault.workerKeys()), clock, JobProcessor.Settings.DEFAULTS);
    }

    private WorkerLoop loop(TestEmbedder embedder, int concurrency) {
        return new WorkerLoop(
                processor(embedder),
                new WorkerLoop.Settings(Duration.ofSeconds(10), concurrency),
                JobMetrics.off(),
                clock);
    }

    private QueuedJob job(String id, boolean upload, Optional<String> group) {
        TestVault.SealedJob sealed = vault.seal(vault.messages(2));
        if (upload) {
            blobs.put(sealed.objectKey(), sealed.envelope());
        }
        return new QueuedJob(id, "receipt-" + id, sealed.body(), 1, group);
    }

    private Instant inMinutes(int minutes) {
        return clock.instant().plus(Duration.ofMinutes(minutes));
    }

    @Test
    void lanesRunSideBySide_upToTheConcurrency() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        TestEmbedder meeting = new TestEmbedder().onCall(() -> {
            threads.add(Thread.currentThread().getName());
            bothStarted.countDown();
            try {
                // Each job waits for the other: with one thread this would time out and fail the assertion below.
                assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (WorkerLoop loop = loop(meeting, 2)) {
            WorkerLoop.BatchResult result =
                    loop.run(List.of(job("a", true, Optional.empty()), job("b", true, Optional.empty())), inMinutes(5));

            assertThat(result.handedBack()).isEmpty();
            assertThat(result.outcomes()).allMatch(JobOutcome::succeeded);
        }
        assertThat(threads).hasSize(2);
    }

    @Test
    void fifo_aFailureStopsOnlyItsOwnGroup() {
        List<QueuedJob> batch = new ArrayList<>();
        batch.add(job("alice-1", false, Optional.of("alice"))); // poison: no batch uploaded
        batch.add(job("alice-2", true, Optional.of("alice")));
        batch.add(job("bob-1", true, Optional.of("bob")));
        batch.add(job("bob-2", true, Optional.of("bob")));
        try (WorkerLoop loop = loop(new TestEmbedder(), 1)) {
            WorkerLoop.BatchResult result = loop.run(batch, inMinutes(5));

            assertThat(result.handedBack()).containsExactlyInAnyOrder("alice-1", "alice-2");
            assertThat(result.outcomes()).hasSize(3); // alice-2 was never started
        }
    }

    @Test
    void aJobThatCannotStartBeforeTheDeadlineLessTheHandback_isHandedBackUnstarted() {
        TestEmbedder embedder = new TestEmbedder();
        try (WorkerLoop loop = loop(embedder, 1)) {
            WorkerLoop.BatchResult result = loop.run(
                    List.of(job("a", true, Optional.empty()), job("b", true, Optional.empty())),
                    clock.instant().plusSeconds(10));

            assertThat(result.handedBack()).containsExactlyInAnyOrder("a", "b");
            assertThat(result.outcomes()).isEmpty();
        }
        assertThat(embedder.calls()).isZero();
    }

    @Test
    void aLaneThatDiesOfAnError_isHandedBack_theOtherLanesStored() {
        TestEmbedder failing = new TestEmbedder().onCall(() -> {
            if (Thread.currentThread().getName().endsWith("-1")) {
                throw new AssertionError("a bug below the processor's guard");
            }
        });
        try (WorkerLoop loop = loop(failing, 2)) {
            WorkerLoop.BatchResult result =
                    loop.run(List.of(job("a", true, Optional.empty()), job("b", true, Optional.empty())), inMinutes(5));

            assertThat(result.handedBack()).hasSize(1);
            assertThat(result.outcomes()).hasSize(1).allMatch(JobOutcome::succeeded);
        }
    }
}
