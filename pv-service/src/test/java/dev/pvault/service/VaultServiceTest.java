package dev.pvault.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.crypto.RecipientKeyPair;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.InMemoryJobQueue;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestVault;
import dev.pvault.core.worker.VaultPorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service keeps users apart: every read and write is the caller's, and foreign requests queue nothing. */
class VaultServiceTest {
    private static final String MODEL = "test:hash-64";

    private final TestClock clock = new TestClock();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(false, clock);
    private final InMemoryJobQueue deadLetters = new InMemoryJobQueue(false, clock);
    private final InMemoryObjects objects = new InMemoryObjects(blobs, clock, Duration.ofMinutes(5));
    private final TestVault alice = new TestVault(MODEL);
    private final TestVault bob = new TestVault(MODEL, alice.workerKeys());
    private final VaultService service = new VaultService(
            new Ports(blobs, store, queue, deadLetters),
            objects,
            clock,
            VaultService.Settings.of(alice.workerKeys().current().publicKey(), MODEL)
                    .lookingAtDeadLettersEveryTime());
    private final VaultApi asAlice = service.as(alice.userId());
    private final VaultApi asBob = service.as(bob.userId());

    record Ports(BlobStore blobs, EmbeddingStore store, JobQueue queue, JobQueue deadLetters) implements VaultPorts {}

    /** Registers, uploads through a presigned request and submits one job, as a client would. */
    private TestVault.SealedJob submitted(TestVault vault, VaultApi api) {
        api.registerKey(vault.userKeys().publicKey());
        TestVault.SealedJob job = vault.seal(vault.messages(3));
        uploaded(job, api);
        api.submitJob(job.job(), job.messages().stream().map(ChatMessage::id).toList());
        return job;
    }

    private void uploaded(TestVault.SealedJob job, VaultApi api) {
        BatchId batch = job.job().batchObjectKey().batchId();
        objects.put(api.createUpload(batch, job.envelope().length), job.envelope());
    }

    private static void refused(Problem problem, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ServiceRefusal.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    @Test
    void aSubmittedJob_isRecordedWithItsMessageIdsAndQueued() {
        TestVault.SealedJob job = submitted(alice, asAlice);

        assertThat(asAlice.job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(asAlice.knownMessages(
                        MODEL, job.messages().stream().map(ChatMessage::id).toList()))
                .hasSize(3);
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(30)))
                .singleElement()
                .satisfies(message -> assertThat(message.body()).isEqualTo(job.body()));
    }

    @Test
    void anotherUsersJobsBatchesAndResults_areNotFound() {
        TestVault.SealedJob job = submitted(alice, asAlice);
        JobId aliceJob = job.job().jobId();
        BatchId aliceBatch = job.job().batchObjectKey().batchId();

        assertThat(asBob.job(aliceJob)).isEmpty();
        assertThat(asBob.jobs().jobs()).isEmpty();
        assertThat(asBob.batch(aliceBatch)).isEmpty();
        assertThat(asBob.results(MODEL, 0, 10).results()).isEmpty();
        assertThat(asBob.knownMessages(
                        MODEL, job.messages().stream().map(ChatMessage::id).toList()))
                .isEmpty();
        refused(Problem.NOT_FOUND, () -> asBob.recordMessageIds(aliceJob, List.of()));
        assertThat(asAlice.batch(aliceBatch)).isPresent();
    }

