package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * A job's result record that passed {@link ResultKeys#verify}: the unwrapped result key that opens the
 * job's vectors and, for a signed (v2) record, the batch digest and the worker key that signed it. Holds a
 * key: close it when the job's vectors are open.
 */
public final class VerifiedResult implements AutoCloseable {
    private final JobId job;
    private final BatchId batch;
    private final DataKey resultKey;
    private final byte[] batchDigest;
    private final KeyId signer;

    VerifiedResult(JobId job, BatchId batch, DataKey resultKey, byte[] batchDigest, KeyId signer) {
        this.job = Objects.requireNonNull(job, "job");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.resultKey = Objects.requireNonNull(resultKey, "resultKey");
        this.batchDigest = batchDigest == null ? null : batchDigest.clone();
        this.signer = signer;
    }

    public JobId job() {
        return job;
    }

    public BatchId batch() {
        return batch;
    }

    /** Opens the job's vectors (see {@link VectorEnvelope#open}). */
    public DataKey resultKey() {
        return resultKey;
    }

    /** Whether the origin is proven: a v2 record signed by a pinned worker key. False for an accepted v1. */
    public boolean proven() {
        return signer != null;
    }

    /** The worker signing key that signed the record (v2). */
    public Optional<KeyId> signer() {
        return Optional.ofNullable(signer);
    }

    /**
     * Whether {@code batch} is the very batch the worker embedded: true when its digest is the one signed
     * (always for an unproven v1 result, which names none). A client that shows a hit checks it on the
     * batch it opened for the hit's text, so that text and vector come from the same sealed bytes.
     */
    public boolean embedded(OpenedBatch opened) {
        return batchDigest == null
                || (opened.batchId().equals(batch) && MessageDigest.isEqual(batchDigest, opened.digest()));
    }

    @Override
    public void close() {
        resultKey.close();
    }

    @Override
    public String toString() {
        return "VerifiedResult[job=" + job + ", " + (proven() ? "signed by " + signer : "unproven v1") + "]";
    }
}
