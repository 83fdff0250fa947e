package dev.pvault.core.worker;

import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Holds sealed vectors, one per (user, model, message id), and the state of every job. PostgreSQL in
 * production; every adapter passes the same contract test ({@code EmbeddingStoreContract}).
 *
 * <p>Idempotency is the store's job, not the caller's hope: a vector that exists is never overwritten, a
 * job that is DONE never changes, and {@link #complete} is one transaction, so a crash at any point leaves
 * either the whole job or none of it.
 *
 * <p>Transient failures (database down, busy, timed out) are thrown as {@link RetryableException}.
 * Nothing here is readable content: vectors are sealed and message ids are keyed hashes (docs/FORMAT.md,
 * "What the server sees").
 */
public interface EmbeddingStore {

    /** The longest error reason kept; longer ones are cut. */
    int MAX_REASON_LENGTH = 500;

    /** The public key {@code user} registered with the vault service, if any. */
    Optional<RecipientPublicKey> publicKey(UserId user);

    /** Registers (or replaces) the public key of {@code user}. */
    void registerPublicKey(UserId user, RecipientPublicKey key, Instant now);

    /** Records a job as QUEUED when the client enqueues it. A job already recorded is left as it is. */
    void recordQueued(JobTicket job, Instant now);

    /**
     * Records the keyed ids of the messages in {@code job}'s batch (the client knows them when it plans the
     * job), so that {@link #knownMessageIds} can answer without anyone opening a batch. Ids already recorded
     * are kept; an unknown job is ignored.
     */
    void recordMessageIds(JobId job, Collection<MessageId> ids);

    /**
     * Those of {@code candidates} that are in a live (queued, running or done) job of {@code user} for
     * {@code model}: the messages a new import need not send again. A failed job's messages are not live.
     */
    Set<MessageId> knownMessageIds(UserId user, String model, Collection<MessageId> candidates);

    /**
     * The live jobs of {@code user} with no recorded message ids: jobs queued before ids were recorded, or whose
     * client stopped between recording the job and its ids. A client records them once from the batches.
     */
    List<JobId> jobsWithoutMessageIds(UserId user);

    /**
     * Marks the job RUNNING and counts the attempt, creating its row if the client did not. A job that is
     * DONE, or whose id is recorded for another user, batch or model, is returned unchanged: the caller
     * compares the ticket and the state.
     */
    JobStatus startAttempt(JobTicket job, Instant now);

    /** Those of {@code ids} that have a vector for {@code user} and {@code model}. */
    Set<MessageId> storedIds(UserId user, String model, Collection<MessageId> ids);

    /**
     * In one transaction: inserts the vectors that are not stored yet (an existing vector is never
     * replaced), stores the wrapped result key and the counts, and marks the job DONE. If the job is already
     * DONE nothing is written and {@link Completion#applied()} is false.
     */
    Completion complete(JobResult result, Instant now);

    /**
     * Records a failed attempt: FAILED when {@code permanent}, else QUEUED again (it will be redelivered).
     * A DONE job, or an unknown one, is left as it is. {@code reason} holds no content and is cut to
     * {@link #MAX_REASON_LENGTH} characters.
     */
    void recordFailure(JobId job, String reason, boolean permanent, Instant now);

    /** The job's row, if it is recorded. */
    Optional<JobStatus> job(JobId job);

    /** Every sealed vector of {@code user} for {@code model}, ordered by message id. */
    List<StoredVector> vectors(UserId user, String model);

    /**
     * Up to {@code limit} finished jobs of {@code user} for {@code model} whose place in the user's completion
     * order is after {@code after} (0: from the first), in that order, with their sealed vectors. Places only
     * grow and a job becomes visible only after every job of the user with a smaller place, so a client that
     * remembers {@link ResultPage#next()} misses nothing (deleted jobs aside: they are simply gone).
     */
    ResultPage results(UserId user, String model, long after, int limit);

    /** Every job of {@code user}, oldest first (for {@code pvault status}). */
    List<JobStatus> jobs(UserId user);

    /**
     * Puts a FAILED job back to QUEUED, for a dead-letter redrive after its cause was fixed (a rolled worker
     * key, say). A job in any other state is left as it is. Returns whether the job changed.
     */
    boolean requeue(JobId job, Instant now);

    /**
     * In one transaction, forgets {@code jobs} of {@code user}: their vectors and their rows, with the wrapped
     * result keys that opened those vectors. Ids of other users' jobs are ignored. Returns how many vectors
     * went.
     */
    int deleteJobs(UserId user, Collection<JobId> jobs);
}
