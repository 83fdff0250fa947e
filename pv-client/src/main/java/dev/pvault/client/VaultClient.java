package dev.pvault.client;

import dev.pvault.client.importer.ImportReport;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.UserException;
import dev.pvault.core.api.DeadJob;
import dev.pvault.core.api.Deletion;
import dev.pvault.core.api.JobList;
import dev.pvault.core.api.ObjectTransfer;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.crypto.BatchEnvelope;
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
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * What a user's device does with its vault: import exports (seal, upload, queue), read the status, search,
 * look into and redrive the dead-letter queue, and delete. It reaches the vault only through the vault
 * service ({@link VaultApi}: a deployed stack, {@code pvault serve}, or a local vault's own service on
 * loopback) and the object store's presigned URLs ({@link ObjectTransfer}): no database, queue or cloud
 * credentials. One path for every kind of vault.
 *
 * <p>An import sends each batch in four steps, each safe to repeat: the job goes into the import journal,
 * the sealed batch to the object store, the job (with its messages' keyed ids) to the service, which
 * records and queues it, then the journal marks it sent. A kill between any two leaves either nothing the
 * next import counts (the batch is re-sealed) or a job the journal marks unsent, which {@link #resendUnsent()}
 * submits again: nothing is lost, and a message is never in two live jobs.
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
    private final VaultApi api;
    private final ObjectTransfer transfer;
    private final String model;
    private final RecipientPublicKey workerKey;
    private final InstantSource clock;
    private final Settings settings;

    public VaultClient(
            VaultHome home,
            VaultApi api,
            ObjectTransfer transfer,
            String model,
            RecipientPublicKey workerKey,
            InstantSource clock,
            Settings settings) {
        this.home = Objects.requireNonNull(home, "home");
        this.api = Objects.requireNonNull(api, "api");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
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

    /**
     * Registers the vault's public key with the service unless it holds that key already (a fresh service, or
     * after {@link #deleteAll()} replaced the keys). Needs no passphrase.
     */
    public void register(RecipientPublicKey publicKey) {
        register(api, publicKey);
    }

    /** As {@link #register(RecipientPublicKey)}, on {@code api}. */
    public static void register(VaultApi api, RecipientPublicKey publicKey) {
        if (!api.me().publicKey().map(publicKey::equals).orElse(false)) {
            api.registerKey(publicKey);
        }
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
        NewMessages fresh = new NewMessages(api, model, assembler::add, () -> counts[1]++);
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
            byte[] envelope = sealed.envelope();
            PresignedRequest upload = api.createUpload(batchId, envelope.length);
            transfer.put(upload, envelope);
            api.submitJob(job, batch.stream().map(ChatMessage::id).toList());
            journal.sent(job.jobId());
        }
    }

    /**
     * Submits again every job an interrupted import planned and did not mark sent; the service queues those
     * whose batch made it to the object store and refuses the others, whose messages are then not in the
     * vault and are sealed again by the next import. Needs no key (the journal holds the job documents).
     * Returns how many were sent.
     */
    public int resendUnsent() {
        List<ImportJournal.PlannedJob> unsent = ImportJournal.readAll(home.root()).stream()
                .flatMap(entry -> entry.jobs().stream())
                .filter(job -> !job.sent())
                .toList();
        int sent = 0;
        for (ImportJournal.PlannedJob job : unsent) {
            try {
                // Its message ids are recorded by the next import, from its batch (recordMissingMessageIds).
                api.submitJob(job.document(), List.of());
                sent++;
            } catch (ServiceRefusal e) {
                if (e.problem() != Problem.BATCH_NOT_UPLOADED) {
                    throw e;
                }
            }
            ImportJournal.of(home.root(), job.importId()).sent(job.jobId());
        }
        return sent;
    }

    /**
     * Submits again the pending jobs (queued or running) that no worker has touched for {@code olderThan}:
     * their queue message was lost (a queue that did not persist it before a kill, a power cut). Only jobs
     * this device's journal knows can be sent again. A copy that turns out not to be needed costs a no-op:
     * the store processes a job id once. Returns how many were sent.
     */
    public int resendStale(Duration olderThan) {
        Instant cutoff = clock.instant().minus(olderThan);
        Map<JobId, JobDocument> documents = new HashMap<>();
        ImportJournal.readAll(home.root())
                .forEach(entry -> entry.jobs().forEach(job -> documents.put(job.jobId(), job.document())));
        int sent = 0;
        for (JobStatus job : api.jobs().jobs()) {
            JobDocument document = documents.get(job.ticket().jobId());
            if (pending(job) && job.updatedAt().isBefore(cutoff) && document != null) {
                api.submitJob(document, List.of());
                sent++;
            }
        }
        return sent;
    }

    /**
     * Records the message ids of the live jobs the service has none for, from their batches: jobs queued before
     * ids were recorded (a vault made by an earlier pvault: this runs once), or resent after an interrupted
     * import. Resumable: each job's ids are recorded as soon as its batch is read.
     */
    private void recordMissingMessageIds(UserKeys keys) {
        List<JobId> missing = api.jobsWithoutMessageIds();
        if (missing.isEmpty()) {
            return;
        }
        BatchReader reader = new BatchReader(api, transfer, keys);
        for (JobId id : missing) {
            api.job(id)
                    .ifPresent(job -> reader.read(job.ticket().batchId())
                            .ifPresent(messages -> api.recordMessageIds(
                                    id, messages.stream().map(ChatMessage::id).toList())));
        }
    }

    // ---- status ------------------------------------------------------------------------------------------

    /** Message counts by state, in total and per import; opens no key. */
    public VaultStatus status() {
        JobList jobs = api.jobs();
        return StatusReader.read(jobs.jobs(), ImportJournal.readAll(home.root()), jobs.dead());
    }

    /** Whether any job of this vault is still waiting for or in the hands of a worker. */
    public boolean workPending() {
        return api.jobs().jobs().stream().anyMatch(VaultClient::pending);
    }

    private static boolean pending(JobStatus job) {
        return job.state() == JobState.QUEUED || job.state() == JobState.RUNNING;
    }

    /** Messages done (embedded, already present or skipped) out of {@code jobs}. */
    public long doneMessages(Set<JobId> jobs) {
        return api.jobs().jobs().stream()
                .filter(job -> jobs.contains(job.ticket().jobId()) && job.state() == JobState.DONE)
                .mapToLong(job -> job.ticket().messageCount())
                .sum();
    }

    /** The jobs an import planned. */
    public Set<JobId> jobsOf(UUID importId) {
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
        return new Searcher(keys, api, new BatchReader(api, transfer, keys)).search(request, embedder);
    }

    // ---- dead-letter queue ------------------------------------------------------------------------------

    public List<DeadJob> deadJobs() {
        return api.deadJobs();
    }

    /**
     * Moves every job of this vault from the dead-letter queue back to the job queue, its row back to QUEUED;
     * returns how many moved. Worth it once the cause is fixed (a rolled worker key, a database that was down
     * for long); poison stays poison and comes back.
     */
    public int redrive() {
        return api.redrive();
    }

    // ---- delete ------------------------------------------------------------------------------------------

    /**
     * Deletes one chat: its batches (with the batch keys inside them), its jobs' rows (with the result keys
     * that opened its vectors), its vectors and its dead letters. Only this device can tell which batches hold
     * the chat, so it reads them; the service refuses while a job of the vault is still pending (a worker
     * would find its batch gone): drain the queue first.
     */
    public Deletion deleteChat(String chat, UserKeys keys) {
        checkOwner(keys);
        refuseWhilePending();
        BatchReader reader = new BatchReader(api, transfer, keys);
        Set<BatchId> doomed = new HashSet<>();
        for (BatchId batch : api.jobs().jobs().stream()
                .map(job -> job.ticket().batchId())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new))) {
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
                    "no chat of that name in the vault (names are case-sensitive; 'pvault search' shows them)");
        }
        return api.deleteBatches(doomed);
    }

    /**
     * Deletes everything of this vault in the stores. The caller then replaces the user's keys
     * ({@link VaultHome#replaceUserKeys}) and registers the new public key ({@link #register}), so that no copy
     * left anywhere (a backup, a file system's free blocks) can ever be opened again.
     */
    public Deletion deleteAll() {
        refuseWhilePending();
        Deletion deletion = api.deleteEverything();
        ImportJournal.deleteAll(home.root());
        return deletion;
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
