package dev.pvault.core.crypto;

import dev.pvault.core.InternalException;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/*
 * Why the worker signs the wrapped result key, and why that is enough for the vectors.
 *
 * A job's vectors are sealed with AES-256-GCM under the job's result key, and the result key is wrapped
 * (HPKE base mode) to the user. Base mode lets anyone wrap a key of their choosing to the user, so a forger
 * with only the public key could make a result key, wrap it, and seal vectors under it that open. The worker
 * therefore signs the wrapped result key together with what binds it to the job (job id, user id, object
 * key, model, the SHA-256 of the batch it read, and the user's job tag). A client that checks that
 * signature against the pinned worker key knows the wrapped key came from the worker, for this job, over
 * this batch. The result key inside it was drawn by that worker and sent only to the user, so the worker (for
 * the job's duration) and the user are the only holders; AES-GCM is a secure AEAD, so a vector that opens
 * under it was sealed by one of them, and its associated data (user id, message id, model) pins it to its
 * row. No per-vector signature is needed. The caveat, stated: AES-GCM is not key-committing, which matters
 * only to someone who knows two keys; a forger knows none.
 *
 * The job tag closes the last gap: a worker signs whatever job it is given, including one queued in the
 * user's name by someone else (over a batch of their own). The tag is an HMAC under the user's origin key,
 * which the forger cannot make; the client recomputes it from the ids and the batch digest in the record and
 * the signature fails unless the worker was handed the user's own tag for that very batch.
 */
/**
 * The per-job result record (docs/FORMAT.md, "Result record"), stored once per job on its row.
 *
 * <p>Format v2, written for v2 jobs: {@code 0x02 || wrapped result key (89) || batch digest (32) || signer
 * key id (8) || Ed25519 signature (64)}, 194 bytes. Format v1, written for v1 jobs only: the 89-byte wrapped
 * key alone, unsigned.
 */
public final class ResultKeys {
    public static final int VERSION = 2;
    static final int DIGEST_LENGTH = 32;
    static final int SIGNED_LENGTH =
            1 + WrappedKeys.LENGTH + DIGEST_LENGTH + KeyId.LENGTH + SigningPublicKey.SIGNATURE_LENGTH;

    private ResultKeys() {}

    /**
     * The worker's side for a v2 job: wraps {@code resultKey} to the job's user and signs the record with
     * {@code signer}. {@code batchDigest} is the SHA-256 of the sealed batch exactly as the worker read it.
     */
    public static byte[] sign(DataKey resultKey, JobDocument job, byte[] batchDigest, SigningKeyPair signer) {
        byte[] jobTag = job.jobTag();
        if (jobTag == null) {
            throw new MalformedEnvelopeException("job " + job.jobId() + " is format v1: it has no job tag to sign");
        }
        checkDigest(batchDigest, "job " + job.jobId());
        byte[] wrapped = wrapToUser(resultKey, job.userId(), job.jobId(), job.userPublicKey());
        byte[] statement = WrapContexts.jobResult(
                job.jobId(), job.userId(), job.objectKey(), job.model(), batchDigest, jobTag, wrapped, signer.keyId());
        byte[] signature = signer.sign(statement);
        return ByteBuffer.allocate(SIGNED_LENGTH)
                .put((byte) VERSION)
                .put(wrapped)
                .put(batchDigest)
                .put(signer.keyId().bytes())
                .put(signature)
                .array();
    }

    /** The v1 record: the result key wrapped to the user, unsigned. Written only for v1 jobs. */
    public static byte[] wrapToUser(DataKey resultKey, UserId user, JobId job, RecipientPublicKey userKey) {
        return WrappedKeys.wrap(resultKey, userKey, WrapContexts.resultKeyToUser(user, job));
    }

    /**
     * The client's side: checks a result record and unwraps its key. A v2 record must be signed by a key
     * {@code workers} pins, over a statement whose job tag this user made for this job and the batch the
     * worker read; a v1 record (unsigned) is accepted only under {@link OriginPolicy#ACCEPT_UNPROVEN_V1}.
     * The caller closes the returned result. {@link OriginVerifier#verifyResult} gives the same as an outcome.
     */
    public static VerifiedResult verify(
            byte[] record,
            UserKeys owner,
            JobId job,
            BatchId batch,
            String model,
            WorkerPublicKeys workers,
            OriginPolicy policy) {
        UserId user = owner.userId();
        String what = "result of job " + job + " of user " + user;
        if (record == null || record.length == 0) {
            throw new EmptyEnvelopeException(what + " is empty");
        }
        if (record[0] == WrappedKeys.VERSION) {
            if (policy != OriginPolicy.ACCEPT_UNPROVEN_V1) {
                throw new UnverifiedOriginException(what + ": format v1 is unsigned, its origin unproven");
            }
            return new VerifiedResult(job, batch, unwrap(record, user, job, owner.keyPair()), null, null);
        }
        if (record[0] != VERSION) {
            throw new UnsupportedFormatVersionException(
                    what + ": record format version " + (record[0] & 0xff) + ", this build reads 1 and 2");
        }
        if (record.length < SIGNED_LENGTH) {
            throw new TruncatedEnvelopeException(what + ": " + record.length + " bytes, expected " + SIGNED_LENGTH);
        }
        if (record.length > SIGNED_LENGTH) {
            throw new MalformedEnvelopeException(what + ": " + record.length + " bytes, expected " + SIGNED_LENGTH);
        }
        int at = 1;
        byte[] wrapped = Arrays.copyOfRange(record, at, at += WrappedKeys.LENGTH);
        byte[] digest = Arrays.copyOfRange(record, at, at += DIGEST_LENGTH);
        KeyId signerId = KeyId.fromBytes(record, at);
        at += KeyId.LENGTH;
        byte[] signature = Arrays.copyOfRange(record, at, record.length);
        SigningPublicKey signer = workers.signingKey(signerId)
                .orElseThrow(() -> new WrongKeyException(
                        what + ": signed by worker key " + signerId + ", which the pinned worker keys do not list"));
        String objectKey = new BatchObjectKey(user, batch).key();
        byte[] jobTag = JobEnvelope.jobTag(owner.originKey(), job, user, objectKey, model, digest);
        byte[] statement = WrapContexts.jobResult(job, user, objectKey, model, digest, jobTag, wrapped, signerId);
        if (!signer.verifies(statement, signature)) {
            throw new AuthenticationFailedException(what + ": signature by worker key " + signerId
                    + " did not verify (forged, altered, or the job, batch or model differ)");
        }
        return new VerifiedResult(job, batch, unwrap(wrapped, user, job, owner.keyPair()), digest, signerId);
    }

    /** Unwraps a v1 record (the bare wrapped key), unsigned. The caller closes the returned key. */
    public static DataKey unwrap(byte[] wrapped, UserId user, JobId job, RecipientKeyPair userKey) {
        return WrappedKeys.unwrap(
                wrapped,
                List.of(userKey),
                WrapContexts.resultKeyToUser(user, job),
                "result key of job " + job + " of user " + user);
    }

    static void checkDigest(byte[] digest, String what) {
        if (digest == null || digest.length != DIGEST_LENGTH) {
            throw new InternalException(what + ": a batch digest is " + DIGEST_LENGTH + " bytes");
        }
    }
}
