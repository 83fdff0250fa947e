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

    /** Builds the job document for one sealed batch. */
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
                JobDocument.VERSION,
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
