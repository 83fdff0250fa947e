package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.crypto.OriginPolicy;
import dev.pvault.core.crypto.OriginVerifier;
import dev.pvault.core.crypto.RecipientKeyPair;
import dev.pvault.core.crypto.Verdict;
import dev.pvault.core.crypto.VerifiedResult;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@SuppressWarnings("removal") // one test queues a format-v1 job by hand
class JobProcessorTest {
    private static final String SECRET = "the alarm code is 7731, do not share";

    private final TestClock clock = new TestClock();
    private final TestEmbedder embedder = new TestEmbedder();
    private final TestVault vault = new TestVault(embedder.modelId());
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
    private JobProcessor processor = processor(embedder, JobProcessor.Settings.DEFAULTS);

    private JobProcessor processor(Embedder embedder, JobProcessor.Settings settings) {
        return new JobProcessor(blobs, store, embedder, WorkerKeySource.of(vault.workerKeys()), clock, settings);
    }

    private Instant deadline() {
        return clock.instant().plusSeconds(60);
    }

    private TestVault.SealedJob upload(List<ChatMessage> messages) {
        TestVault.SealedJob job = vault.seal(messages);
        blobs.put(job.objectKey(), job.envelope());
        return job;
    }

    @Test
    void process_storesSealedVectorsThatOpenToTheEmbeddersVectors() {
        List<ChatMessage> messages = vault.messages("see you at noon", SECRET, "bring the blue folder");
        TestVault.SealedJob job = upload(messages);

        JobOutcome outcome = processor.process(job.body(), deadline());

        assertThat(outcome).isInstanceOf(JobOutcome.Stored.class);
        JobOutcome.Stored stored = (JobOutcome.Stored) outcome;
        assertThat(stored.embedded()).isEqualTo(3);
        assertThat(stored.alreadyDone()).isFalse();
        Map<String, float[]> opened = vault.openVectors(store);
        assertThat(opened).hasSize(3);
        for (ChatMessage message : messages) {
            assertThat(opened.get(message.id().hex())).containsExactly(embedder.vectorOf(message.text()));
        }
        JobStatus status = store.job(job.job().jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.DONE);
        assertThat(status.counts()).isEqualTo(new JobCounts(3, 0, 0));
        assertThat(status.attempts()).isEqualTo(1);
    }

    @Test
    void process_v2Job_storesAResultSignedByTheWorkersCurrentKey() {
        TestVault.SealedJob job = upload(vault.messages("hello", "world"));
        processor.process(job.body(), deadline());

        byte[] record = store.job(job.job().jobId())
                .orElseThrow()
                .resultKey()
                .orElseThrow()
                .bytes();
        assertThat(record).hasSize(194);
        assertThat(record[0]).isEqualTo((byte) 2);
        Verdict<VerifiedResult> verdict = new OriginVerifier(
                        vault.userKeys(), vault.workerKeys().publicKeys(), OriginPolicy.PROVEN_ONLY)
                .verifyResult(
                        record, job.job().jobId(), job.job().batchObjectKey().batchId(), vault.model());
        try (VerifiedResult result = verdict.accepted().orElseThrow(() -> new AssertionError(verdict))) {
            assertThat(result.signer()).contains(vault.workerKeys().signingKey().keyId());
        }
    }

    @Test
    void process_v1Job_stillRunsAndGetsTheUnsignedV1Record() {
        TestVault.SealedJob job = vault.sealV1(vault.messages("queued before the upgrade"));
        blobs.put(job.objectKey(), job.envelope());

        assertThat(processor.process(job.body(), deadline())).isInstanceOf(JobOutcome.Stored.class);

        byte[] record = store.job(job.job().jobId())
                .orElseThrow()
                .resultKey()
                .orElseThrow()
                .bytes();
        assertThat(record).hasSize(89);
        assertThat(vault.openVectors(store)).hasSize(1);
    }