    @Test
    void aJobNamingAnotherUser_isRefusedAndNothingIsQueued() {
        asBob.registerKey(bob.userKeys().publicKey());
        TestVault.SealedJob aliceJob = alice.seal(alice.messages(2));
        blobs.put(aliceJob.objectKey(), aliceJob.envelope());

        refused(Problem.FORBIDDEN, () -> asBob.submitJob(aliceJob.job(), List.of()));

        assertThat(store.job(aliceJob.job().jobId())).isEmpty();
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void aJobSealingToAnotherKey_orWithoutARegisteredKey_isRefused() {
        TestVault.SealedJob job = bob.seal(bob.messages(2));
        blobs.put(job.objectKey(), job.envelope());
        refused(Problem.KEYS_NOT_REGISTERED, () -> asBob.submitJob(job.job(), List.of()));

        // Bob registers an attacker's key, not the one the job seals results to: the job is refused.
        asBob.registerKey(RecipientKeyPair.generate().publicKey());
        refused(Problem.FORBIDDEN, () -> asBob.submitJob(job.job(), List.of()));
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void aJobWhoseBatchIsNotUploaded_isRefused() {
        asAlice.registerKey(alice.userKeys().publicKey());
        TestVault.SealedJob job = alice.seal(alice.messages(2));

        refused(Problem.BATCH_NOT_UPLOADED, () -> asAlice.submitJob(job.job(), List.of()));
        assertThat(store.job(job.job().jobId())).isEmpty();
    }

    @Test
    void aJobForAModelTheServiceDoesNotEmbed_isABadRequest() {
        TestVault other = new TestVault("onnx:somebody-elses-model", alice.workerKeys());
        VaultApi api = service.as(other.userId());
        api.registerKey(other.userKeys().publicKey());
        TestVault.SealedJob job = other.seal(other.messages(1));
        blobs.put(job.objectKey(), job.envelope());

        refused(Problem.BAD_REQUEST, () -> api.submitJob(job.job(), List.of()));
    }

    @Test
    void anUploadLargerThanTheWorkerTakes_isTooLarge() {
        refused(Problem.TOO_LARGE, () -> asAlice.createUpload(BatchId.random(), (64L << 20) + 1));
        refused(Problem.BAD_REQUEST, () -> asAlice.createUpload(BatchId.random(), 0));
    }

    @Test
    void anUploadGrant_isBoundToItsKeyAndLength() {
        TestVault.SealedJob job = alice.seal(alice.messages(2));
        BatchId batch = job.job().batchObjectKey().batchId();
        var grant = asAlice.createUpload(batch, job.envelope().length);

        assertThat(grant.objectKey()).startsWith("v1/" + alice.userId() + "/");
        assertThatThrownBy(() -> objects.put(grant, new byte[job.envelope().length + 1]))
                .hasMessageContaining("403");
    }

    @Test
    void deletions_waitForPendingWork_andNeverTouchAnotherUser() {
        TestVault.SealedJob aliceJob = submitted(alice, asAlice);
        refused(Problem.WORK_PENDING, () -> asAlice.deleteEverything());
        BatchId aliceBatch = aliceJob.job().batchObjectKey().batchId();

        var deletion = asBob.deleteBatches(List.of(aliceBatch));

        assertThat(deletion.batches()).isZero();
        assertThat(blobs.exists(aliceJob.objectKey())).isTrue();
        assertThat(store.job(aliceJob.job().jobId())).isPresent();
    }

    @Test
    void deadJobs_areListedAndRedrivenForTheirOwnerOnly() {
        TestVault.SealedJob aliceJob = submitted(alice, asAlice);
        queue.receive(10, Duration.ZERO, Duration.ofSeconds(30));
        store.recordFailure(aliceJob.job().jobId(), "poison: batch did not authenticate", true, clock.instant());
        deadLetters.send(aliceJob.job());

        assertThat(asBob.deadJobs()).isEmpty();
        assertThat(asBob.redrive()).isZero();
        assertThat(asAlice.deadJobs()).singleElement().satisfies(dead -> {
            assertThat(dead.jobId()).contains(aliceJob.job().jobId());
            assertThat(dead.reason()).contains("poison: batch did not authenticate");
        });
        assertThat(asAlice.jobs().dead()).containsExactly(aliceJob.job().jobId());

        assertThat(asAlice.redrive()).isEqualTo(1);
        assertThat(store.job(aliceJob.job().jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        assertThat(asAlice.deadJobs()).isEmpty();
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void aRegisteredKeyWithJobs_cannotBeReplaced() {
        submitted(alice, asAlice);

        refused(
                Problem.KEYS_IN_USE,
                () -> asAlice.registerKey(RecipientKeyPair.generate().publicKey()));
        asAlice.registerKey(alice.userKeys().publicKey()); // the same key again is fine
    }

    @Test
    void aJobWrappedToAnOldWorkerKey_isABadRequestNamingTheCurrentOne() {
        TestVault stale = new TestVault(MODEL);
        VaultApi api = service.as(stale.userId());
        api.registerKey(stale.userKeys().publicKey());
        TestVault.SealedJob job = stale.seal(stale.messages(1));
        blobs.put(job.objectKey(), job.envelope());

        assertThatThrownBy(() -> api.submitJob(job.job(), List.of()))
                .isInstanceOf(ServiceRefusal.class)
                .hasMessageContaining(alice.workerKeys().current().keyId().hex());
    }
}
