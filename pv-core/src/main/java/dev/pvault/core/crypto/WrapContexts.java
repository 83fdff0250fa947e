package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE {@code info} strings (docs/FORMAT.md, "Key-wrap contexts"): an ASCII label, a zero byte, then
 * fixed-width ids and length-prefixed strings. A label per purpose keeps a key wrapped for one purpose
 * from opening as another.
 */
final class WrapContexts {
    static final String BATCH_KEY_TO_USER = "pvault/v1/batch-key/user";
    static final String BATCH_KEY_TO_WORKER = "pvault/v1/batch-key/worker";
    static final String RESULT_KEY_TO_USER = "pvault/v1/result-key/user";
    static final String JOB_ORIGIN = "pvault/v2/job-origin";
    static final String JOB_RESULT = "pvault/v2/job-result";

    private WrapContexts() {}

    static byte[] batchKeyToUser(UserId user, BatchId batch) {
        return label(BATCH_KEY_TO_USER).put(user.bytes()).put(batch.bytes()).bytes();
    }

    /**
     * The model is bound too: the choice of embedder decides whether plaintext may leave for a third party
     * (OpenAI), so nobody who can edit a queued job may change it.
     */
    static byte[] batchKeyToWorker(JobId job, UserId user, String objectKey, String model, RecipientPublicKey userKey) {
        return label(BATCH_KEY_TO_WORKER)
                .put(job.bytes())
                .put(user.bytes())
                .putString(objectKey)
                .putString(model)
                .put(userKey.sha256())
                .bytes();
    }

    static byte[] resultKeyToUser(UserId user, JobId job) {
        return label(RESULT_KEY_TO_USER).put(user.bytes()).put(job.bytes()).bytes();
    }

    /**
     * What a v2 job's tag covers (docs/FORMAT.md, "Job document"): the job as the worker will name it in its
     * signature, and the SHA-256 of the sealed batch it must read.
     */
    static byte[] jobOrigin(JobId job, UserId user, String objectKey, String model, byte[] batchDigest) {
        return label(JOB_ORIGIN)
                .put(job.bytes())
                .put(user.bytes())
                .putString(objectKey)
                .putString(model)
                .put(batchDigest)
                .bytes();
    }

    /** What the worker signs for a v2 job's result (docs/FORMAT.md, "Result record"). */
    static byte[] jobResult(
            JobId job,
            UserId user,
            String objectKey,
            String model,
            byte[] batchDigest,
            byte[] jobTag,
            byte[] wrappedResultKey,
            KeyId signer) {
        return label(JOB_RESULT)
                .put(job.bytes())
                .put(user.bytes())
                .putString(objectKey)
                .putString(model)
                .put(batchDigest)
                .put(jobTag)
                .put(wrappedResultKey)
                .put(signer.bytes())
                .bytes();
    }

    static Builder label(String label) {
        Builder builder = new Builder();
        builder.out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        builder.out.write(0);
        return builder;
    }

    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        Builder put(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Builder putByte(int value) {
            out.write(value);
            return this;
        }

        /** A UTF-8 string behind its length as a big-endian u16. */
        Builder putString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > 0xffff) {
                throw new MalformedEnvelopeException("a context string is at most 65535 bytes, got " + utf8.length);
            }
            out.writeBytes(ByteBuffer.allocate(2).putShort((short) utf8.length).array());
            out.writeBytes(utf8);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
