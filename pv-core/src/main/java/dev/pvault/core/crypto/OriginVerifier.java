package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import java.util.List;
import java.util.Objects;

/**
 * The client's one way to read what the server hands back: every batch, job result and vector row is
 * checked for origin and integrity, and the answer is a {@link Verdict}, never an exception for a row that
 * does not verify. The caller skips and counts rejections ({@link Verdict.Reason}); nothing rejected is
 * shown, and no rejection is fatal to a search.
 *
 * <p>Per job: {@link #verifyResult} once (signature, job tag, result key), then {@link #openVector} per row
 * with the {@link VerifiedResult}. Per batch: {@link #openBatch} (origin tag, then the body); a hit's text
 * should come from a batch for which {@link VerifiedResult#embedded} holds.
 *
 * <p>Thread-safe; it holds the user's keys but does not own them (the caller closes its {@link UserKeys}).
 */
public final class OriginVerifier {
    private final UserKeys owner;
    private final WorkerPublicKeys workers;
    private final OriginPolicy policy;

    /**
     * @param owner the unlocked user keys
     * @param workers the pinned worker public key file
     * @param policy whether format-v1 envelopes (unproven) are accepted: only for a vault that holds v1 data
     */
    public OriginVerifier(UserKeys owner, WorkerPublicKeys workers, OriginPolicy policy) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.workers = Objects.requireNonNull(workers, "workers");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Opens one of the owner's batches, read as {@code batch}: accepted only if the owner sealed it. */
    public Verdict<OpenedBatch> openBatch(byte[] envelope, BatchId batch) {
        try {
            List<ChatMessage> messages = BatchEnvelope.open(envelope, owner, owner.userId(), batch, policy);
            return new Verdict.Accepted<>(new OpenedBatch(
                    batch, BatchEnvelope.readHeader(envelope).version(), messages, KeyId.sha256(envelope)));
        } catch (EnvelopeException e) {
            return Verdict.rejected(e);
        }
    }

    /**
     * Checks one job's result record (from the job's row) for job {@code job}, which the client queued for
     * {@code batch} and {@code model}; an accepted result holds the key to the job's vectors (close it).
     */
    public Verdict<VerifiedResult> verifyResult(byte[] record, JobId job, BatchId batch, String model) {
        try {
            return new Verdict.Accepted<>(ResultKeys.verify(record, owner, job, batch, model, workers, policy));
        } catch (EnvelopeException e) {
            return Verdict.rejected(e);
        }
    }

    /** Opens one vector row of a verified job, read as {@code message} of {@code model}. */
    public Verdict<float[]> openVector(byte[] sealed, MessageId message, String model, VerifiedResult result) {
        try {
            return new Verdict.Accepted<>(
                    VectorEnvelope.open(sealed, owner.userId(), message, model, result.resultKey()));
        } catch (EnvelopeException e) {
            return Verdict.rejected(e);
        }
    }
}
