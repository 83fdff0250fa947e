package dev.pvault.service;

import dev.pvault.core.api.DeadJob;
import dev.pvault.core.api.Deletion;
import dev.pvault.core.api.JobList;
import dev.pvault.core.api.Me;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.api.WorkerInfo;
import dev.pvault.core.crypto.BatchObjectKey;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.ResultPage;
import dev.pvault.core.worker.VaultPorts;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vault service: every operation of docs/openapi.yaml for one authenticated caller, over the same ports
 * the worker uses. The caller's id comes from the transport (a verified token's {@code sub}), never from the
 * request, and scopes every read and write: another user's job or batch is {@link Problem#NOT_FOUND} exactly
 * as one that does not exist, and a job naming another user, an object outside the caller's prefix or a key
 * the caller did not register is refused with nothing queued.
 *
 * <p>It holds no key and reads nothing sealed: it checks ids, object keys and sizes, presigns transfers, and
 * moves job documents to the queue. Thread-safe if its ports are.
 */
public final class VaultService {
    /**
     * @param workerKey the worker's current public key, the one clients wrap batch keys to
     * @param models the model ids this service's worker embeds with; jobs for others are refused
     * @param maxBatchBytes the largest sealed batch accepted (the worker's own limit)
     * @param maxResultsPage the most jobs one results page holds
     * @param deadLetterReuse how long one look into the dead-letter queue answers status calls (a client polls
     *     its status a few times a second while it waits; the queue changes rarely, and taking from it (redrive,
     *     delete) looks again at once)
     */
    public record Settings(
            RecipientPublicKey workerKey,
            Set<String> models,
            long maxBatchBytes,
            int maxResultsPage,
            Duration deadLetterReuse) {
        public Settings {
            Objects.requireNonNull(workerKey, "workerKey");
            models = Set.copyOf(models);
            Objects.requireNonNull(deadLetterReuse, "deadLetterReuse");
            if (models.isEmpty() || maxBatchBytes < 1 || maxResultsPage < 1 || deadLetterReuse.isNegative()) {
                throw new IllegalArgumentException("a service embeds with one model at least, and limits are positive");
            }
        }

        /** One model, the worker's batch limit (64 MiB), pages of up to 100 jobs, dead letters looked at once a second. */
        public static Settings of(RecipientPublicKey workerKey, String model) {
            return new Settings(workerKey, Set.of(model), 64L << 20, 100, Duration.ofSeconds(1));
        }

        /** These settings with dead letters looked at on every call (tests that change the queue by hand). */
        public Settings lookingAtDeadLettersEveryTime() {
            return new Settings(workerKey, models, maxBatchBytes, maxResultsPage, Duration.ZERO);
        }
    }

    private final VaultPorts ports;
    private final Presigner presigner;
    private final InstantSource clock;
    private final Settings settings;
    private final RecentDeadLetters deadLetters;

