package dev.pvault.core.crypto;

import static dev.pvault.core.crypto.ReferenceImplementation.batchKeyToUserInfo;
import static dev.pvault.core.crypto.ReferenceImplementation.batchKeyToWorkerInfo;
import static dev.pvault.core.crypto.ReferenceImplementation.deriveKeyPair;
import static dev.pvault.core.crypto.ReferenceImplementation.resultKeyToUserInfo;
import static dev.pvault.core.crypto.ReferenceImplementation.seededBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.crypto.ReferenceImplementation.KeyPair;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * docs/test-vectors.json: fixed keys, inputs and envelopes for every envelope kind, written by
 * {@link ReferenceImplementation} (BouncyCastle HPKE + JCE AES-GCM, seeded ephemeral keys and nonces).
 *
 * <p>The committed file must be exactly what the reference writes, production must open every vector to
 * the expected plaintext and reject every invalid one with the documented error, and the reference must
 * open what production seals. Regenerate with {@code -Dpv.writeTestVectors=true} after a format change.
 */
@SuppressWarnings("removal") // format v1 still opens: these check it
class TestVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    static final UUID USER = UUID.fromString("0b9ef1b6-6c43-4f57-9a1e-5d1b5f0c2a01");
    static final UUID BATCH = UUID.fromString("3c2f7a10-8e4d-4b3a-a5f1-7d6e9c8b0a02");
    static final UUID JOB = UUID.fromString("e4a1c9d2-1f3b-4c5d-8e7f-6a5b4c3d2e03");
    static final UUID BATCH_2 = UUID.fromString("3c2f7a10-8e4d-4b3a-a5f1-7d6e9c8b0a12");
    static final UUID JOB_2 = UUID.fromString("e4a1c9d2-1f3b-4c5d-8e7f-6a5b4c3d2e13");
    static final String MODEL = "onnx:all-minilm-l6-v2";
    static final String PASSPHRASE = "correct horse battery staple";

    record Msg(String chat, String time, String sender, String text, String kind, int position) {}

    static final List<Msg> MESSAGES = List.of(
            new Msg("Family", "2024-03-01T09:15:00", "Alice", "Are we still on for dinner on Saturday?", "text", 0),
            new Msg("Family", "2024-03-01T09:16:00", "Bob", "Yes! 🎉 I'll bring dessert.\nMaybe two.", "text", 0),
            new Msg("Family", "2024-03-01T09:16:00", "Bob", "Yes! 🎉 I'll bring dessert.\nMaybe two.", "text", 1),
            new Msg("Family", "2024-03-01T09:20:00", "سارة", "مرحبا بالجميع", "text", 0),
            new Msg("Family", "2024-03-01T09:21:00", "+44 7700 900123", "<Media omitted>", "media", 0));

    static final float[][] VECTORS = {
        {0.5f, -0.5f, 0.5f, -0.5f, 0f, 0f, 0f, 0f},
        {0f, 0f, 0.6f, 0.8f, 0f, 0f, 0f, 0f},
    };

    static Path vectorsFile() {
        return Path.of(System.getProperty("pv.repo.dir", "..")).resolve("docs/test-vectors.json");
    }

    /** Writes the vectors exactly as the committed file holds them. */
    static String generate() throws IOException {
        KeyPair user = deriveKeyPair("pvault test vectors: user key");
        KeyPair worker = deriveKeyPair("pvault test vectors: worker key");
        byte[] messageIdKey = seededBytes("pvault test vectors: message-id key", 32);

        ObjectNode root = JSON.createObjectNode();
        root.put(
                "description",
                "personal-vault format v1 and v2 test vectors (v2 under \"v2\"); see docs/FORMAT.md. Written by the"
                        + " test ReferenceImplementation (BouncyCastle HPKE, HKDF and Ed25519, JCE AES-GCM and HMAC) with"
                        + " seeded ephemeral keys and nonces.");
        ObjectNode suite = root.putObject("hpke");
        suite.put("mode", "base (0x00)");
        suite.put("kem", "DHKEM(X25519, HKDF-SHA256) (0x0020)");
        suite.put("kdf", "HKDF-SHA256 (0x0001)");
        suite.put("aead", "AES-256-GCM (0x0002)");
        suite.put("aad", "empty; the context goes in info");

        ObjectNode keys = root.putObject("keys");
        keys.set("user", keyNode(user).put("userId", USER.toString()).put("messageIdKey", HEX.formatHex(messageIdKey)));
        keys.set("worker", keyNode(worker));

        ArrayNode ids = root.putArray("messageIds");
        List<byte[]> messageIds = new ArrayList<>();
        for (Msg m : MESSAGES) {
            byte[] id = ReferenceImplementation.messageId(
                    messageIdKey, m.chat(), m.time(), m.sender(), m.text(), m.position());
            messageIds.add(id);
            ids.addObject()
                    .put("chat", m.chat())
                    .put("time", m.time())
                    .put("sender", m.sender())
                    .put("text", m.text())
                    .put("position", m.position())
                    .put("id", HEX.formatHex(id));
        }

        // Sealed batch, owner's view.
        byte[] batchKey = seededBytes("pvault test vectors: batch key", 32);
        byte[] userInfo = batchKeyToUserInfo(USER, BATCH);
        byte[] wrappedToUser =
                ReferenceImplementation.wrapKey(batchKey, user, userInfo, "batch key to user: ephemeral");
        ArrayNode bodyMessages = JSON.createArrayNode();
        for (int i = 0; i < MESSAGES.size(); i++) {
            Msg m = MESSAGES.get(i);
            bodyMessages
                    .addObject()
                    .put("id", HEX.formatHex(messageIds.get(i)))
                    .put("chat", m.chat())
                    .put("sender", m.sender())
                    .put("time", m.time())
                    .put("text", m.text())
                    .put("kind", m.kind());
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("messages", bodyMessages);
        byte[] bodyJson = JSON.writeValueAsBytes(body);
        byte[] batchNonce = seededBytes("pvault test vectors: batch nonce", 12);
        byte[] envelope = ReferenceImplementation.sealBatch(
                USER, BATCH, MESSAGES.size(), bodyJson, batchKey, wrappedToUser, batchNonce);
        ObjectNode batch = root.putObject("batch");
        batch.put("userId", USER.toString())
                .put("batchId", BATCH.toString())
                .put("messageCount", MESSAGES.size())
                .put("batchKey", HEX.formatHex(batchKey))
                .put("wrapInfo", HEX.formatHex(userInfo))
                .put("wrappedKey", HEX.formatHex(wrappedToUser))
                .put("nonce", HEX.formatHex(batchNonce))
                .put("body", new String(bodyJson, StandardCharsets.UTF_8))
                .put("envelope", HEX.formatHex(envelope));

        // Job document: the same batch key wrapped to the worker.
        String objectKey = "v1/" + USER + "/batches/" + BATCH + ".pvb";
        byte[] workerInfo = batchKeyToWorkerInfo(JOB, USER, objectKey, MODEL, user.publicKey());
        byte[] wrappedToWorker =
                ReferenceImplementation.wrapKey(batchKey, worker, workerInfo, "batch key to worker: ephemeral");
        ObjectNode document = JSON.createObjectNode()
                .put("version", 1)
                .put("jobId", JOB.toString())
                .put("userId", USER.toString())
                .put("objectKey", objectKey)
                .put("messageCount", MESSAGES.size())
                .put("model", MODEL)
                .put("workerKeyId", HEX.formatHex(worker.keyId()))
                .put("wrappedKey", Base64.getEncoder().encodeToString(wrappedToWorker))
                .put("userPublicKey", Base64.getEncoder().encodeToString(user.publicKey()));
        root.putObject("job")
                .put("wrapInfo", HEX.formatHex(workerInfo))
                .put("document", JSON.writeValueAsString(document));

        // Result key and sealed vectors.
        byte[] resultKey = seededBytes("pvault test vectors: result key", 32);
        byte[] resultInfo = resultKeyToUserInfo(USER, JOB);
        byte[] wrappedResult = ReferenceImplementation.wrapKey(resultKey, user, resultInfo, "result key: ephemeral");
        ObjectNode result = root.putObject("result");
        result.put("jobId", JOB.toString())
                .put("resultKey", HEX.formatHex(resultKey))
                .put("wrapInfo", HEX.formatHex(resultInfo))
                .put("wrappedKey", HEX.formatHex(wrappedResult));
        ArrayNode vectors = result.putArray("vectors");
        for (int i = 0; i < VECTORS.length; i++) {
            byte[] nonce = seededBytes("pvault test vectors: vector nonce " + i, 12);
            byte[] sealed =
                    ReferenceImplementation.sealVector(VECTORS[i], resultKey, nonce, USER, messageIds.get(i), MODEL);
            ObjectNode entry = vectors.addObject()
                    .put("messageId", HEX.formatHex(messageIds.get(i)))
                    .put("model", MODEL)
                    .put(
                            "aad",
                            HEX.formatHex(ReferenceImplementation.vectorAad(
                                    VECTORS[i].length, USER, messageIds.get(i), MODEL)))
                    .put("nonce", HEX.formatHex(nonce));
            ArrayNode components = entry.putArray("vector");
            for (float component : VECTORS[i]) {
                components.add(component);
            }
            entry.put("sealed", HEX.formatHex(sealed));
        }

        root.set("userKeyFile", userKeyFile(user, messageIdKey));
        root.set("workerKeyring", workerKeyring(worker));
        root.set("invalid", invalidCases(envelope, wrappedToUser, document, vectors));
        root.set("v2", formatV2(user, worker, messageIdKey, messageIds, bodyJson, wrappedResult, resultKey));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /**
     * Format v2: the origin key, a padded and origin-tagged batch, a job document with its job tag, a signed
     * result record over that batch, the v2 worker keyring and its public key file, and what must be rejected.
     */
    private static ObjectNode formatV2(
            KeyPair user,
            KeyPair worker,
            byte[] messageIdKey,
            List<byte[]> messageIds,
            byte[] bodyJson,
            byte[] v1WrappedResult,
            byte[] v1ResultKey)
            throws IOException {
        ObjectNode v2 = JSON.createObjectNode();
        byte[] originKey = ReferenceImplementation.originKey(messageIdKey);
        byte[] signingSeed = seededBytes("pvault test vectors: worker signing key", 32);
        byte[] signingPublic = ReferenceImplementation.ed25519Public(signingSeed);
        byte[] signingKeyId = java.util.Arrays.copyOf(ReferenceImplementation.sha256(signingPublic), 8);
        ObjectNode keys = v2.putObject("keys");
        keys.putObject("user").put("originKey", HEX.formatHex(originKey));
        keys.putObject("worker")
                .put("signingPrivateKey", HEX.formatHex(signingSeed))
                .put("signingPublicKey", HEX.formatHex(signingPublic))
                .put("signingKeyId", HEX.formatHex(signingKeyId));

        byte[] batchKey = seededBytes("pvault test vectors: v2 batch key", 32);
        byte[] userInfo = batchKeyToUserInfo(USER, BATCH_2);
        byte[] wrappedToUser =
                ReferenceImplementation.wrapKey(batchKey, user, userInfo, "v2 batch key to user: ephemeral");
        byte[] nonce = seededBytes("pvault test vectors: v2 batch nonce", 12);
        byte[] envelope = ReferenceImplementation.sealBatchV2(
                USER, BATCH_2, MESSAGES.size(), bodyJson, batchKey, wrappedToUser, nonce, originKey);
        byte[] digest = ReferenceImplementation.sha256(envelope);
        v2.putObject("batch")
                .put("userId", USER.toString())
                .put("batchId", BATCH_2.toString())
                .put("messageCount", MESSAGES.size())
                .put("batchKey", HEX.formatHex(batchKey))
                .put("wrapInfo", HEX.formatHex(userInfo))
                .put("wrappedKey", HEX.formatHex(wrappedToUser))
                .put("nonce", HEX.formatHex(nonce))
                .put("body", new String(bodyJson, StandardCharsets.UTF_8))
                .put("envelopeLength", envelope.length)
                .put(
                        "originTag",
                        HEX.formatHex(java.util.Arrays.copyOfRange(envelope, envelope.length - 32, envelope.length)))
                .put("digest", HEX.formatHex(digest))
                .put("envelope", HEX.formatHex(envelope));

        String objectKey = "v1/" + USER + "/batches/" + BATCH_2 + ".pvb";
        byte[] workerInfo = batchKeyToWorkerInfo(JOB_2, USER, objectKey, MODEL, user.publicKey());
        byte[] wrappedToWorker =
                ReferenceImplementation.wrapKey(batchKey, worker, workerInfo, "v2 batch key to worker: ephemeral");
        byte[] jobTag = ReferenceImplementation.jobTag(originKey, JOB_2, USER, objectKey, MODEL, digest);
        ObjectNode document = JSON.createObjectNode()
                .put("version", 2)
                .put("jobId", JOB_2.toString())
                .put("userId", USER.toString())
                .put("objectKey", objectKey)
                .put("messageCount", MESSAGES.size())
                .put("model", MODEL)
                .put("workerKeyId", HEX.formatHex(worker.keyId()))
                .put("wrappedKey", Base64.getEncoder().encodeToString(wrappedToWorker))
                .put("userPublicKey", Base64.getEncoder().encodeToString(user.publicKey()))
                .put("jobTag", Base64.getEncoder().encodeToString(jobTag));
        v2.putObject("job")
                .put("wrapInfo", HEX.formatHex(workerInfo))
                .put("jobTag", HEX.formatHex(jobTag))
                .put("document", JSON.writeValueAsString(document));

        byte[] resultKey = seededBytes("pvault test vectors: v2 result key", 32);
        byte[] resultInfo = resultKeyToUserInfo(USER, JOB_2);
        byte[] wrappedResult = ReferenceImplementation.wrapKey(resultKey, user, resultInfo, "v2 result key: ephemeral");
        byte[] statement = ReferenceImplementation.resultStatement(
                JOB_2, USER, objectKey, MODEL, digest, jobTag, wrappedResult, signingKeyId);
        byte[] signature = ReferenceImplementation.ed25519Sign(signingSeed, statement);
        byte[] record = ReferenceImplementation.resultRecord(wrappedResult, digest, signingKeyId, signature);
        ObjectNode result = v2.putObject("result")
                .put("jobId", JOB_2.toString())
                .put("resultKey", HEX.formatHex(resultKey))
                .put("wrapInfo", HEX.formatHex(resultInfo))
                .put("wrappedKey", HEX.formatHex(wrappedResult))
                .put("statement", HEX.formatHex(statement))
                .put("signature", HEX.formatHex(signature))
                .put("record", HEX.formatHex(record));
        byte[] vectorNonce = seededBytes("pvault test vectors: v2 vector nonce", 12);
        byte[] sealedVector =
                ReferenceImplementation.sealVector(VECTORS[0], resultKey, vectorNonce, USER, messageIds.get(0), MODEL);
        ObjectNode vector = result.putArray("vectors")
                .addObject()
                .put("messageId", HEX.formatHex(messageIds.get(0)))
                .put("model", MODEL);
        ArrayNode components = vector.putArray("vector");
        for (float component : VECTORS[0]) {
            components.add(component);
        }
        vector.put("sealed", HEX.formatHex(sealedVector));

        ObjectNode ring =
                v2.putObject("workerKeyring").put("type", "pvault-worker-keys").put("version", 2);
        ring.putArray("keys")
                .addObject()
                .put("keyId", HEX.formatHex(worker.keyId()))
                .put("publicKey", Base64.getEncoder().encodeToString(worker.publicKey()))
                .put("privateKey", Base64.getEncoder().encodeToString(worker.privateKey()))
                .put("signingKeyId", HEX.formatHex(signingKeyId))
                .put("signingPublicKey", Base64.getEncoder().encodeToString(signingPublic))
                .put("signingPrivateKey", Base64.getEncoder().encodeToString(signingSeed));
        ObjectNode pin = v2.putObject("workerPublicKeys")
                .put("type", "pvault-worker-public-keys")
                .put("version", 2);
        pin.putArray("keys")
                .addObject()
                .put("keyId", HEX.formatHex(worker.keyId()))
                .put("publicKey", Base64.getEncoder().encodeToString(worker.publicKey()))
                .put("signingKeyId", HEX.formatHex(signingKeyId))
                .put("signingPublicKey", Base64.getEncoder().encodeToString(signingPublic));

        ArrayNode invalid = v2.putArray("invalid");
        addBatchCase(
                invalid,
                "origin tag altered",
                flip(envelope, envelope.length - 1, 0x01),
                "AuthenticationFailedException");
        byte[] forgerOrigin = ReferenceImplementation.originKey(seededBytes("pvault test vectors: forger", 32));
        addBatchCase(
                invalid,
                "forged: sealed to the user's public key, tagged with another origin key",
                ReferenceImplementation.sealBatchV2(
                        USER, BATCH_2, MESSAGES.size(), bodyJson, batchKey, wrappedToUser, nonce, forgerOrigin),
                "AuthenticationFailedException");
        addBatchCase(invalid, "ciphertext altered", flip(envelope, 200, 0x01), "AuthenticationFailedException");
        addBatchCase(invalid, "format version 3", flip(envelope, 3, 0x01), "UnsupportedFormatVersionException");
        addBatchCase(
                invalid,
                "origin tag cut off",
                java.util.Arrays.copyOf(envelope, envelope.length - 32),
                "TruncatedEnvelopeException");
        addBatchCase(
                invalid,
                "v1 batch where only proven batches are accepted",
                ReferenceImplementation.sealBatch(
                        USER, BATCH_2, MESSAGES.size(), bodyJson, batchKey, wrappedToUser, nonce),
                "UnverifiedOriginException");
        addRecordCase(
                invalid, "signature altered", flip(record, record.length - 1, 0x01), "AuthenticationFailedException");
        addRecordCase(invalid, "batch digest altered", flip(record, 90, 0x01), "AuthenticationFailedException");
        byte[] swapped = record.clone();
        byte[] otherWrapped = ReferenceImplementation.wrapKey(
                seededBytes("pvault test vectors: attacker result key", 32), user, resultInfo, "attacker: ephemeral");
        System.arraycopy(otherWrapped, 0, swapped, 1, otherWrapped.length);
        addRecordCase(invalid, "wrapped result key swapped for another", swapped, "AuthenticationFailedException");
        byte[] otherSeed = seededBytes("pvault test vectors: another worker signing key", 32);
        byte[] otherId = java.util.Arrays.copyOf(
                ReferenceImplementation.sha256(ReferenceImplementation.ed25519Public(otherSeed)), 8);
        byte[] otherStatement = ReferenceImplementation.resultStatement(
                JOB_2, USER, objectKey, MODEL, digest, jobTag, wrappedResult, otherId);
        addRecordCase(
                invalid,
                "signed by a worker key that is not pinned",
                ReferenceImplementation.resultRecord(
                        wrappedResult, digest, otherId, ReferenceImplementation.ed25519Sign(otherSeed, otherStatement)),
                "WrongKeyException");
        byte[] forgedTag = ReferenceImplementation.jobTag(forgerOrigin, JOB_2, USER, objectKey, MODEL, digest);
        byte[] forgedStatement = ReferenceImplementation.resultStatement(
                JOB_2, USER, objectKey, MODEL, digest, forgedTag, wrappedResult, signingKeyId);
        addRecordCase(
                invalid,
                "the worker's signature over a job someone else tagged",
                ReferenceImplementation.resultRecord(
                        wrappedResult,
                        digest,
                        signingKeyId,
                        ReferenceImplementation.ed25519Sign(signingSeed, forgedStatement)),
                "AuthenticationFailedException");
        addRecordCase(
                invalid,
                "v1 record where only proven results are accepted",
                v1WrappedResult.clone(),
                "UnverifiedOriginException");
        addRecordCase(
                invalid,
                "record cut short",
                java.util.Arrays.copyOf(record, record.length - 1),
                "TruncatedEnvelopeException");
        return v2;
    }

    private static void addRecordCase(ArrayNode cases, String description, byte[] bytes, String error) {
        cases.addObject()
                .put("kind", "result")
                .put("description", description)
                .put("record", HEX.formatHex(bytes))
                .put("error", error);
    }

    private static ObjectNode keyNode(KeyPair pair) {
        return JSON.createObjectNode()
                .put("privateKey", HEX.formatHex(pair.privateKey()))
                .put("publicKey", HEX.formatHex(pair.publicKey()))
                .put("keyId", HEX.formatHex(pair.keyId()));
    }

    /** The user key file, sealed under {@link #PASSPHRASE} with small Argon2id costs so a check runs fast. */
    private static ObjectNode userKeyFile(KeyPair user, byte[] messageIdKey) {
        int memory = 1024;
        int iterations = 1;
        int parallelism = 1;
        byte[] salt = seededBytes("pvault test vectors: key file salt", 16);
        byte[] kek = new byte[32];
        Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
        argon2.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build());
        argon2.generateBytes(PASSPHRASE.getBytes(StandardCharsets.UTF_8), kek);
        byte[] aad = ReferenceImplementation.concat(
                ReferenceImplementation.label("pvault/v1/user-key"),
                new byte[] {1},
                ReferenceImplementation.uuid(USER),
                user.publicKey(),
                java.nio.ByteBuffer.allocate(12)
                        .putInt(memory)
                        .putInt(iterations)
                        .putInt(parallelism)
                        .array(),
                salt);
        byte[] sealed = ReferenceImplementation.gcmSeal(
                kek,
                seededBytes("pvault test vectors: key file nonce", 12),
                ReferenceImplementation.concat(user.privateKey(), messageIdKey),
                aad);
        ObjectNode file = JSON.createObjectNode()
                .put("type", "pvault-user-key")
                .put("version", 1)
                .put("userId", USER.toString())
                .put("keyId", HEX.formatHex(user.keyId()))
                .put("publicKey", Base64.getEncoder().encodeToString(user.publicKey()));
        file.putObject("kdf")
                .put("algorithm", "argon2id")
                .put("argon2Version", 19)
                .put("memoryKiB", memory)
                .put("iterations", iterations)
                .put("parallelism", parallelism)
                .put("salt", Base64.getEncoder().encodeToString(salt));
        file.put("sealedSecrets", Base64.getEncoder().encodeToString(sealed));
        ObjectNode node = JSON.createObjectNode().put("passphrase", PASSPHRASE).put("kek", HEX.formatHex(kek));
        node.set("file", file);
        return node;
    }

    private static ObjectNode workerKeyring(KeyPair worker) {
        ObjectNode ring =
                JSON.createObjectNode().put("type", "pvault-worker-keys").put("version", 1);
        ring.putArray("keys")
                .addObject()
                .put("keyId", HEX.formatHex(worker.keyId()))
                .put("publicKey", Base64.getEncoder().encodeToString(worker.publicKey()))
                .put("privateKey", Base64.getEncoder().encodeToString(worker.privateKey()));
        return ring;
    }

    /** Inputs every implementation must reject, each with the error production throws (docs/FORMAT.md). */
    private static ArrayNode invalidCases(byte[] envelope, byte[] wrappedToUser, ObjectNode document, ArrayNode vectors)
            throws IOException {
        ArrayNode cases = JSON.createArrayNode();
        addBatchCase(cases, "empty input", new byte[0], "EmptyEnvelopeException");
        addBatchCase(
                cases,
                "cut inside the body",
                java.util.Arrays.copyOf(envelope, envelope.length - 1),
                "TruncatedEnvelopeException");
        addBatchCase(cases, "format version 3", flip(envelope, 3, 0x02), "UnsupportedFormatVersionException");
        addBatchCase(cases, "not PVB magic", flip(envelope, 0, 0x01), "MalformedEnvelopeException");
        addBatchCase(
                cases,
                "user id altered (opened as the original user)",
                flip(envelope, 4, 0x01),
                "ContextMismatchException");
        addBatchCase(cases, "wrapped to another key id", flip(envelope, 43, 0x01), "WrongKeyException");
        addBatchCase(cases, "message count altered", flip(envelope, 39, 0x01), "AuthenticationFailedException");
        addBatchCase(cases, "tag altered", flip(envelope, envelope.length - 1, 0x80), "AuthenticationFailedException");
        addBatchCase(
                cases,
                "trailing byte",
                ReferenceImplementation.concat(envelope, new byte[] {0}),
                "MalformedEnvelopeException");

        ObjectNode swappedJob = document.deepCopy().put("jobId", "e4a1c9d2-1f3b-4c5d-8e7f-6a5b4c3d2eff");
        cases.addObject()
                .put("kind", "job")
                .put("description", "job id swapped: the wrap context no longer matches")
                .put("document", JSON.writeValueAsString(swappedJob))
                .put("error", "AuthenticationFailedException");
        ObjectNode otherKey = document.deepCopy()
                .put(
                        "userPublicKey",
                        Base64.getEncoder()
                                .encodeToString(deriveKeyPair("pvault test vectors: attacker key")
                                        .publicKey()));
        cases.addObject()
                .put("kind", "job")
                .put("description", "user public key substituted: the vectors would go to someone else")
                .put("document", JSON.writeValueAsString(otherKey))
                .put("error", "AuthenticationFailedException");
        String truncated = JSON.writeValueAsString(document);
        ObjectNode otherModel = document.deepCopy().put("model", "openai:text-embedding-3-small");
        cases.addObject()
                .put("kind", "job")
                .put("description", "model switched to a third-party embedder: the plaintext would leave")
                .put("document", JSON.writeValueAsString(otherModel))
                .put("error", "AuthenticationFailedException");
        cases.addObject()
                .put("kind", "job")
                .put("description", "document cut short")
                .put("document", truncated.substring(0, truncated.length() / 2))
                .put("error", "TruncatedEnvelopeException");

        JsonNode first = vectors.get(0);
        JsonNode second = vectors.get(1);
        cases.addObject()
                .put("kind", "vector")
                .put("description", "vector of message 0 presented as message 1")
                .put("messageId", second.get("messageId").asText())
                .put("sealed", first.get("sealed").asText())
                .put("error", "AuthenticationFailedException");
        byte[] sealedFirst = HEX.parseHex(first.get("sealed").asText());
        cases.addObject()
                .put("kind", "vector")
                .put("description", "vector cut short")
                .put("messageId", first.get("messageId").asText())
                .put("sealed", HEX.formatHex(java.util.Arrays.copyOf(sealedFirst, sealedFirst.length - 4)))
                .put("error", "TruncatedEnvelopeException");
        return cases;
    }

    private static void addBatchCase(ArrayNode cases, String description, byte[] bytes, String error) {
        cases.addObject()
                .put("kind", "batch")
                .put("description", description)
                .put("envelope", HEX.formatHex(bytes))
                .put("error", error);
    }

    private static byte[] flip(byte[] bytes, int index, int mask) {
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) mask;
        return copy;
    }

    // ---- the checks --------------------------------------------------------------------------------------

    @Test
    void committedVectors_areExactlyWhatTheReferenceWrites() throws IOException {
        String generated = generate();
        Path file = vectorsFile();
        if (Boolean.getBoolean("pv.writeTestVectors")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated);
        }
        assertThat(Files.readString(file)).isEqualTo(generated);
    }

    @Test
    void production_opensEveryVectorToItsPlaintext() throws IOException {
        JsonNode root = JSON.readTree(vectorsFile().toFile());
        JsonNode userNode = root.at("/keys/user");
        UserId user = UserId.parse(userNode.get("userId").asText());
        RecipientKeyPair userKey = keyPair(userNode);
        MessageIdKey idKey =
                MessageIdKey.of(HEX.parseHex(userNode.get("messageIdKey").asText()));

        for (JsonNode m : root.get("messageIds")) {
            MessageId id = idKey.idFor(
                    m.get("chat").asText(),
                    LocalDateTime.parse(m.get("time").asText()),
                    m.get("sender").asText(),
                    m.get("text").asText(),
                    m.get("position").asInt());
            assertThat(id.hex()).isEqualTo(m.get("id").asText());
        }

        JsonNode batchNode = root.get("batch");
        BatchId batch = BatchId.parse(batchNode.get("batchId").asText());
        byte[] envelope = HEX.parseHex(batchNode.get("envelope").asText());
        List<ChatMessage> opened = BatchEnvelope.open(envelope, userKey, user, batch);
        assertThat(opened).hasSize(MESSAGES.size());
        for (int i = 0; i < MESSAGES.size(); i++) {
            Msg expected = MESSAGES.get(i);
            ChatMessage actual = opened.get(i);
            assertThat(actual.id().hex())
                    .isEqualTo(root.get("messageIds").get(i).get("id").asText());
            assertThat(actual.chat()).isEqualTo(expected.chat());
            assertThat(actual.sender()).isEqualTo(expected.sender());
            assertThat(actual.time()).isEqualTo(LocalDateTime.parse(expected.time()));
            assertThat(actual.text()).isEqualTo(expected.text());
            assertThat(actual.kind())
                    .isEqualTo(MessageKind.valueOf(expected.kind().toUpperCase()));
        }

        WorkerKeyring ring = WorkerKeyring.parse(JSON.writeValueAsString(root.get("workerKeyring")));
        JobDocument job = JobDocument.parse(root.at("/job/document").asText());
        try (DataKey batchKey = JobEnvelope.unwrapBatchKey(job, ring)) {
            assertThat(HEX.formatHex(batchKey.copyBytes()))
                    .isEqualTo(batchNode.get("batchKey").asText());
            assertThat(BatchEnvelope.openWithBatchKey(envelope, batchKey, user, batch))
                    .isEqualTo(opened);
        }

        JsonNode result = root.get("result");
        JobId jobId = JobId.parse(result.get("jobId").asText());
        try (DataKey resultKey =
                ResultKeys.unwrap(HEX.parseHex(result.get("wrappedKey").asText()), user, jobId, userKey)) {
            assertThat(HEX.formatHex(resultKey.copyBytes()))
                    .isEqualTo(result.get("resultKey").asText());
            for (JsonNode v : result.get("vectors")) {
                float[] vector = VectorEnvelope.open(
                        HEX.parseHex(v.get("sealed").asText()),
                        user,
                        MessageId.parse(v.get("messageId").asText()),
                        v.get("model").asText(),
                        resultKey);
                float[] expected = new float[v.get("vector").size()];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (float) v.get("vector").get(i).asDouble();
                }
                assertThat(vector).containsExactly(expected);
            }
        }

        JsonNode keyFile = root.get("userKeyFile");
        try (UserKeys keys = UserKeyFile.open(
                JSON.writeValueAsString(keyFile.get("file")),
                keyFile.get("passphrase").asText().toCharArray())) {
            assertThat(keys.userId()).isEqualTo(user);
            assertThat(HEX.formatHex(keys.keyPair().exportPrivateKey()))
                    .isEqualTo(userNode.get("privateKey").asText());
            assertThat(keys.messageIdKey().exportBytes())
                    .isEqualTo(HEX.parseHex(userNode.get("messageIdKey").asText()));
        }
    }

    @Test
    void production_rejectsEveryInvalidVectorWithItsDocumentedError() throws IOException {
        JsonNode root = JSON.readTree(vectorsFile().toFile());
        JsonNode userNode = root.at("/keys/user");
        UserId user = UserId.parse(userNode.get("userId").asText());
        RecipientKeyPair userKey = keyPair(userNode);
        BatchId batch = BatchId.parse(root.at("/batch/batchId").asText());
        WorkerKeyring ring = WorkerKeyring.parse(JSON.writeValueAsString(root.get("workerKeyring")));
        String statedJobId = root.at("/result/jobId").asText();
        JobId jobId = JobId.parse(statedJobId);
        assertThat(jobId).hasToString(statedJobId);
        // The invalid vectors are opened with the key the user unwraps for this job, the one the file states:
        // so each is rejected for what was done to it, not for a wrong key.
        try (DataKey resultKey =
                ResultKeys.unwrap(HEX.parseHex(root.at("/result/wrappedKey").asText()), user, jobId, userKey)) {
            assertThat(HEX.formatHex(resultKey.copyBytes()))
                    .isEqualTo(root.at("/result/resultKey").asText());

            assertThat(root.get("invalid")).hasSizeGreaterThanOrEqualTo(15);
            for (JsonNode c : root.get("invalid")) {
                String expected = c.get("error").asText();
                Runnable open = switch (c.get("kind").asText()) {
                    case "batch" ->
                        () -> BatchEnvelope.open(HEX.parseHex(c.get("envelope").asText()), userKey, user, batch);
                    case "job" ->
                        () -> JobEnvelope.unwrapBatchKey(
                                JobDocument.parse(c.get("document").asText()), ring);
                    case "vector" ->
                        () -> VectorEnvelope.open(
                                HEX.parseHex(c.get("sealed").asText()),
                                user,
                                MessageId.parse(c.get("messageId").asText()),
                                MODEL,
                                resultKey);
                    default -> throw new AssertionError("unknown kind " + c.get("kind"));
                };
                assertThatThrownBy(open::run)
                        .as(c.get("kind").asText() + ": " + c.get("description").asText())
                        .isInstanceOf(EnvelopeException.class)
                        .extracting(e -> e.getClass().getSimpleName())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void production_opensEveryV2VectorAndRejectsEveryInvalidOne() throws IOException {
        JsonNode root = JSON.readTree(vectorsFile().toFile());
        JsonNode userNode = root.at("/keys/user");
        JsonNode v2 = root.get("v2");
        UserId user = UserId.parse(userNode.get("userId").asText());
        try (UserKeys keys = new UserKeys(
                        user,
                        keyPair(userNode),
                        MessageIdKey.of(
                                HEX.parseHex(userNode.get("messageIdKey").asText())));
                WorkerKeyring ring = WorkerKeyring.parse(JSON.writeValueAsString(v2.get("workerKeyring")))) {
            assertThat(HEX.formatHex(keys.originKey().exportBytes()))
                    .isEqualTo(v2.at("/keys/user/originKey").asText());
            WorkerPublicKeys pin = WorkerPublicKeys.parse(JSON.writeValueAsString(v2.get("workerPublicKeys")));
            assertThat(pin.keys()).hasSize(1);
            assertThat(ring.publicKeys().toJson()).isEqualTo(pin.toJson());
            OriginVerifier verifier = new OriginVerifier(keys, pin, OriginPolicy.PROVEN_ONLY);

            BatchId batch = BatchId.parse(v2.at("/batch/batchId").asText());
            byte[] envelope = HEX.parseHex(v2.at("/batch/envelope").asText());
            OpenedBatch opened = verifier.openBatch(envelope, batch).accepted().orElseThrow();
            assertThat(opened.messages()).hasSize(MESSAGES.size());
            assertThat(opened.messages().get(1).text())
                    .isEqualTo(MESSAGES.get(1).text());
            assertThat(HEX.formatHex(opened.digest()))
                    .isEqualTo(v2.at("/batch/digest").asText());

            JobDocument job = JobDocument.parse(v2.at("/job/document").asText());
            assertThat(HEX.formatHex(job.jobTag()))
                    .isEqualTo(v2.at("/job/jobTag").asText());
            try (DataKey batchKey = JobEnvelope.unwrapBatchKey(job, ring)) {
                assertThat(BatchEnvelope.openWithBatchKey(envelope, batchKey, user, batch))
                        .isEqualTo(opened.messages());
            }

            JobId jobId = JobId.parse(v2.at("/result/jobId").asText());
            byte[] record = HEX.parseHex(v2.at("/result/record").asText());
            try (VerifiedResult result = verifier.verifyResult(record, jobId, batch, MODEL)
                    .accepted()
                    .orElseThrow()) {
                assertThat(HEX.formatHex(result.resultKey().copyBytes()))
                        .isEqualTo(v2.at("/result/resultKey").asText());
                assertThat(result.embedded(opened)).isTrue();
                JsonNode vector = v2.at("/result/vectors/0");
                assertThat(verifier.openVector(
                                        HEX.parseHex(vector.get("sealed").asText()),
                                        MessageId.parse(vector.get("messageId").asText()),
                                        MODEL,
                                        result)
                                .accepted())
                        .hasValueSatisfying(v -> assertThat(v).containsExactly(VECTORS[0]));
            }

            assertThat(v2.get("invalid")).hasSizeGreaterThanOrEqualTo(12);
            for (JsonNode c : v2.get("invalid")) {
                String expected = c.get("error").asText();
                Runnable open = switch (c.get("kind").asText()) {
                    case "batch" ->
                        () -> BatchEnvelope.open(
                                HEX.parseHex(c.get("envelope").asText()), keys, user, batch, OriginPolicy.PROVEN_ONLY);
                    case "result" ->
                        () -> ResultKeys.verify(
                                HEX.parseHex(c.get("record").asText()),
                                keys,
                                jobId,
                                batch,
                                MODEL,
                                pin,
                                OriginPolicy.PROVEN_ONLY);
                    default -> throw new AssertionError("unknown kind " + c.get("kind"));
                };
                assertThatThrownBy(open::run)
                        .as(c.get("kind").asText() + ": " + c.get("description").asText())
                        .isInstanceOf(EnvelopeException.class)
                        .extracting(e -> e.getClass().getSimpleName())
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void reference_opensWhatProductionSealsInFormatV2() throws Exception {
        KeyPair userRef = deriveKeyPair("interop: user");
        byte[] idKeyBytes = seededBytes("interop: message-id key", 32);
        try (UserKeys keys = new UserKeys(
                        UserId.random(),
                        RecipientKeyPair.of(userRef.privateKey(), RecipientPublicKey.of(userRef.publicKey())),
                        MessageIdKey.of(idKeyBytes));
                WorkerKeyring worker = WorkerKeyring.generate();
                DataKey resultKey = DataKey.generate()) {
            byte[] originKey = ReferenceImplementation.originKey(idKeyBytes);
            BatchId batch = BatchId.random();
            JobId job = JobId.random();
            List<ChatMessage> messages = List.of(
                    keys.messageIdKey() == null
                            ? null
                            : new MessageIdAssigner(keys.messageIdKey())
                                    .assign(
                                            "c",
                                            LocalDateTime.parse("2024-01-02T03:04:05"),
                                            null,
                                            "s",
                                            "hello 👋",
                                            MessageKind.TEXT));
            try (SealedBatch sealed = BatchEnvelope.seal(keys, batch, messages)) {
                byte[] body = ReferenceImplementation.openBatchV2(sealed.envelope(), userRef, originKey);
                assertThat(JSON.readTree(body).at("/messages/0/text").asText()).isEqualTo("hello 👋");

                JobDocument document = JobEnvelope.create(
                        job, keys, sealed, MODEL, worker.current().publicKey());
                byte[] digest = ReferenceImplementation.sha256(sealed.envelope());
                byte[] expectedTag = ReferenceImplementation.jobTag(
                        originKey, job.value(), keys.userId().value(), document.objectKey(), MODEL, digest);
                assertThat(document.jobTag()).isEqualTo(expectedTag);

                byte[] record = ResultKeys.sign(resultKey, document, digest, worker.signingKey());
                byte[] wrapped = java.util.Arrays.copyOfRange(record, 1, 90);
                byte[] statement = ReferenceImplementation.resultStatement(
                        job.value(),
                        keys.userId().value(),
                        document.objectKey(),
                        MODEL,
                        digest,
                        expectedTag,
                        wrapped,
                        worker.signingKey().keyId().bytes());
                assertThat(ReferenceImplementation.ed25519Verify(
                                worker.signingKey().publicKey().bytes(),
                                statement,
                                java.util.Arrays.copyOfRange(record, 130, 194)))
                        .isTrue();
                assertThat(java.util.Arrays.copyOfRange(record, 90, 122)).isEqualTo(digest);
                assertThat(ReferenceImplementation.unwrapKey(
                                wrapped,
                                userRef,
                                resultKeyToUserInfo(keys.userId().value(), job.value())))
                        .isEqualTo(resultKey.copyBytes());
            }
        }
    }

    @Test
    void reference_opensWhatProductionSeals() throws Exception {
        KeyPair userRef = deriveKeyPair("interop: user");
        KeyPair workerRef = deriveKeyPair("interop: worker");
        RecipientKeyPair userKey =
                RecipientKeyPair.of(userRef.privateKey(), RecipientPublicKey.of(userRef.publicKey()));
        RecipientKeyPair workerKey =
                RecipientKeyPair.of(workerRef.privateKey(), RecipientPublicKey.of(workerRef.publicKey()));
        UserId user = UserId.random();
        BatchId batch = BatchId.random();
        JobId job = JobId.random();
        MessageIdKey idKey = MessageIdKey.generate();
        List<ChatMessage> messages = List.of(new ChatMessage(
                idKey.idFor("c", LocalDateTime.parse("2024-01-02T03:04:05"), "s", "hello 👋", 0),
                "c",
                "s",
                LocalDateTime.parse("2024-01-02T03:04:05"),
                null,
                "hello 👋",
                MessageKind.TEXT));

        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages, userKey.publicKey())) {
            byte[] body = ReferenceImplementation.openBatch(sealed.envelope(), userRef);
            JsonNode message = JSON.readTree(body).get("messages").get(0);
            assertThat(message.get("text").asText()).isEqualTo("hello 👋");
            assertThat(message.get("time").asText()).isEqualTo("2024-01-02T03:04:05");

            JobDocument document = JobEnvelope.create(
                    job, user, batch, 1, MODEL, workerKey.publicKey(), userKey.publicKey(), sealed.batchKey());
            byte[] unwrapped = ReferenceImplementation.unwrapKey(
                    document.wrappedKey(),
                    workerRef,
                    batchKeyToWorkerInfo(job.value(), user.value(), document.objectKey(), MODEL, userRef.publicKey()));
            assertThat(unwrapped).isEqualTo(sealed.batchKey().copyBytes());
        }

        try (DataKey resultKey = DataKey.generate()) {
            byte[] wrapped = ResultKeys.wrapToUser(resultKey, user, job, userKey.publicKey());
            byte[] unwrapped =
                    ReferenceImplementation.unwrapKey(wrapped, userRef, resultKeyToUserInfo(user.value(), job.value()));
            assertThat(unwrapped).isEqualTo(resultKey.copyBytes());
            float[] vector = {0.25f, -1f, 3.5f};
            MessageId id = messages.getFirst().id();
            byte[] sealedVector = VectorEnvelope.seal(vector, user, id, MODEL, resultKey);
            assertThat(ReferenceImplementation.openVector(sealedVector, unwrapped, user.value(), id.bytes(), MODEL))
                    .containsExactly(vector);
        }
    }

    private static RecipientKeyPair keyPair(JsonNode node) {
        return RecipientKeyPair.of(
                HEX.parseHex(node.get("privateKey").asText()),
                RecipientPublicKey.of(HEX.parseHex(node.get("publicKey").asText())));
    }
}
