package dev.pvault.core.worker;

import dev.pvault.core.InternalException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.BatchHeader;
import dev.pvault.core.crypto.DataKey;
import dev.pvault.core.crypto.EnvelopeException;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.JobEnvelope;
import dev.pvault.core.crypto.ResultKeys;
import dev.pvault.core.crypto.VectorEnvelope;
import dev.pvault.core.crypto.WrongKeyException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one job into sealed vectors: the worker pipeline, the same in the Lambda function, the
 * long-running poller and the local runner.
 *
 * <p>Steps: read the job document; record the attempt (a job already DONE stops here, nothing fetched);
 * check the model; unwrap the batch key with the bound context; fetch the batch and check its header
 * against the job (user, batch id from the object key, message count); open it; ask the store which
 * messages already have vectors for this model and embed only the others; seal each vector under a fresh
 * result key; wrap the result key to the user and, for a format-v2 job, sign the result record (job, the
 * user's job tag, the SHA-256 of the batch as read, the wrapped key) with the worker's signing key; store
 * vectors, result record and counts in one transaction.
 *
 * <p>Outcomes: {@link JobOutcome.Stored}; {@link JobOutcome.Poison} for anything that can never succeed
 * (every {@link EnvelopeException}, {@link PoisonJobException}, {@link OversizeBlobException}); {@link
 * JobOutcome.Retry} for the rest (transient failures, the deadline, and anything unexpected: the queue's
 * {@code maxReceiveCount} bounds those). Failures are recorded on the job row, best effort.
 *
 * <p>Hygiene, best effort on a JVM: the batch key and the result key are zeroed when the job ends
 * ({@link DataKey#close()}), so are the decrypted batch body (by {@link BatchEnvelope}) and each vector's
 * floats once sealed. Message texts are Java strings and cannot be zeroed: they are
 * only referenced from this call's frames and are collected after it. The JCE and the embedder keep copies
 * of their own. Nothing of a message, key or vector reaches an exception message, a reason or a log line.
 *
 * <p>Thread-safe if its ports are: one instance serves concurrent jobs.
 */
public final class JobProcessor {

    /**
     * @param maxBatchBytes larger batch objects are poison (and are not downloaded)
     * @param maxJobChars longer job documents are poison (SQS caps messages at 256 KiB anyway)
     * @param embedChunk texts per embedder call; the deadline is checked between calls
     */
    public record Settings(long maxBatchBytes, int maxJobChars, int embedChunk) {
        public static final Settings DEFAULTS = new Settings(64L << 20, 256 * 1024, 64);

        public Settings {
            if (maxBatchBytes < 1 || maxJobChars < 1 || embedChunk < 1) {
                throw new IllegalArgumentException("settings must be positive");
            }
        }
    }

    private final BlobStore blobs;
    private final EmbeddingStore store;
    private final Embedder embedder;
    private final WorkerKeySource keys;
    private final InstantSource clock;
    private final Settings settings;

    public JobProcessor(
            BlobStore blobs,
            EmbeddingStore store,
            Embedder embedder,
            WorkerKeySource keys,
            InstantSource clock,
            Settings settings) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.store = Objects.requireNonNull(store, "store");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The model this processor embeds with; jobs for any other model are poison. */
    public String modelId() {
        return embedder.modelId();
    }

    /**
     * Processes one job document as it came off the queue. Work that would end after {@code deadline} is
     * not started: the job is handed back ({@link JobOutcome.Retry}) with nothing stored. Never throws: every
     * failure is an outcome, so the handlers that call this need no guard of their own.
     */
    public JobOutcome process(String body, Instant deadline) {
        Instant start = clock.instant();
        try {
            return processBody(body, deadline, start);
        } catch (RuntimeException e) {
            // Past every specific handler below (a bug, or a store that failed while recording a failure).
            return new JobOutcome.Retry(
                    Optional.empty(), "unexpected " + e.getClass().getName(), since(start));
        }
    }

    private JobOutcome processBody(String body, Instant deadline, Instant start) {
        if (body == null || body.isEmpty()) {
            return new JobOutcome.Poison(Optional.empty(), "empty job document", since(start));
        }
        if (body.length() > settings.maxJobChars()) {
            return new JobOutcome.Poison(
                    Optional.empty(),
                    "job document is " + body.length() + " characters, more than " + settings.maxJobChars(),
                    since(start));
        }
        JobDocument job;
        try {
            job = JobDocument.parse(body);
        } catch (VaultException e) {
            return new JobOutcome.Poison(Optional.empty(), "unreadable job document: " + e.getMessage(), since(start));
        } catch (RuntimeException e) {
            // A foreign exception's message may quote its input: name the type only.
            return new JobOutcome.Poison(
                    Optional.empty(), "unreadable job document (" + e.getClass().getName() + ")", since(start));
        }
        return process(job, deadline, start);
    }

    /** Processes one parsed job; see {@link #process(String, Instant)}. */
    public JobOutcome process(JobDocument job, Instant deadline) {
        return process(job, deadline, clock.instant());
    }

    private JobOutcome process(JobDocument job, Instant deadline, Instant start) {
        Optional<JobId> id = Optional.of(job.jobId());
        JobTicket ticket;
        try {
            ticket = JobTicket.of(job);
        } catch (VaultException e) {
            return new JobOutcome.Poison(id, e.getMessage(), since(start));
        }
        try {
            return run(job, ticket, deadline, start);
        } catch (ForeignJobIdException e) {
            // The row belongs to another job: recording a failure on it would corrupt that job.
            return new JobOutcome.Poison(id, e.getMessage(), since(start));
        } catch (EnvelopeException | PoisonJobException | OversizeBlobException e) {
            return new JobOutcome.Poison(id, recordFailure(job.jobId(), naming(job, e), true), since(start));
        } catch (VaultException e) {
            return new JobOutcome.Retry(id, recordFailure(job.jobId(), naming(job, e), false), since(start));
        } catch (RuntimeException e) {
            String reason = "unexpected " + e.getClass().getName() + " in job " + job.jobId();
            return new JobOutcome.Retry(id, recordFailure(job.jobId(), reason, false), since(start));
        }
    }

    private JobOutcome run(JobDocument job, JobTicket ticket, Instant deadline, Instant start) {
        JobStatus status = store.startAttempt(ticket, clock.instant());
        if (!status.ticket().equals(ticket)) {
            throw new ForeignJobIdException("job id " + job.jobId() + " is already recorded for another user, batch"
                    + " or model (user " + status.ticket().userId() + ", batch "
                    + status.ticket().batchId() + ")");
        }
        if (status.state() == JobState.DONE) {
            return alreadyDone(status, start);
        }
        if (!job.model().equals(embedder.modelId())) {
            throw new PoisonJobException("job " + job.jobId() + " asks for model " + job.model() + ", this worker runs "
                    + embedder.modelId());
        }
        checkDeadline(deadline, "fetching the batch", job);
        OpenBatch batch = openBatch(job, ticket);

        List<ChatMessage> texts = new ArrayList<>(batch.messages().size());
        Set<MessageId> ids = new HashSet<>();
        for (ChatMessage message : batch.messages()) {
            if (!ids.add(message.id())) {
                throw new PoisonJobException("batch " + ticket.batchId() + " of job " + job.jobId()
                        + " holds message id " + message.id() + " twice");
            }
            if (message.kind() == MessageKind.TEXT) {
                texts.add(message);
            }
        }
        int skipped = batch.messages().size() - texts.size();
        Set<MessageId> stored = store.storedIds(
                ticket.userId(),
                ticket.model(),
                texts.stream().map(ChatMessage::id).toList());
        List<ChatMessage> toEmbed =
                texts.stream().filter(m -> !stored.contains(m.id())).toList();
        int present = texts.size() - toEmbed.size();
        JobResult result = embedAndSeal(job, ticket, toEmbed, batch.digest(), deadline, present, skipped);
        Completion completion = store.complete(result, clock.instant());
        if (!completion.applied()) {
            return alreadyDone(completion.status(), start);
        }
        JobCounts counts = completion.status().counts();
        return new JobOutcome.Stored(
                job.jobId(), counts.embedded(), counts.alreadyPresent(), counts.skipped(), false, since(start));
    }

    /** The opened messages and the SHA-256 of the sealed batch as read, which a v2 result's signature names. */
    private record OpenBatch(List<ChatMessage> messages, byte[] digest) {}

    private OpenBatch openBatch(JobDocument job, JobTicket ticket) {
        try (DataKey batchKey = unwrapBatchKey(job)) {
            byte[] envelope = blobs.get(job.objectKey(), settings.maxBatchBytes())
                    .orElseThrow(() -> new PoisonJobException(
                            "batch object " + job.objectKey() + " of job " + job.jobId() + " does not exist"));
            BatchHeader header = BatchEnvelope.readHeader(envelope);
            if (header.messageCount() != job.messageCount()) {
                throw new PoisonJobException("job " + job.jobId() + " says " + job.messageCount()
                        + " messages, its batch " + header.batchId() + " holds " + header.messageCount());
            }
            List<ChatMessage> messages =
                    BatchEnvelope.openWithBatchKey(envelope, batchKey, ticket.userId(), ticket.batchId());
            return new OpenBatch(messages, sha256(envelope));
        }
    }

    private DataKey unwrapBatchKey(JobDocument job) {
        try {
            return JobEnvelope.unwrapBatchKey(job, keys.keyring());
        } catch (WrongKeyException e) {
            // The job may be wrapped to a key rolled in after this process loaded its keyring.
            if (keys.reload()) {
                return JobEnvelope.unwrapBatchKey(job, keys.keyring());
            }
            throw e;
        }
    }

    private JobResult embedAndSeal(
            JobDocument job,
            JobTicket ticket,
            List<ChatMessage> toEmbed,
            byte[] batchDigest,
            Instant deadline,
            int present,
            int skipped) {
        if (toEmbed.isEmpty()) {
            return new JobResult(ticket, List.of(), Optional.empty(), present, skipped);
        }
        List<NewVector> vectors = new ArrayList<>(toEmbed.size());
        try (DataKey resultKey = DataKey.generate()) {
            for (int from = 0; from < toEmbed.size(); from += settings.embedChunk()) {
                checkDeadline(deadline, "embedding message " + from + " of " + toEmbed.size(), job);
                List<ChatMessage> chunk = toEmbed.subList(from, Math.min(toEmbed.size(), from + settings.embedChunk()));
                Embeddings embeddings = embed(chunk, deadline);
                if (embeddings.size() != chunk.size()) {
                    throw new InternalException("embedder " + embedder.modelId() + " returned " + embeddings.size()
                            + " vectors for " + chunk.size() + " texts");
                }
                for (int i = 0; i < chunk.size(); i++) {
                    ChatMessage message = chunk.get(i);
                    float[] vector = embeddings.vectors().get(i);
                    try {
                        vectors.add(new NewVector(
                                message.id(),
                                VectorEnvelope.seal(vector, ticket.userId(), message.id(), ticket.model(), resultKey)));
                    } finally {
                        Arrays.fill(vector, 0f);
                    }
                }
            }
            checkDeadline(deadline, "storing " + vectors.size() + " vectors", job);
            return new JobResult(
                    ticket,
                    vectors,
                    Optional.of(WrappedResultKey.of(resultRecord(job, resultKey, batchDigest))),
                    present,
                    skipped);
        }
    }

    /**
     * A v2 job's result is signed by the current worker signing key over the job, its user's job tag, the
     * batch digest and the wrapped result key; a v1 job (queued before format v2) gets the unsigned v1 record
     * its client reads.
     */
    private byte[] resultRecord(JobDocument job, DataKey resultKey, byte[] batchDigest) {
        if (job.jobTag() == null) {
            return ResultKeys.wrapToUser(resultKey, job.userId(), job.jobId(), job.userPublicKey());
        }
        return ResultKeys.sign(resultKey, job, batchDigest, keys.keyring().signingKey());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new InternalException("SHA-256 is not available in this JVM", e);
        }
    }

    private JobOutcome alreadyDone(JobStatus status, Instant start) {
        JobCounts counts = status.counts();
        return new JobOutcome.Stored(
                status.ticket().jobId(),
                counts.embedded(),
                counts.alreadyPresent(),
                counts.skipped(),
                true,
                since(start));
    }

    /**
     * The embedder is the one port that sees plaintext, and a plug-in: whatever it throws is reduced here to its
     * type before the reason reaches the job row and the logs (an engine's message may quote its input). The one
     * exception is the engine's own verdict that the input can never be embedded ({@link PoisonJobException}, a
     * provider's 400): that makes the job poison, and its message is content-free by that type's contract.
     */
    private Embeddings embed(List<ChatMessage> chunk, Instant deadline) {
        try {
            return embedder.embed(chunk.stream().map(ChatMessage::text).toList(), EmbeddingPurpose.PASSAGE, deadline);
        } catch (PoisonJobException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RetryableException(
                    "embedder " + embedder.modelId() + " failed on " + chunk.size() + " texts ("
                            + e.getClass().getName() + ")",
                    e);
        }
    }

    private void checkDeadline(Instant deadline, String step, JobDocument job) {
        if (!clock.instant().isBefore(deadline)) {
            throw new RetryableException("deadline reached before " + step + " (job " + job.jobId() + ")");
        }
    }

    /** The exception's message (content-free by contract), prefixed with the job id unless it names it. */
    private static String naming(JobDocument job, VaultException e) {
        String message = String.valueOf(e.getMessage());
        String id = job.jobId().toString();
        return message.contains(id) ? message : "job " + id + ": " + message;
    }

    /** Records the failure on the job row; a store that is down is no reason to lose the outcome. */
    private String recordFailure(JobId job, String reason, boolean permanent) {
        try {
            store.recordFailure(job, reason, permanent, clock.instant());
            return reason;
        } catch (RuntimeException e) {
            return reason + " (not recorded on the job: " + e.getClass().getSimpleName() + ")";
        }
    }

    private Duration since(Instant start) {
        return Duration.between(start, clock.instant());
    }

    /** The job's id is recorded for another user, batch or model. */
    private static final class ForeignJobIdException extends InternalException {
        private static final long serialVersionUID = 1L;

        ForeignJobIdException(String message) {
            super(message);
        }
    }
}
