package dev.pvault.core.crypto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.VaultException;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.util.Base64;
import java.util.Objects;

/**
 * One embedding job, as it travels on the queue (docs/FORMAT.md, "Job document"): a small JSON object
 * with the ids, the batch's object key, the model, the batch key wrapped to the worker and, from format v2,
 * the user's job tag.
 *
 * <p>Nothing in it is readable content; the wrapped key opens only with the worker's private key and only
 * for this job id, user id, object key and user public key. The job tag ({@code jobTag}, v2) is an HMAC
 * under the user's origin key over the job's ids, model and the SHA-256 of its batch: the worker cannot
 * check it and does not try; it copies it into the statement it signs, which is how the client later tells
 * results of its own jobs from results of jobs someone else queued in its name.
 *
 * @param jobTag the 32-byte job tag of a v2 document; {@code null} in a v1 document
 */
public record JobDocument(
        int version,
        JobId jobId,
        UserId userId,
        String objectKey,
        int messageCount,
        String model,
        KeyId workerKeyId,
        byte[] wrappedKey,
        RecipientPublicKey userPublicKey,
        byte[] jobTag) {

    /** The version this build writes. */
    public static final int VERSION = 2;

    static final int VERSION_1 = 1;
    /** Model ids are short names or paths; a cap keeps a hostile document from growing the wrap context. */
    public static final int MAX_MODEL_LENGTH = 512;

    private static final ObjectMapper JSON = JsonEnvelopes.MAPPER;

    public JobDocument {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(workerKeyId, "workerKeyId");
        Objects.requireNonNull(userPublicKey, "userPublicKey");
        wrappedKey = wrappedKey.clone();
        if (version == VERSION_1 ? jobTag != null : version != VERSION || jobTag == null) {
            throw new IllegalArgumentException("a v1 job has no job tag, a v2 job has one (version " + version + ")");
        }
        if (jobTag != null && jobTag.length != OriginKey.TAG_LENGTH) {
            throw new IllegalArgumentException("a job tag is " + OriginKey.TAG_LENGTH + " bytes");
        }
        jobTag = jobTag == null ? null : jobTag.clone();
    }

    /** A format-v1 document (no job tag). */
    public JobDocument(
            int version,
            JobId jobId,
            UserId userId,
            String objectKey,
            int messageCount,
            String model,
            KeyId workerKeyId,
            byte[] wrappedKey,
            RecipientPublicKey userPublicKey) {
        this(version, jobId, userId, objectKey, messageCount, model, workerKeyId, wrappedKey, userPublicKey, null);
    }

    @Override
    public byte[] wrappedKey() {
        return wrappedKey.clone();
    }

    /** The job tag of a v2 document, {@code null} for v1. */
    @Override
    public byte[] jobTag() {
        return jobTag == null ? null : jobTag.clone();
    }

    /** The batch this job reads; checks that the object key belongs to the job's user. */
    public BatchObjectKey batchObjectKey() {
        BatchObjectKey parsed = BatchObjectKey.parse(objectKey);
        if (!parsed.userId().equals(userId)) {
            throw new ContextMismatchException(
                    "job " + jobId + " of user " + userId + " points at a batch of user " + parsed.userId());
        }
        return parsed;
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("version", version)
                .put("jobId", jobId.toString())
                .put("userId", userId.toString())
                .put("objectKey", objectKey)
                .put("messageCount", messageCount)
                .put("model", model)
                .put("workerKeyId", workerKeyId.hex())
                .put("wrappedKey", Base64.getEncoder().encodeToString(wrappedKey))
                .put("userPublicKey", userPublicKey.base64());
        if (jobTag != null) {
            node.put("jobTag", Base64.getEncoder().encodeToString(jobTag));
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot write job " + jobId, e);
        }
    }

    /**
     * Parses and checks a job document: every field present with the right type and form, the version
     * known, the object key the user's, the wrapped key well-formed and naming {@code workerKeyId}.
     */
    public static JobDocument parse(String json) {
        JsonNode node = JsonEnvelopes.readObject(json, "job document");
        int version = intField(node, "version");
        if (version != VERSION && version != VERSION_1) {
            throw new UnsupportedFormatVersionException(
                    "job document has format version " + version + ", this build reads versions 1 and 2");
        }
        JobId jobId = parseField(node, "jobId", JobId::parse);
        UserId userId = parseField(node, "userId", UserId::parse);
        String objectKey = textField(node, "objectKey");
        int count = intField(node, "messageCount");
        if (count < 1 || count > BatchEnvelope.MAX_MESSAGES) {
            throw new MalformedEnvelopeException(
                    "job " + jobId + ": messageCount " + count + " is outside 1.." + BatchEnvelope.MAX_MESSAGES);
        }
        String model = textField(node, "model");
        if (model.isEmpty() || model.length() > MAX_MODEL_LENGTH) {
            throw new MalformedEnvelopeException("job " + jobId + ": model id is " + model.length()
                    + " characters, expected 1.." + MAX_MODEL_LENGTH);
        }
        KeyId workerKeyId = parseField(node, "workerKeyId", KeyId::parse);
        byte[] wrappedKey = parseField(node, "wrappedKey", Base64.getDecoder()::decode);
        RecipientPublicKey userKey = parseField(node, "userPublicKey", RecipientPublicKey::ofBase64);
        KeyId named = WrappedKeys.recipientOf(wrappedKey, "job " + jobId);
        if (!named.equals(workerKeyId)) {
            throw new MalformedEnvelopeException("job " + jobId + ": workerKeyId " + workerKeyId
                    + " differs from the key id in its wrapped key, " + named);
        }
        byte[] jobTag = null;
        if (version == VERSION) {
            jobTag = parseField(node, "jobTag", Base64.getDecoder()::decode);
            if (jobTag.length != OriginKey.TAG_LENGTH) {
                throw new MalformedEnvelopeException(
                        "job " + jobId + ": jobTag is " + jobTag.length + " bytes, expected " + OriginKey.TAG_LENGTH);
            }
        }
        JobDocument job = new JobDocument(
                version, jobId, userId, objectKey, count, model, workerKeyId, wrappedKey, userKey, jobTag);
        job.batchObjectKey();
        return job;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new MalformedEnvelopeException("job document has no \"" + name + "\"");
        }
        return value;
    }

    private static String textField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new MalformedEnvelopeException("job document field \"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    private static int intField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt()) {
            throw new MalformedEnvelopeException("job document field \"" + name + "\" must be an integer");
        }
        return value.intValue();
    }

    private static <T> T parseField(JsonNode node, String name, java.util.function.Function<String, T> parser) {
        String text = textField(node, name);
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw new MalformedEnvelopeException("job document field \"" + name + "\" is invalid: "
                    + (e instanceof VaultException
                            ? e.getMessage()
                            : e.getClass().getSimpleName()));
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobDocument that && toJson().equals(that.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return "JobDocument[v" + version + ", job=" + jobId + ", user=" + userId + ", object=" + objectKey + ", count="
                + messageCount + ", model=" + model + ", workerKeyId=" + workerKeyId + "]";
    }
}
