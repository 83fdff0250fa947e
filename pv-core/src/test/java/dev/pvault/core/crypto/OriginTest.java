package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Format v2's origin proofs (docs/FORMAT.md, "Origin"): what a forger who holds only the user's public key
 * (and the worker's, and write access to the blob store, queue and database) can make is rejected by the
 * client's {@link OriginVerifier}, and what the user and its worker make is accepted.
 */
@SuppressWarnings("removal") // the v1 writers are the forger's tools here: they need only public keys
class OriginTest {
    private static final String MODEL = "onnx:all-minilm-l6-v2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserKeys user = UserKeys.generate(UserId.random());
    private final WorkerKeyring worker = WorkerKeyring.generate();
    private final OriginVerifier verifier = new OriginVerifier(user, worker.publicKeys(), OriginPolicy.PROVEN_ONLY);
    private final OriginVerifier lenient =
            new OriginVerifier(user, worker.publicKeys(), OriginPolicy.ACCEPT_UNPROVEN_V1);
    private final List<ChatMessage> messages = Messages.of("the key is under the mat", "see you at 8");
    private final BatchId batch = BatchId.random();
    private final JobId job = JobId.random();

    @AfterEach
    void close() {
        user.close();
        worker.close();
    }

    /** What an honest worker stores for {@code document} after reading {@code envelope}. */
    private byte[] workerResult(JobDocument document, byte[] envelope, DataKey resultKey) {
        return ResultKeys.sign(resultKey, document, KeyId.sha256(envelope), worker.signingKey());
    }

    private static <T> Verdict.Reason reason(Verdict<T> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
        return ((Verdict.Rejected<T>) verdict).reason();
    }

    // ---- batches ----------------------------------------------------------------------------------------

    @Test
    void openBatch_acceptsTheOwnersBatchAcrossChats() {
        List<ChatMessage> twoChats = new java.util.ArrayList<>(messages);
        twoChats.add(new MessageIdAssigner(user.messageIdKey())
                .assign("Family", Messages.START, null, "Mum", "dinner?", dev.pvault.core.model.MessageKind.TEXT));
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, twoChats)) {
            Verdict<OpenedBatch> verdict = verifier.openBatch(sealed.envelope(), batch);
            OpenedBatch opened = verdict.accepted().orElseThrow();
            assertThat(opened.messages()).isEqualTo(twoChats);
            assertThat(opened.proven()).isTrue();
            assertThat(opened.digest()).isEqualTo(sealed.digest());
        }
    }

    @Test
    void openBatch_rejectsABatchForgedWithThePublicKeyAlone() {
        // v1 needs only the public key: refused under PROVEN_ONLY.
        try (SealedBatch forged = BatchEnvelope.seal(user.userId(), batch, messages, user.publicKey())) {
            assertThat(reason(verifier.openBatch(forged.envelope(), batch))).isEqualTo(Verdict.Reason.UNPROVEN);
        }
        // v2 with an origin key of the forger's own: the tag fails.
        try (UserKeys forger = forgerInTheUsersName();
                SealedBatch forged = BatchEnvelope.seal(forger, batch, messages)) {
            assertThat(reason(verifier.openBatch(forged.envelope(), batch))).isEqualTo(Verdict.Reason.FORGED);
        }
    }

    /**
     * What a forger can act as: the user's id and public key (sealing and wrapping use only the public half;
     * the private half here is a test shortcut the forger's code never touches) with an origin key of his own.
     */
    private UserKeys forgerInTheUsersName() {
        return new UserKeys(
                user.userId(),
                RecipientKeyPair.of(user.keyPair().exportPrivateKey(), user.publicKey()),
                MessageIdKey.generate());
    }

    @Test
    void openBatch_rejectsAnAlteredOriginTag() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages)) {
            byte[] envelope = sealed.envelope();
            envelope[envelope.length - 1] ^= 1;
            assertThat(reason(verifier.openBatch(envelope, batch))).isEqualTo(Verdict.Reason.FORGED);
            // The worker cannot check the origin tag and does not: it opens the body.
            assertThat(BatchEnvelope.openWithBatchKey(envelope, sealed.batchKey(), user.userId(), batch))
                    .isEqualTo(messages);
        }
    }

    @Test
    void openBatch_acceptsV1OnlyWhenThePolicySaysSo() {
        try (SealedBatch v1 = BatchEnvelope.seal(user.userId(), batch, messages, user.publicKey())) {
            OpenedBatch opened =
                    lenient.openBatch(v1.envelope(), batch).accepted().orElseThrow();
            assertThat(opened.messages()).isEqualTo(messages);
            assertThat(opened.proven()).isFalse();
        }
    }

    @Test
    void openBatch_neverThrowsForGarbage() {
        assertThat(reason(verifier.openBatch(new byte[0], batch))).isEqualTo(Verdict.Reason.DAMAGED);
        assertThat(reason(verifier.openBatch(null, batch))).isEqualTo(Verdict.Reason.DAMAGED);
        assertThat(reason(verifier.openBatch(new byte[] {'P', 'V', 'B', 2}, batch)))
                .isEqualTo(Verdict.Reason.DAMAGED);
    }

    // ---- job results ------------------------------------------------------------------------------------

    @Test
    void verifyResult_acceptsTheWorkersSignedResultAndItsVectorsOpen() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, sealed.envelope(), resultKey);
            MessageId id = messages.getFirst().id();
            byte[] vector = VectorEnvelope.seal(new float[] {0.6f, 0.8f}, user.userId(), id, MODEL, resultKey);

            try (VerifiedResult result =
                    verifier.verifyResult(record, job, batch, MODEL).accepted().orElseThrow()) {
                assertThat(result.proven()).isTrue();
                assertThat(result.signer()).contains(worker.signingKey().keyId());
                assertThat(verifier.openVector(vector, id, MODEL, result).accepted())
                        .hasValueSatisfying(v -> assertThat(v).containsExactly(0.6f, 0.8f));
                OpenedBatch opened =
                        verifier.openBatch(sealed.envelope(), batch).accepted().orElseThrow();
                assertThat(result.embedded(opened)).isTrue();
            }
        }
    }

    @Test
    void verifyResult_rejectsAResultForgedWithThePublicKeyAlone() {
        try (DataKey forgedKey = DataKey.generate()) {
            // v1: the wrapped key alone, which anyone can make.
            byte[] v1 = ResultKeys.wrapToUser(forgedKey, user.userId(), job, user.publicKey());
            assertThat(reason(verifier.verifyResult(v1, job, batch, MODEL))).isEqualTo(Verdict.Reason.UNPROVEN);
            // v2 signed by a key of the forger's own (or any worker key the client does not pin).
            try (WorkerKeyring forger = WorkerKeyring.generate();
                    SealedBatch sealed = BatchEnvelope.seal(user, batch, messages)) {
                JobDocument document = JobEnvelope.create(
                        job, user, sealed, MODEL, forger.current().publicKey());
                byte[] signed = ResultKeys.sign(forgedKey, document, sealed.digest(), forger.signingKey());
                assertThat(reason(verifier.verifyResult(signed, job, batch, MODEL)))
                        .isEqualTo(Verdict.Reason.UNKNOWN_KEY);
            }
        }
    }

    @Test
    void verifyResult_rejectsTheWorkersResultForAJobSomeoneElseQueued() {
        // The forger seals a batch of his own in the user's name and queues a job with a tag he made up; the
        // honest worker embeds it and signs. The client recomputes the tag and the signature fails.
        try (UserKeys forger = forgerInTheUsersName();
                SealedBatch forged = BatchEnvelope.seal(forger, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, forger, forged, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, forged.envelope(), resultKey);
            assertThat(reason(verifier.verifyResult(record, job, batch, MODEL))).isEqualTo(Verdict.Reason.FORGED);
        }
    }

    @Test
    void verifyResult_rejectsAResultOverAnotherBatchThanTheOneTheUserTagged() {
        // The user's job, but the worker read other bytes at the object key (swapped in by the store).
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                SealedBatch other = BatchEnvelope.seal(user, batch, Messages.of("swapped in"));
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, other.envelope(), resultKey);
            assertThat(reason(verifier.verifyResult(record, job, batch, MODEL))).isEqualTo(Verdict.Reason.FORGED);
        }
    }

    @Test
    void verifyResult_rejectsASwappedWrappedResultKey() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate();
                DataKey attackerKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, sealed.envelope(), resultKey);
            byte[] swapped = ResultKeys.wrapToUser(attackerKey, user.userId(), job, user.publicKey());
            System.arraycopy(swapped, 0, record, 1, swapped.length);
            assertThat(reason(verifier.verifyResult(record, job, batch, MODEL))).isEqualTo(Verdict.Reason.FORGED);

            // Another job's genuine record presented as this job's.
            JobId otherJob = JobId.random();
            JobDocument otherDocument = JobEnvelope.create(
                    otherJob, user, sealed, MODEL, worker.current().publicKey());
            byte[] otherRecord = workerResult(otherDocument, sealed.envelope(), resultKey);
            assertThat(reason(verifier.verifyResult(otherRecord, job, batch, MODEL)))
                    .isEqualTo(Verdict.Reason.FORGED);
        }
    }

    @Test
    void verifyResult_rejectsTheRecordUnderAnotherModelOrBatch() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, sealed.envelope(), resultKey);
            assertThat(reason(verifier.verifyResult(record, job, batch, "openai:text-embedding-3-small")))
                    .isEqualTo(Verdict.Reason.FORGED);
            assertThat(reason(verifier.verifyResult(record, job, BatchId.random(), MODEL)))
                    .isEqualTo(Verdict.Reason.FORGED);
        }
    }

    /** Every byte of a v2 record, flipped: the documented reason for its region (docs/FORMAT.md). */
    @Test
    void verifyResult_rejectsEveryFlippedByteOfTheRecord() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] record = workerResult(document, sealed.envelope(), resultKey);
            assertThat(record).hasSize(ResultKeys.SIGNED_LENGTH);
            for (int i = 0; i < record.length; i++) {
                byte[] flipped = record.clone();
                flipped[i] ^= 0x10;
                Verdict.Reason expected = i == 0
                        ? Verdict.Reason.DAMAGED // version
                        : i >= 122 && i < 130 ? Verdict.Reason.UNKNOWN_KEY : Verdict.Reason.FORGED;
                assertThat(reason(verifier.verifyResult(flipped, job, batch, MODEL)))
                        .as("byte %d", i)
                        .isEqualTo(expected);
            }
            assertThat(reason(verifier.verifyResult(java.util.Arrays.copyOf(record, 193), job, batch, MODEL)))
                    .isEqualTo(Verdict.Reason.DAMAGED);
        }
    }

    @Test
    void verifyResult_acceptsAV1ResultOnlyWhenThePolicySaysSo() {
        try (DataKey resultKey = DataKey.generate()) {
            byte[] v1 = ResultKeys.wrapToUser(resultKey, user.userId(), job, user.publicKey());
            try (VerifiedResult result =
                    lenient.verifyResult(v1, job, batch, MODEL).accepted().orElseThrow()) {
                assertThat(result.proven()).isFalse();
                assertThat(result.resultKey().copyBytes()).isEqualTo(resultKey.copyBytes());
            }
        }
    }

    @Test
    void verifyResult_followsARolledKeyWhileThePinListsTheOldOne() {
        WorkerKeyring rolled = worker.withNewCurrentKey();
        OriginVerifier pinnedAfterRoll = new OriginVerifier(user, rolled.publicKeys(), OriginPolicy.PROVEN_ONLY);
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] oldRecord = workerResult(document, sealed.envelope(), resultKey);
            assertThat(pinnedAfterRoll
                            .verifyResult(oldRecord, job, batch, MODEL)
                            .accepted())
                    .isPresent();
            byte[] newRecord = ResultKeys.sign(resultKey, document, sealed.digest(), rolled.signingKey());
            assertThat(reason(verifier.verifyResult(newRecord, job, batch, MODEL)))
                    .isEqualTo(Verdict.Reason.UNKNOWN_KEY);
        }
    }

    // ---- job documents and keyrings ------------------------------------------------------------------

    @Test
    void jobDocument_v2CarriesTheTagAndRoundTrips() throws Exception {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages)) {
            JobDocument document = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            JobDocument parsed = JobDocument.parse(document.toJson());
            assertThat(parsed).isEqualTo(document);
            assertThat(parsed.version()).isEqualTo(2);
            assertThat(parsed.jobTag()).hasSize(32);
            ObjectNode node = (ObjectNode) JSON.readTree(document.toJson());
            node.remove("jobTag");
            assertThatThrownBy(() -> JobDocument.parse(node.toString()))
                    .isInstanceOf(MalformedEnvelopeException.class)
                    .hasMessageContaining("jobTag");
            node.put("jobTag", Base64.getEncoder().encodeToString(new byte[31]));
            assertThatThrownBy(() -> JobDocument.parse(node.toString())).isInstanceOf(MalformedEnvelopeException.class);
        }
    }

    @Test
    void jobDocument_anAlteredTagIsEmbeddedButItsResultRejected() {
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, messages);
                DataKey resultKey = DataKey.generate()) {
            JobDocument honest = JobEnvelope.create(
                    job, user, sealed, MODEL, worker.current().publicKey());
            byte[] tag = honest.jobTag();
            tag[0] ^= 1;
            JobDocument altered = new JobDocument(
                    honest.version(),
                    honest.jobId(),
                    honest.userId(),
                    honest.objectKey(),
                    honest.messageCount(),
                    honest.model(),
                    honest.workerKeyId(),
                    honest.wrappedKey(),
                    honest.userPublicKey(),
                    tag);
            try (DataKey batchKey = JobEnvelope.unwrapBatchKey(altered, worker)) { // the tag is not in the wrap
                assertThat(batchKey.copyBytes()).isEqualTo(sealed.batchKey().copyBytes());
            }
            byte[] record = workerResult(altered, sealed.envelope(), resultKey);
            assertThat(reason(verifier.verifyResult(record, job, batch, MODEL))).isEqualTo(Verdict.Reason.FORGED);
        }
    }

    @Test
    void workerKeyring_v2RoundTripsAndPublishesItsSigningKey() {
        WorkerKeyring parsed = WorkerKeyring.parse(worker.toJson());
        assertThat(parsed.signingKey().publicKey())
                .isEqualTo(worker.signingKey().publicKey());
        assertThat(parsed.current().publicKey()).isEqualTo(worker.current().publicKey());
        WorkerPublicKeys pin = WorkerPublicKeys.parse(worker.publicKeys().toJson());
        assertThat(pin.current()).isEqualTo(worker.current().publicKey());
        assertThat(pin.signingKey(worker.signingKey().keyId()))
                .contains(worker.signingKey().publicKey());
        assertThat(worker.publicKeys().toJson()).doesNotContain("privateKey").doesNotContain("PrivateKey");
    }

    @Test
    void workerKeyring_v1OpensAndUpgradesToSign() throws Exception {
        ObjectNode v1 = (ObjectNode) JSON.readTree(worker.toJson());
        v1.put("version", 1);
        v1.withArray("keys").forEach(entry -> {
            ((ObjectNode) entry).remove(List.of("signingKeyId", "signingPublicKey", "signingPrivateKey"));
        });
        WorkerKeyring old = WorkerKeyring.parse(v1.toString());
        assertThat(old.canSign()).isFalse();
        assertThatThrownBy(old::signingKey).hasMessageContaining("no signing key");
        WorkerKeyring upgraded = old.withSigningKeys();
        assertThat(upgraded.canSign()).isTrue();
        assertThat(upgraded.current().publicKey()).isEqualTo(worker.current().publicKey());
        assertThat(WorkerKeyring.parse(upgraded.toJson()).signingKey().publicKey())
                .isEqualTo(upgraded.signingKey().publicKey());
    }

    @Test
    void workerKeyring_rejectsASigningKeyThatDoesNotMatchItsId() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(worker.toJson());
        ((ObjectNode) node.withArray("keys").get(0))
                .put("signingPrivateKey", Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> WorkerKeyring.parse(node.toString()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("does not belong");
    }
}
