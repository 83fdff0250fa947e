package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.util.Objects;

/**
 * The job key wrap (docs/FORMAT.md, "Job document"): the batch key wrapped to the worker with a context
 * that binds job id, user id, object key, model and the SHA-256 of the user's public key. Swap any of them
 * (an attacker's public key, to receive someone's vectors; another user's object; a third-party model, to
 * receive the plaintext) and the unwrap fails.
 */
public final class JobEnvelope {
    private JobEnvelope() {}

    /**
     * Builds the v2 job document for one batch the owner sealed: the batch key wrapped to {@code workerKey},
     * and the job tag under the owner's origin key over the job's ids, {@code model} and the batch's SHA-256.
     */
    public static JobDocument create(
            JobId jobId, UserKeys owner, SealedBatch batch, String model, RecipientPublicKey workerKey) {
        Objects.requireNonNull(batch, "batch");
        UserId userId = owner.userId();
        String objectKey = new BatchObjectKey(userId, batch.header().batchId()).key();
        byte[] context = WrapContexts.batchKeyToWorker(jobId, userId, objectKey, model, owner.publicKey());
        byte[] wrapped = WrappedKeys.wrap(batch.batchKey(), workerKey, context);
        byte[] tag = jobTag(owner.originKey(), jobId, userId, objectKey, model, batch.digest());
        return new JobDocument(
                JobDocument.VERSION,
                jobId,
                userId,
                objectKey,
                batch.header().messageCount(),
                model,
                workerKey.keyId(),
                wrapped,
                owner.publicKey(),
                tag);
    }

    static byte[] jobTag(
            OriginKey originKey, JobId jobId, UserId userId, String objectKey, String model, byte[] batchDigest) {
        return originKey.tag(WrapContexts.jobOrigin(jobId, userId, objectKey, model, batchDigest));
    }

    /** Builds a format-v1 job document (no job tag: its results cannot be told from forgeries). */
    @Deprecated(forRemoval = true)
    public static JobDocument create(
            JobId jobId,
            UserId userId,
            BatchId batchId,
            int messageCount,
            String model,
            RecipientPublicKey workerKey,
            RecipientPublicKey userKey,
            DataKey batchKey) {
        Objects.requireNonNull(batchKey, "batchKey");
        String objectKey = new BatchObjectKey(userId, batchId).key();
        byte[] context = WrapContexts.batchKeyToWorker(jobId, userId, objectKey, model, userKey);
        byte[] wrapped = WrappedKeys.wrap(batchKey, workerKey, context);
        return new JobDocument(
                JobDocument.VERSION_1,
                jobId,
                userId,
                objectKey,
                messageCount,
                model,
                workerKey.keyId(),
                wrapped,
                userKey);
    }

    /** Unwraps the batch key of {@code job} with whichever worker key it names. The caller closes the key. */
    public static DataKey unwrapBatchKey(JobDocument job, WorkerKeyring keyring) {
        job.batchObjectKey();
        byte[] context = WrapContexts.batchKeyToWorker(
                job.jobId(), job.userId(), job.objectKey(), job.model(), job.userPublicKey());
        return WrappedKeys.unwrap(
                job.wrappedKey(), keyring.keys(), context, "job " + job.jobId() + " of user " + job.userId());
    }
}