    @Test
    void process_v2JobOnAKeyringThatCannotSign_isRetriedNotStored() throws Exception {
        ObjectNode v1 =
                (ObjectNode) new ObjectMapper().readTree(vault.workerKeys().toJson());
        v1.put("version", 1);
        v1.withArray("keys")
                .forEach(
                        e -> ((ObjectNode) e).remove(List.of("signingKeyId", "signingPublicKey", "signingPrivateKey")));
        JobProcessor old = new JobProcessor(
                blobs,
                store,
                embedder,
                WorkerKeySource.of(WorkerKeyring.parse(v1.toString())),
                clock,
                JobProcessor.Settings.DEFAULTS);
        TestVault.SealedJob job = upload(vault.messages("hello"));

        JobOutcome outcome = old.process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class, r -> assertThat(r.reason()).contains("no signing key"));
        assertThat(store.vectors(vault.userId(), vault.model())).isEmpty();
    }

    @Test
    void process_batchWithAnAlteredOriginTag_isEmbeddedButTheClientRejectsItsResult() {
        TestVault.SealedJob job = vault.seal(vault.messages("hello"));
        byte[] altered = job.envelope().clone();
        altered[altered.length - 1] ^= 1; // the worker cannot check the origin tag
        blobs.put(job.objectKey(), altered);

        assertThat(processor.process(job.body(), deadline())).isInstanceOf(JobOutcome.Stored.class);

        byte[] record = store.job(job.job().jobId())
                .orElseThrow()
                .resultKey()
                .orElseThrow()
                .bytes();
        Verdict<VerifiedResult> verdict = vault.verifier()
                .verifyResult(
                        record, job.job().jobId(), job.job().batchObjectKey().batchId(), vault.model());
        assertThat(verdict)
                .isInstanceOfSatisfying(
                        Verdict.Rejected.class, r -> assertThat(r.reason()).isEqualTo(Verdict.Reason.FORGED));
    }

    @Test
    void process_redeliveredFinishedJob_fetchesAndEmbedsNothing() {
        TestVault.SealedJob job = upload(vault.messages(5));
        processor.process(job.body(), deadline());
        int calls = embedder.calls();
        int gets = blobs.gets();

        JobOutcome again = processor.process(job.body(), deadline());

        assertThat(again).isInstanceOfSatisfying(JobOutcome.Stored.class, s -> {
            assertThat(s.alreadyDone()).isTrue();
            assertThat(s.embedded()).isEqualTo(5);
        });
        assertThat(embedder.calls()).isEqualTo(calls);
        assertThat(blobs.gets()).isEqualTo(gets);
        assertThat(store.vectors(vault.userId(), vault.model())).hasSize(5);
    }

    @Test
    void process_overlappingJob_embedsOnlyTheMessagesWithoutVectors() {
        List<ChatMessage> messages = vault.messages(5);
        processor.process(upload(messages.subList(0, 3)).body(), deadline());
        int texts = embedder.texts();

        JobOutcome outcome = processor.process(upload(messages).body(), deadline());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Stored.class, s -> {
            assertThat(s.embedded()).isEqualTo(2);
            assertThat(s.alreadyPresent()).isEqualTo(3);
        });
        assertThat(embedder.texts() - texts).isEqualTo(2);
        assertThat(vault.openVectors(store)).hasSize(5);
    }

    @Test
    void process_sameIdWithOtherContent_keepsTheStoredVector() {
        ChatMessage original = vault.messages("the meeting is on tuesday").getFirst();
        processor.process(upload(List.of(original)).body(), deadline());
        ChatMessage altered = new ChatMessage(
                original.id(),
                original.chat(),
                original.sender(),
                original.time(),
                null,
                "the meeting is on friday",
                original.kind());

        JobOutcome outcome = processor.process(upload(List.of(altered)).body(), deadline());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Stored.class, s -> {
            // No content digest any more (docs/FORMAT.md, "Content digest: removed"): the id is stored, so the
            // first vector stays, as the store's primary key has always guaranteed.
            assertThat(s.embedded()).isZero();
            assertThat(s.alreadyPresent()).isEqualTo(1);
        });
        assertThat(vault.openVectors(store).get(original.id().hex()))
                .containsExactly(embedder.vectorOf("the meeting is on tuesday"));
    }

    @Test
    void process_sameMessageAfterTheWorkerKeyRolled_isStillRecognised() {
        ChatMessage message = vault.messages("hello").getFirst();
        processor.process(upload(List.of(message)).body(), deadline());
        WorkerKeyring rolled = vault.workerKeys().withNewCurrentKey();
        JobProcessor afterRoll = new JobProcessor(
                blobs, store, embedder, WorkerKeySource.of(rolled), clock, JobProcessor.Settings.DEFAULTS);

        JobOutcome outcome = afterRoll.process(upload(List.of(message)).body(), deadline());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Stored.class, s -> {
            assertThat(s.alreadyPresent()).isEqualTo(1);
        });
    }

    @Test
    void process_skipsMediaMessages() {
        List<ChatMessage> messages = new ArrayList<>(vault.messages(2));
        messages.add(vault.media());
        TestVault.SealedJob job = upload(messages);

        JobOutcome outcome = processor.process(job.body(), deadline());

        assertThat(outcome).isInstanceOfSatisfying(JobOutcome.Stored.class, s -> {
            assertThat(s.embedded()).isEqualTo(2);
            assertThat(s.skipped()).isEqualTo(1);
        });
        assertThat(embedder.texts()).isEqualTo(2);
    }

    @Test
    void process_tamperedBatch_isPoisonRecordedWithoutContent() {
        TestVault.SealedJob job = vault.seal(vault.messages(SECRET, "other"));
        byte[] tampered = job.envelope().clone();
        tampered[tampered.length - 40] ^= 1; // inside the GCM tag (the last 32 bytes are the origin tag)
        blobs.put(job.objectKey(), tampered);

        JobOutcome outcome = processor.process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class,
                        p -> assertThat(p.reason())
                                .contains("did not authenticate")
                                .doesNotContain("7731"));
        JobStatus status = store.job(job.job().jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.errorReason().orElseThrow())
                .contains(job.job().jobId().toString());
        assertThat(embedder.calls()).isZero();
    }

    @Test
    void process_jobForAnotherWorker_isPoison() {
        TestVault other = new TestVault(embedder.modelId());
        TestVault.SealedJob job = other.seal(other.messages(2));
        blobs.put(job.objectKey(), job.envelope());

        assertThat(processor.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("not held here"));
    }

    @Test
    void process_keyRolledAfterStart_reloadsTheKeyringOnce() {
        WorkerKeyring rolled = vault.workerKeys().withNewCurrentKey();
        TestVault newClient = new TestVault(embedder.modelId(), rolled);
        TestVault.SealedJob job = newClient.seal(newClient.messages(2));
        blobs.put(job.objectKey(), job.envelope());
        AtomicBoolean reloaded = new AtomicBoolean();
        WorkerKeySource source = new WorkerKeySource() {
            @Override
            public WorkerKeyring keyring() {
                return reloaded.get() ? rolled : vault.workerKeys();
            }

            @Override
            public boolean reload() {
                return !reloaded.getAndSet(true);
            }
        };
        JobProcessor withReload =
                new JobProcessor(blobs, store, embedder, source, clock, JobProcessor.Settings.DEFAULTS);

        assertThat(withReload.process(job.body(), deadline())).isInstanceOf(JobOutcome.Stored.class);
        assertThat(reloaded).isTrue();
    }

    @Test
    void process_swappedUserPublicKey_isPoison() throws Exception {
        TestVault.SealedJob job = upload(vault.messages(2));
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(job.body());
        node.put("userPublicKey", RecipientKeyPair.generate().publicKey().base64());

        JobOutcome outcome = processor.process(node.toString(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("did not authenticate"));
        assertThat(store.vectors(vault.userId(), vault.model())).isEmpty();
    }

    @Test
    void process_jobPointingAtAnotherBatch_isPoison() throws Exception {
        TestVault.SealedJob first = upload(vault.messages(2));
        TestVault.SealedJob second = upload(vault.messages(2));
        ObjectNode node = (ObjectNode) new ObjectMapper().readTree(first.body());
        node.put("objectKey", second.objectKey());

        assertThat(processor.process(node.toString(), deadline())).isInstanceOf(JobOutcome.Poison.class);
    }

    @Test
    void process_messageCountDisagreeingWithTheBatch_isPoison() {
        List<ChatMessage> messages = vault.messages(3);
        TestVault.SealedJob honest = vault.seal(messages);
        // A job that says 2 where the batch header says 3: sealed by a confused client.
        TestVault.SealedJob job = new TestVault.SealedJob(
                dev.pvault.core.crypto.JobEnvelope.create(
                        JobId.random(),
                        vault.userId(),
                        dev.pvault.core.crypto.BatchObjectKey.parse(honest.objectKey())
                                .batchId(),
                        2,
                        vault.model(),
                        vault.workerKeys().current().publicKey(),
                        vault.userKeys().publicKey(),
                        dev.pvault.core.crypto.DataKey.generate()),
                honest.envelope(),
                messages);
        blobs.put(job.objectKey(), job.envelope());

        // The job's batch key is not the batch's, but the count is checked first and named.
        assertThat(processor.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("says 2 messages"));
    }

    @Test
    void process_missingBatchObject_isPoison() {
        TestVault.SealedJob job = vault.seal(vault.messages(1));

        assertThat(processor.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("does not exist"));
    }

    @Test
    void process_oversizeBatch_isPoison() {
        TestVault.SealedJob job = upload(vault.messages(20));
        JobProcessor small = processor(embedder, new JobProcessor.Settings(100, 256 * 1024, 64));

        assertThat(small.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("more than the 100"));
    }

    @Test
    void process_jobForAnotherModel_isPoison() {
        TestVault otherModel = new TestVault("onnx:all-minilm-l6-v2", vault.workerKeys());
        TestVault.SealedJob job = otherModel.seal(otherModel.messages(1));
        blobs.put(job.objectKey(), job.envelope());

        assertThat(processor.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("asks for model"));
    }

    @Test
    void process_batchWithARepeatedMessageId_isPoison() {
        ChatMessage message = vault.messages("twice").getFirst();
        TestVault.SealedJob job = upload(List.of(message, message));

        assertThat(processor.process(job.body(), deadline()))
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class, p -> assertThat(p.reason()).contains("twice"));
    }

    @Test
    void process_unreadableDocuments_arePoisonWithoutJobId() {
        for (String body : List.of("", "not json " + SECRET, "{\"version\":1}", "[1,2]", "x".repeat(300_000))) {
            JobOutcome outcome = processor.process(body, deadline());
            assertThat(outcome).isInstanceOf(JobOutcome.Poison.class);
            assertThat(outcome.jobId()).isEmpty();
            assertThat(((JobOutcome.Poison) outcome).reason()).doesNotContain("7731");
        }
    }

    @Test
    void process_jobIdRecordedForAnotherUser_isPoisonAndTheOtherJobIsUntouched() {
        TestVault.SealedJob job = upload(vault.messages(1));
        JobTicket other = new JobTicket(job.job().jobId(), UserId.random(), BatchId.random(), vault.model(), 1);
        store.recordQueued(other, clock.instant());

        assertThat(processor.process(job.body(), deadline())).isInstanceOf(JobOutcome.Poison.class);
        JobStatus status = store.job(job.job().jobId()).orElseThrow();
        assertThat(status.ticket()).isEqualTo(other);
        assertThat(status.state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void process_storeDown_isRetry() {
        TestVault.SealedJob job = upload(vault.messages(2));
        store.failNextCalls(1);

        JobOutcome outcome = processor.process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class, r -> assertThat(r.reason()).contains("store is down"));
        assertThat(processor.process(job.body(), deadline())).isInstanceOf(JobOutcome.Stored.class);
    }

    @Test
    void process_storeFailingAtTheEnd_storesNothingAndRetries() {
        TestVault.SealedJob job = upload(vault.messages(2));
        store.failNextCompletes(1);
        JobProcessor late = new JobProcessor(
                blobs, store, embedder, WorkerKeySource.of(vault.workerKeys()), clock, JobProcessor.Settings.DEFAULTS);

        JobOutcome outcome = late.process(job.body(), deadline());

        assertThat(outcome).isInstanceOf(JobOutcome.Retry.class);
        assertThat(store.vectors(vault.userId(), vault.model())).isEmpty();
        assertThat(store.job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void process_anEmbedderThatQuotesItsInput_leavesOnlyItsTypeInTheReason() {
        TestVault.SealedJob job = upload(vault.messages(SECRET));
        Embedder quoting = new Embedder() {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
                throw new IllegalArgumentException("cannot embed '" + texts.getFirst() + "'");
            }

            @Override
            public String modelId() {
                return embedder.modelId();
            }

            @Override
            public int dimension() {
                return embedder.dimension();
            }
        };

        JobOutcome outcome = processor(quoting, JobProcessor.Settings.DEFAULTS).process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class,
                        retry -> assertThat(retry.reason())
                                .contains("IllegalArgumentException")
                                .doesNotContain("alarm code"));
        assertThat(store.job(job.job().jobId()).orElseThrow().errorReason())
                .get()
                .asString()
                .doesNotContain("alarm code");
    }

    @Test
    void process_pastTheDeadline_startsNothing() {
        TestVault.SealedJob job = upload(vault.messages(2));

        JobOutcome outcome = processor.process(job.body(), clock.instant());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class, r -> assertThat(r.reason()).contains("deadline"));
        assertThat(embedder.calls()).isZero();
        assertThat(blobs.gets()).isZero();
    }

    @Test
    void process_deadlineReachedWhileEmbedding_handsTheJobBack() {
        TestVault.SealedJob job = upload(vault.messages(6));
        Embedder slow = new DelegatingEmbedder(embedder) {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
                clock.advance(Duration.ofSeconds(40));
                return super.embed(texts, purpose);
            }
        };
        JobProcessor chunked = processor(slow, new JobProcessor.Settings(1 << 20, 256 * 1024, 2));

        JobOutcome outcome = chunked.process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class,
                        r -> assertThat(r.reason()).contains("deadline reached before embedding"));
        assertThat(embedder.calls()).isEqualTo(2);
        assertThat(store.vectors(vault.userId(), vault.model())).isEmpty();
    }

    @Test
    void process_embedderFailure_isRetryNamingTheTypeOnly() {
        TestVault.SealedJob job = upload(vault.messages(SECRET));
        Embedder broken = new DelegatingEmbedder(embedder) {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
                throw new IllegalStateException("cannot tokenize: " + texts.getFirst());
            }
        };

        JobOutcome outcome = processor(broken, JobProcessor.Settings.DEFAULTS).process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Retry.class,
                        r -> assertThat(r.reason())
                                .contains("IllegalStateException")
                                .doesNotContain("7731"));
        assertThat(store.job(job.job().jobId()).orElseThrow().errorReason().orElseThrow())
                .doesNotContain("7731");
    }

    @Test
    void process_anEmbedderRefusingTheInput_isPoisonRecordedAsPermanent() {
        TestVault.SealedJob job = upload(vault.messages(SECRET, "and another"));
        Embedder refusing = new DelegatingEmbedder(embedder) {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose, Instant deadline) {
                throw new PoisonJobException("provider rejected the input: HTTP 400 invalid_request_error");
            }
        };

        JobOutcome outcome = processor(refusing, JobProcessor.Settings.DEFAULTS).process(job.body(), deadline());

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        JobOutcome.Poison.class,
                        p -> assertThat(p.reason())
                                .contains("invalid_request_error")
                                .doesNotContain("7731"));
        JobStatus status = store.job(job.job().jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(store.vectors(vault.userId(), vault.model())).isEmpty();
    }

    @Test
    void process_handsItsDeadlineToTheEmbedder() {
        TestVault.SealedJob job = upload(vault.messages(3));
        List<Instant> seen = new ArrayList<>();
        Embedder watching = new DelegatingEmbedder(embedder) {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose, Instant deadline) {
                seen.add(deadline);
                return super.embed(texts, purpose);
            }
        };
        Instant deadline = deadline();

        JobOutcome outcome = processor(watching, JobProcessor.Settings.DEFAULTS).process(job.body(), deadline);

        assertThat(outcome).isInstanceOf(JobOutcome.Stored.class);
        assertThat(seen).containsExactly(deadline);
    }

    @Test
    void process_zeroesTheVectorsItSealed() {
        List<float[]> handedOut = new ArrayList<>();
        Embedder capturing = new DelegatingEmbedder(embedder) {
            @Override
            public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
                Embeddings embeddings = super.embed(texts, purpose);
                handedOut.addAll(embeddings.vectors());
                return embeddings;
            }
        };
        TestVault.SealedJob job = upload(vault.messages(3));

        processor(capturing, JobProcessor.Settings.DEFAULTS).process(job.body(), deadline());

        assertThat(handedOut).hasSize(3).allSatisfy(v -> assertThat(v).containsOnly(0f));
    }

    @Test
    void outcomes_neverCarryContent() {
        TestVault.SealedJob job = upload(vault.messages(SECRET));
        JobOutcome outcome = processor.process(job.body(), deadline());

        assertThat(outcome.toString()).doesNotContain("7731").doesNotContain("alarm");
    }

    private static class DelegatingEmbedder implements Embedder {
        private final Embedder delegate;

        DelegatingEmbedder(Embedder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String modelId() {
            return delegate.modelId();
        }

        @Override
        public int dimension() {
            return delegate.dimension();
        }

        @Override
        public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
            return delegate.embed(texts, purpose);
        }
    }
}
