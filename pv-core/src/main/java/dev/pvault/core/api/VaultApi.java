package dev.pvault.core.api;

import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.ResultPage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one authenticated user may ask of the vault service: every operation is the caller's own (the
 * service, never the client, decides who that is). The HTTP routes of docs/openapi.yaml, one method each.
 * A refusal is a {@link ServiceRefusal} with its {@link Problem}; another user's job or batch is not found,
 * exactly as one that does not exist.
 */
public interface VaultApi {
    /** Who the caller is, and the public key the service holds for them. */
    Me me();

    /** Registers the caller's public key; refused ({@link Problem#KEYS_IN_USE}) while other keys have jobs. */
    Me registerKey(RecipientPublicKey publicKey);

    /** The worker's current public key (new jobs wrap their batch key to it) and the models it embeds with. */
    WorkerInfo worker();

    /** Where to PUT a sealed batch of {@code contentLength} bytes, under the caller's prefix. */
    PresignedRequest createUpload(BatchId batch, long contentLength);

    /** Queues {@code job} for a batch the caller uploaded, recording its messages' keyed ids. */
    JobStatus submitJob(JobDocument job, Collection<MessageId> messageIds);

    /** Every job of the caller, oldest first, and which of them are in the dead-letter queue. */
    JobList jobs();

    /** One job of the caller. */
    Optional<JobStatus> job(JobId job);

    /** Records the message ids of a job of the caller that was queued without them. */
    void recordMessageIds(JobId job, Collection<MessageId> messageIds);

    /** The caller's live jobs with no recorded message ids, oldest first. */
    List<JobId> jobsWithoutMessageIds();

    /** Those of {@code candidates} that are in a live job of the caller for {@code model}. */
    Set<MessageId> knownMessages(String model, Collection<MessageId> candidates);

    /** Up to {@code limit} of the caller's finished jobs for {@code model} after the cursor {@code after}. */
    ResultPage results(String model, long after, int limit);

    /** Where to GET one of the caller's sealed batches; empty when the caller has no such batch. */
    Optional<PresignedRequest> batch(BatchId batch);

    /** Deletes those of {@code batches} that are the caller's, with their jobs, vectors and dead letters. */
    Deletion deleteBatches(Collection<BatchId> batches);

    /** Deletes everything of the caller. */
    Deletion deleteEverything();

    /** The caller's jobs in the dead-letter queue. */
    List<DeadJob> deadJobs();

    /** Moves the caller's dead jobs back to the job queue; returns how many moved. */
    int redrive();
}
