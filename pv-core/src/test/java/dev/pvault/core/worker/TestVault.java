package dev.pvault.core.worker;

import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.JobEnvelope;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.OriginPolicy;
import dev.pvault.core.crypto.OriginVerifier;
import dev.pvault.core.crypto.SealedBatch;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.Verdict;
import dev.pvault.core.crypto.VerifiedResult;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.model.UserId;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user and a worker, doing what the client does (seal a batch, wrap its key to the worker, build the
 * job) and what the client does with results (unwrap the result key, open the vectors). For tests across
 * modules: the worker under test sees only what a real client would send.
 */
public final class TestVault {
    private static final LocalDateTime START = LocalDateTime.parse("2024-05-01T08:00:00");

    private final UserKeys user;
    private final WorkerKeyring worker;
    private final String model;
    private int minute;

    public TestVault(String model) {
        this(model, WorkerKeyring.generate());
    }

    public TestVault(String model, WorkerKeyring worker) {
        this.user = UserKeys.generate(UserId.random());
        this.worker = worker;
        this.model = model;
    }

    /** A sealed batch and its job, as the client would upload and enqueue them. */
    public record SealedJob(JobDocument job, byte[] envelope, List<ChatMessage> messages) {
        public String objectKey() {
            return job.objectKey();
        }

        public String body() {
            return job.toJson();
        }
    }

    public UserId userId() {
        return user.userId();
    }

    public UserKeys userKeys() {
        return user;
    }

    public WorkerKeyring workerKeys() {
        return worker;
    }

    public String model() {
        return model;
    }

    /** Text messages with real ids, one a minute, alternating two senders. */
    public List<ChatMessage> messages(String... texts) {
        MessageIdAssigner assigner = new MessageIdAssigner(user.messageIdKey());
        List<ChatMessage> messages = new ArrayList<>();
        for (String text : texts) {
            messages.add(assigner.assign(
                    "Family",
                    START.plusMinutes(minute++),
                    null,
                    minute % 2 == 0 ? "Ana" : "Ben",
                    text,
                    MessageKind.TEXT));
        }
        return messages;
    }

    /** {@code count} distinct text messages. */
    public List<ChatMessage> messages(int count) {
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            texts[i] = "message number " + i + " about the weekend plans at the lake house";
        }
        return messages(texts);
    }

    /** A media placeholder (kept, not embedded). */
    public ChatMessage media() {
        MessageIdAssigner assigner = new MessageIdAssigner(user.messageIdKey());
        return assigner.assign(
                "Family", START.plusMinutes(minute++), null, "Ana", "<Media omitted>", MessageKind.MEDIA);
    }

    /** Seals {@code messages} as one batch and builds its job for this vault's worker and model. */
    public SealedJob seal(List<ChatMessage> messages) {
        return seal(messages, JobId.random(), BatchId.random());
    }

    /** A format-v2 batch and job: origin-tagged by the user, its result signed by the worker. */
    public SealedJob seal(List<ChatMessage> messages, JobId jobId, BatchId batchId) {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batchId, messages)) {
            JobDocument job = JobEnvelope.create(
                    jobId, user, sealed, model, worker.current().publicKey());
            return new SealedJob(job, sealed.envelope(), List.copyOf(messages));
        }
    }

    /** A format-v1 batch and job, as a client before format v2 queued them. */
    @SuppressWarnings("removal")
    public SealedJob sealV1(List<ChatMessage> messages) {
        BatchId batchId = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(user.userId(), batchId, messages, user.publicKey())) {
            JobDocument job = JobEnvelope.create(
                    JobId.random(),
                    user.userId(),
                    batchId,
                    messages.size(),
                    model,
                    worker.current().publicKey(),
                    user.publicKey(),
                    sealed.batchKey());
            return new SealedJob(job, sealed.envelope(), List.copyOf(messages));
        }
    }

    /** The client's verifier for this vault: the worker's public keys pinned, v1 accepted as unproven. */
    public OriginVerifier verifier() {
        return new OriginVerifier(user, worker.publicKeys(), OriginPolicy.ACCEPT_UNPROVEN_V1);
    }

    /**
     * Opens every stored vector of this user and model through the client's verifier, by message id in
     * hex; a row that does not verify fails the test.
     */
    public Map<String, float[]> openVectors(EmbeddingStore store) {
        OriginVerifier verifier = verifier();
        Map<String, float[]> opened = new LinkedHashMap<>();
        for (StoredVector stored : store.vectors(user.userId(), model)) {
            JobStatus job = store.job(stored.jobId()).orElseThrow();
            byte[] record = job.resultKey().orElseThrow().bytes();
            Verdict<VerifiedResult> result =
                    verifier.verifyResult(record, stored.jobId(), job.ticket().batchId(), model);
            try (VerifiedResult verified = result.accepted().orElseThrow(() -> new AssertionError(result))) {
                Verdict<float[]> vector = verifier.openVector(stored.sealed(), stored.messageId(), model, verified);
                opened.put(stored.messageId().hex(), vector.accepted().orElseThrow(() -> new AssertionError(vector)));
            }
        }
        return opened;
    }
}
