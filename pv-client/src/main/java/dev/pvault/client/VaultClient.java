package dev.pvault.client;

import dev.pvault.client.importer.ImportReport;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.BatchObjectKey;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.JobEnvelope;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.crypto.SealedBatch;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.VaultPorts;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * What a user's device does with its vault: import exports (seal, upload, queue), read the status, search,
 * look into and redrive the dead-letter queue, and delete. It talks only to the {@link VaultPorts}, so the
 * same code drives the loopback services of local mode and the cloud's.
 *
 * <p>An import sends each batch in four steps, each safe to repeat: the job goes into the import journal,
 * the sealed batch to the blob store, the job row to the store (QUEUED), the job document to the queue.
 * A kill between any two leaves either nothing the next import counts (the batch is re-sealed) or a job the
 * journal marks unsent, which {@link #resendUnsent()} sends: nothing is lost, and a message is never in two
 * live jobs.
 */
public final class VaultClient {
    /**
     * @param batchMessages messages per sealed batch (one job each)
     * @param batchChars characters of text per batch, at most
     */
    public record Settings(int batchMessages, long batchChars) {
        /** 256 messages a batch: about a second of embedding on two cores, and progress a user can see. */
        public static final Settings DEFAULTS = new Settings(256, 512 * 1024);
    }

    private final VaultHome home;
    private final VaultPorts ports;
    private final String model;
    private final RecipientPublicKey workerKey;
    private final InstantSource clock;
    private final Settings settings;

    public VaultClient(
            VaultHome home,
            VaultPorts ports,
            String model,
            RecipientPublicKey workerKey,
            InstantSource clock,
            Settings settings) {
        this.home = Objects.requireNonNull(home, "home");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.model = Objects.requireNonNull(model, "model");
        this.workerKey = Objects.requireNonNull(workerKey, "workerKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public String model() {
        return model;
    }

    private UserId user() {
        return home.userId();
    }

    // ---- import ------------------------------------------------------------------------------------------

    /**
     * Seals the messages of {@code files} the vault does not have yet into batches, uploads them and queues
     * a job for each; {@code sealed} hears the number of messages of each batch as it is queued. Does not
     * wait for the embedding.
     */
    public ImportSummary importFiles(List<PreparedImport> files, UserKeys keys, LongConsumer sealed) {
        checkOwner(keys);
        int resent = resendUnsent();
        recordMissingMessageIds(keys);
        ImportJournal journal = ImportJournal.begin(home.root(), clock.instant());
        long[] counts = new long[3]; // new, already present, jobs
        BatchAssembler assembler = new BatchAssembler(settings.batchMessages(), settings.batchChars(), batch -> {
            submit(batch, keys, journal);
            counts[0] += batch.size();
            counts[2]++;
            sealed.accept(batch.size());
        });
        NewMessages fresh = new NewMessages(ports.store(), user(), model, assembler::add, () -> counts[1]++);
        List<ImportReport> reports = new ArrayList<>(files.size());
        for (PreparedImport file : files) {
            MessageIdAssigner ids = new MessageIdAssigner(keys.messageIdKey());
            reports.add(file.read(ids, fresh::offer));
        }
        fresh.flush();
        assembler.finish();
        return new ImportSummary(journal.importId(), reports, counts[0], counts[1], (int) counts[2], resent);
    }

    private void submit(List<ChatMessage> batch, UserKeys keys, ImportJournal journal) {
        BatchId batchId = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(user(), batchId, batch, keys.publicKey())) {
            JobDocument job = JobEnvelope.create(
                    JobId.random(),
                    user(),
                    batchId,
                    batch.size(),
                    model,
                    workerKey,
                    keys.publicKey(),
                    sealed.batchKey());
            journal.planned(job);
            ports.blobs().put(job.objectKey(), sealed.envelope());
            ports.store().recordQueued(JobTicket.of(job), clock.instant());
            ports.store()
                    .recordMessageIds(
                            job.jobId(), batch.stream().map(ChatMessage::id).toList());
            ports.queue().send(job);
            journal.sent(job.jobId());
        }
    }

    /**
     * Sends again every job an interrupted import planned and did not mark sent, when its batch made it to
     * the blob store; needs no key (the journal holds the job documents). Returns how many were sent.
     */
    public int resendUnsent() {
        List<ImportJournal.PlannedJob> unsent = ImportJournal.readAll(home.root()).stream()
                .flatMap(entry -> entry.jobs().stream())
                .filter(job -> !job.sent())
                .toList();
        if (unsent.isEmpty()) {
            return 0;
        }
        Set<String> uploaded = new HashSet<>(ports.blobs().list(BatchObjectKey.prefixOf(user())));
        int sent = 0;
        for (ImportJournal.PlannedJob job : unsent) {
            ImportJournal journal = ImportJournal.of(home.root(), job.importId());
            if (uploaded.contains(job.document().objectKey())) {
                ports.store().recordQueued(JobTicket.of(job.document()), clock.instant());
                ports.queue().send(job.document());
                sent++;
            }
            // Either way it is settled: sent now, or never uploaded, so its messages are not in the vault and
            // the next import seals them again.
            journal.sent(job.jobId());
        }
        return sent;
    }

    /**
     * Sends again the pending jobs (queued or running) that no worker has touched for {@code olderThan}:
     * their queue message was lost (a queue that did not persist it before a kill, a power cut). Only jobs
     * this device's journal knows can be sent again. A copy that turns out not to be needed costs a no-op:
     * the store processes a job id once. Returns how many were sent.
     */
    public int resendStale(java.time.Duration olderThan) {
        java.time.Instant cutoff = clock.instant().minus(olderThan);
        java.util.Map<JobId, JobDocument> documents = new java.util.HashMap<>();
        ImportJournal.readAll(home.root())
                .forEach(entry -> entry.jobs().forEach(job -> documents.put(job.jobId(), job.document())));
        int sent = 0;
        for (JobStatus job : ports.store().jobs(user())) {
            boolean pending = job.state() == JobState.QUEUED || job.state() == JobState.RUNNING;
            JobDocument document = documents.get(job.ticket().jobId());
            if (pending && job.updatedAt().isBefore(cutoff) && document != null) {
                ports.queue().send(document);
                sent++;
            }
        }
        return sent;
    }

    /**
     * Records the message ids of the live jobs the store has none for, from their batches: jobs queued before
     * ids were recorded (a vault made by an earlier pvault: this runs once), or whose import stopped between
     * recording the job and its ids. Resumable: each job's ids are recorded as soon as its batch is read.
     */
    private void recordMissingMessageIds(UserKeys keys) {
        List<JobId> missing = ports.store().jobsWithoutMessageIds(user());
        if (missing.isEmpty()) {
            return;
        }
        BatchReader reader = new BatchReader(ports.blobs(), keys);
        for (JobId id : missing) {
            ports.store()
                    .job(id)
                    .ifPresent(job -> reader.read(job.ticket().batchId())
                            .ifPresent(messages -> ports.store()
                                    .recordMessageIds(
                                            id,
                                            messages.stream()
                                                    .map(ChatMessage::id)
                                                    .toList())));
        }
    }

    // ---- status ------------------------------------------------------------------------------------------

    /** Message counts by state, in total and per import; opens no key. */
    public VaultStatus status() {
        Set<JobId> dead = DeadLetters.list(ports.deadLetters()).stream()
                .flatMap(d -> d.job().stream())
                .filter(job -> job.userId().equals(user()))
                .map(JobDocument::jobId)
                .collect(Collectors.toSet());
        return StatusReader.read(ports.store().jobs(user()), ImportJournal.readAll(home.root()), dead);
    }

    /** Whether any job of this vault is still waiting for or in the hands of a worker. */
    public boolean workPending() {
        return ports.store().jobs(user()).stream()
                .anyMatch(job -> job.state() == JobState.QUEUED || job.state() == JobState.RUNNING);
    }

    /** Messages done (embedded, already present or skipped) out of {@code jobs}. */
    public long doneMessages(Set<JobId> jobs) {
        return ports.store().jobs(user()).stream()
                .filter(job -> jobs.contains(job.ticket().jobId()) && job.state() == JobState.DONE)
                .mapToLong(job -> job.ticket().messageCount())
                .sum();
    }

    /** The jobs an import planned. */
    public Set<JobId> jobsOf(java.util.UUID importId) {
        return ImportJournal.readAll(home.root()).stream()
                .filter(entry -> entry.importId().equals(importId))
                .flatMap(entry -> entry.jobs().stream())
                .map(ImportJournal.PlannedJob::jobId)
                .collect(Collectors.toSet());
    }

    // ---- search ------------------------------------------------------------------------------------------

    /** Embeds the query with {@code embedder} (it must be the vault's model), opens the vectors, ranks. */
    public SearchResults search(SearchRequest request, UserKeys keys, Embedder embedder) {
        checkOwner(keys);
        if (!embedder.modelId().equals(model)) {
            throw new UserException(
                    "the vault's vectors are of model " + model + ", the query embedder is " + embedder.modelId());
        }
        return new Searcher(keys, ports.store(), new BatchReader(ports.blobs(), keys)).search(request, embedder);
    }

    // ---- dead-letter queue ------------------------------------------------------------------------------

    /** A job in the dead-letter queue, with why it failed as the store recorded it. */
    public record DeadJob(
            String messageId, Optional<JobId> jobId, int messages, int receives, Optional<String> reason) {}

    public List<DeadJob> deadJobs() {
        return DeadLetters.list(ports.deadLetters()).stream()
                .map(dead -> {
                    Optional<JobId> id = dead.job().map(JobDocument::jobId);
                    Optional<String> reason = id.flatMap(ports.store()::job).flatMap(JobStatus::errorReason);
                    int messages = dead.job().map(JobDocument::messageCount).orElse(0);
                    return new DeadJob(
                            dead.message().messageId(),
                            id,
                            messages,
                            dead.message().receiveCount(),
                            reason);
                })
                .toList();
    }

    /**
     * Moves every readable job of this vault from the dead-letter queue back to the job queue, its row back to
     * QUEUED; returns how many moved. Worth it once the cause is fixed (a rolled worker key, a database that
     * was down for long); poison stays poison and comes back.
     */
    public int redrive() {
        return DeadLetters.take(
                        ports.deadLetters(),
                        dead -> dead.job()
                                .filter(job -> job.userId().equals(user()))
                                .isPresent(),
                        dead -> {
                            JobDocument job = dead.job().orElseThrow();
                            ports.store().requeue(job.jobId(), clock.instant());
                            ports.queue().send(job);
                        })
                .size();
    }

    // ---- delete ------------------------------------------------------------------------------------------

    /** What a deletion removed. */
    public record Deletion(int batches, int jobs, int vectors, int deadLetters) {}

    /**
     * Deletes one chat: its batches (with the batch keys inside them), its jobs' rows (with the result keys
     * that opened its vectors), its vectors and its dead letters. Refuses while a job of the vault is still
     * pending (a worker would find its batch gone): drain the queue first.
     */
    public Deletion deleteChat(String chat, UserKeys keys) {
        checkOwner(keys);
        refuseWhilePending();
        BatchReader reader = new BatchReader(ports.blobs(), keys);
        Set<BatchId> doomed = new HashSet<>();
        for (String key : ports.blobs().list(BatchObjectKey.prefixOf(user()))) {
            BatchId batch = BatchObjectKey.parse(key).batchId();
            boolean ofThatChat = reader.read(batch)
                    .map(messages ->
                            !messages.isEmpty() && messages.getFirst().chat().equals(chat))
                    .orElse(false);
            if (ofThatChat) {
                doomed.add(batch);
            }
        }
        if (doomed.isEmpty()) {
            throw new UserException(
                    "no chat of that name in the vault (names are case-sensitive; 'pvault search'" + " shows them)");
        }
        return delete(doomed);
    }

    /**
     * Deletes everything of this vault in the stores. The caller then replaces the user's keys
     * ({@link VaultHome#replaceUserKeys}), so that no copy left anywhere (a backup, a file system's free
     * blocks) can ever be opened again.
     */
    public Deletion deleteAll() {
        refuseWhilePending();
        Set<BatchId> all = ports.blobs().list(BatchObjectKey.prefixOf(user())).stream()
                .map(key -> BatchObjectKey.parse(key).batchId())
                .collect(Collectors.toSet());
        ports.store().jobs(user()).forEach(job -> all.add(job.ticket().batchId()));
        Deletion deletion = delete(all);
        ImportJournal.deleteAll(home.root());
        return deletion;
    }

    private Deletion delete(Set<BatchId> batches) {
        List<JobId> jobs = ports.store().jobs(user()).stream()
                .filter(job -> batches.contains(job.ticket().batchId()))
                .map(job -> job.ticket().jobId())
                .toList();
        int deadLetters = DeadLetters.take(
                        ports.deadLetters(),
                        dead -> dead.job()
                                .filter(job -> job.userId().equals(user())
                                        && batches.contains(job.batchObjectKey().batchId()))
                                .isPresent(),
                        dead -> {})
                .size();
        int vectors = ports.store().deleteJobs(user(), jobs);
        for (BatchId batch : batches) {
            ports.blobs().delete(new BatchObjectKey(user(), batch).key());
        }
        return new Deletion(batches.size(), jobs.size(), vectors, deadLetters);
    }

    private void refuseWhilePending() {
        if (workPending()) {
            throw new UserException("jobs of this vault are still queued or running; let them finish"
                    + " ('pvault worker --until-idle') and delete again");
        }
    }

    private void checkOwner(UserKeys keys) {
        if (!keys.userId().equals(user())) {
            throw new UserException("these keys belong to user " + keys.userId() + ", the vault to " + user());
        }
    }
}