    public VaultService(VaultPorts ports, Presigner presigner, InstantSource clock, Settings settings) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.deadLetters = new RecentDeadLetters(ports::deadLetters, settings.deadLetterReuse());
    }

    public Settings settings() {
        return settings;
    }

    /** The service as {@code caller} sees it, in this process (the HTTP server and the tests use it). */
    public VaultApi as(UserId caller) {
        return new CallerApi(this, Objects.requireNonNull(caller, "caller"));
    }

    // ---- identity ----------------------------------------------------------------------------------------

    Me me(UserId caller) {
        return new Me(caller, ports.store().publicKey(caller));
    }

    Me registerKey(UserId caller, RecipientPublicKey key) {
        Optional<RecipientPublicKey> current = ports.store().publicKey(caller);
        if (current.isPresent()
                && !current.get().equals(key)
                && !ports.store().jobs(caller).isEmpty()) {
            throw new ServiceRefusal(
                    Problem.KEYS_IN_USE,
                    "key " + current.get().keyId() + " is registered and has jobs; delete everything before"
                            + " registering key " + key.keyId());
        }
        ports.store().registerPublicKey(caller, key, clock.instant());
        return new Me(caller, Optional.of(key));
    }

    WorkerInfo worker() {
        return new WorkerInfo(settings.workerKey(), settings.models());
    }

    // ---- import ------------------------------------------------------------------------------------------

    PresignedRequest createUpload(UserId caller, BatchId batch, long contentLength) {
        if (contentLength < 1) {
            throw new ServiceRefusal(Problem.BAD_REQUEST, "contentLength must be positive, got " + contentLength);
        }
        if (contentLength > settings.maxBatchBytes()) {
            throw new ServiceRefusal(
                    Problem.TOO_LARGE,
                    "a batch of " + contentLength + " bytes is larger than the " + settings.maxBatchBytes()
                            + " allowed");
        }
        return presigner.upload(caller, new BatchObjectKey(caller, batch).key(), contentLength);
    }

    JobStatus submitJob(UserId caller, JobDocument job, Collection<MessageId> messageIds) {
        if (!job.userId().equals(caller)) {
            throw new ServiceRefusal(Problem.FORBIDDEN, "job " + job.jobId() + " names another user");
        }
        BatchObjectKey key;
        try {
            key = job.batchObjectKey();
        } catch (RuntimeException e) {
            throw new ServiceRefusal(Problem.FORBIDDEN, "job " + job.jobId() + " points at an object of another user");
        }
        if (!settings.models().contains(job.model())) {
            throw new ServiceRefusal(
                    Problem.BAD_REQUEST,
                    "job " + job.jobId() + " asks for model " + job.model() + "; this service embeds with "
                            + String.join(", ", settings.models()));
        }
        if (!job.workerKeyId().equals(settings.workerKey().keyId())) {
            throw new ServiceRefusal(
                    Problem.BAD_REQUEST,
                    "job " + job.jobId() + " is wrapped to worker key " + job.workerKeyId() + "; the current one is "
                            + settings.workerKey().keyId() + " (GET /v1/worker-key)");
        }
        RecipientPublicKey registered = ports.store()
                .publicKey(caller)
                .orElseThrow(() -> new ServiceRefusal(
                        Problem.KEYS_NOT_REGISTERED,
                        "register your public key (PUT /v1/me/keys) before queueing jobs"));
        if (!registered.equals(job.userPublicKey())) {
            throw new ServiceRefusal(
                    Problem.FORBIDDEN,
                    "job " + job.jobId() + " would seal its results to key "
                            + job.userPublicKey().keyId() + ", not to your registered key " + registered.keyId());
        }
        if (messageIds.size() > job.messageCount()) {
            throw new ServiceRefusal(
                    Problem.BAD_REQUEST,
                    "job " + job.jobId() + " has " + job.messageCount() + " messages but names " + messageIds.size()
                            + " message ids");
        }
        Optional<JobStatus> known = ports.store().job(job.jobId());
        if (known.isPresent() && !known.get().ticket().userId().equals(caller)) {
            // A job id is a random UUID: one taken by another user is a forgery, not a collision. The answer
            // says no more than that this job cannot be queued.
            throw new ServiceRefusal(Problem.FORBIDDEN, "job " + job.jobId() + " cannot be queued");
        }
        if (!ports.blobs().exists(key.key())) {
            throw new ServiceRefusal(
                    Problem.BATCH_NOT_UPLOADED,
                    "batch " + key.batchId() + " of job " + job.jobId() + " is not uploaded (POST /v1/uploads first)");
        }
        JobTicket ticket = JobTicket.of(job);
        ports.store().recordQueued(ticket, clock.instant());
        ports.store().recordMessageIds(job.jobId(), messageIds);
        // Sent even when the job was known: a client submits again when it thinks the message was lost, and a
        // second delivery to the worker is a no-op.
        ports.queue().send(job);
        return ports.store().job(job.jobId()).orElseThrow();
    }

    void recordMessageIds(UserId caller, JobId job, Collection<MessageId> messageIds) {
        ownJob(caller, job);
        ports.store().recordMessageIds(job, messageIds);
    }

    List<JobId> jobsWithoutMessageIds(UserId caller) {
        return ports.store().jobsWithoutMessageIds(caller);
    }

    Set<MessageId> knownMessages(UserId caller, String model, Collection<MessageId> candidates) {
        return ports.store().knownMessageIds(caller, model, candidates);
    }

    // ---- status and sync ---------------------------------------------------------------------------------

    JobList jobs(UserId caller) {
        Set<JobId> dead = deadLetters.list().stream()
                .flatMap(letter -> letter.job().stream())
                .filter(job -> job.userId().equals(caller))
                .map(JobDocument::jobId)
                .collect(Collectors.toSet());
        return new JobList(ports.store().jobs(caller), dead);
    }

    Optional<JobStatus> job(UserId caller, JobId job) {
        return ports.store().job(job).filter(status -> status.ticket().userId().equals(caller));
    }

    ResultPage results(UserId caller, String model, long after, int limit) {
        if (after < 0 || limit < 1) {
            throw new ServiceRefusal(Problem.BAD_REQUEST, "after must be >= 0 and limit >= 1");
        }
        return ports.store().results(caller, model, after, Math.min(limit, settings.maxResultsPage()));
    }

    Optional<PresignedRequest> batch(UserId caller, BatchId batch) {
        String key = new BatchObjectKey(caller, batch).key();
        boolean known = ports.store().jobs(caller).stream()
                .anyMatch(job -> job.ticket().batchId().equals(batch));
        return known && ports.blobs().exists(key) ? Optional.of(presigner.download(caller, key)) : Optional.empty();
    }

    // ---- delete and dead letters -----------------------------------------------------------------------

    Deletion deleteBatches(UserId caller, Collection<BatchId> batches) {
        refuseWhilePending(caller);
        Set<BatchId> own = ports.store().jobs(caller).stream()
                .map(job -> job.ticket().batchId())
                .filter(batches::contains)
                .collect(Collectors.toSet());
        return delete(caller, own);
    }

    Deletion deleteEverything(UserId caller) {
        refuseWhilePending(caller);
        Set<BatchId> all = new HashSet<>();
        ports.store().jobs(caller).forEach(job -> all.add(job.ticket().batchId()));
        // Batches uploaded whose job was never submitted are the caller's too.
        ports.blobs()
                .list(BatchObjectKey.prefixOf(caller))
                .forEach(key -> all.add(BatchObjectKey.parse(key).batchId()));
        return delete(caller, all);
    }

    private Deletion delete(UserId caller, Set<BatchId> batches) {
        List<JobId> jobs = ports.store().jobs(caller).stream()
                .filter(job -> batches.contains(job.ticket().batchId()))
                .map(job -> job.ticket().jobId())
                .toList();
        deadLetters.forget();
        int deadLetters = DeadLetters.take(
                        ports.deadLetters(),
                        dead -> dead.job()
                                .filter(job -> job.userId().equals(caller)
                                        && batches.contains(job.batchObjectKey().batchId()))
                                .isPresent(),
                        dead -> {})
                .size();
        int vectors = ports.store().deleteJobs(caller, jobs);
        for (BatchId batch : batches) {
            ports.blobs().delete(new BatchObjectKey(caller, batch).key());
        }
        return new Deletion(batches.size(), jobs.size(), vectors, deadLetters);
    }

    private void refuseWhilePending(UserId caller) {
        long pending = ports.store().jobs(caller).stream()
                .filter(job -> job.state() == JobState.QUEUED || job.state() == JobState.RUNNING)
                .count();
        if (pending > 0) {
            throw new ServiceRefusal(
                    Problem.WORK_PENDING,
                    pending + " jobs of yours are still queued or running; delete when they are done");
        }
    }

    List<DeadJob> deadJobs(UserId caller) {
        return deadLetters.list().stream()
                .filter(dead ->
                        dead.job().filter(job -> job.userId().equals(caller)).isPresent())
                .map(dead -> {
                    JobDocument job = dead.job().orElseThrow();
                    Optional<String> reason = ports.store().job(job.jobId()).flatMap(JobStatus::errorReason);
                    return new DeadJob(
                            dead.message().messageId(),
                            Optional.of(job.jobId()),
                            job.messageCount(),
                            dead.message().receiveCount(),
                            reason);
                })
                .toList();
    }

    int redrive(UserId caller) {
        deadLetters.forget();
        return DeadLetters.take(
                        ports.deadLetters(),
                        dead -> dead.job()
                                .filter(job -> job.userId().equals(caller))
                                .isPresent(),
                        dead -> {
                            JobDocument job = dead.job().orElseThrow();
                            ports.store().requeue(job.jobId(), clock.instant());
                            ports.queue().send(job);
                        })
                .size();
    }

    private void ownJob(UserId caller, JobId job) {
        if (job(caller, job).isEmpty()) {
            throw new ServiceRefusal(Problem.NOT_FOUND, "no job " + job);
        }
    }

    @Override
    public String toString() {
        return "VaultService[models=" + settings.models() + ", workerKey="
                + settings.workerKey().keyId() + "]";
    }
}
