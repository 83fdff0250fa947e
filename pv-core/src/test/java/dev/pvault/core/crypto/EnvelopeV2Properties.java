package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Format v2 over generated input (plain JUnit over {@link java.util.Random}; the seed of a failing case is in
 * its name): any messages seal and open back through the verifier, padded to a bucket; any flipped bit of a
 * batch or result record is rejected with the error its region documents (docs/FORMAT.md, "Errors"); any cut
 * is a truncation.
 */
class EnvelopeV2Properties {
    private static final UserKeys USER = UserKeys.generate(UserId.random());
    private static final WorkerKeyring WORKER = WorkerKeyring.generate();
    private static final OriginVerifier VERIFIER =
            new OriginVerifier(USER, WORKER.publicKeys(), OriginPolicy.PROVEN_ONLY);
    private static final String MODEL = "onnx:all-minilm-l6-v2";

    @AfterAll
    static void close() {
        USER.close();
        WORKER.close();
    }

    static Stream<Long> seeds300() {
        return Generated.seeds(300);
    }

    static Stream<Long> seeds1000() {
        return Generated.seeds(1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void batch_roundTripsAnyMessagesInABucketSize(long seed) {
        Random random = new Random(seed);
        List<ChatMessage> messages = Generated.messages(random, USER, 12);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, messages)) {
            int length = sealed.envelope().length;
            assertThat(length).isGreaterThanOrEqualTo(BatchEnvelope.MIN_ENVELOPE_BYTES);
            assertThat(Integer.bitCount(length))
                    .as("a power of two: %d", length)
                    .isEqualTo(1);
            OpenedBatch opened =
                    VERIFIER.openBatch(sealed.envelope(), batch).accepted().orElseThrow();
            assertThat(opened.messages()).isEqualTo(messages);
            assertThat(BatchEnvelope.openWithBatchKey(sealed.envelope(), sealed.batchKey(), USER.userId(), batch))
                    .isEqualTo(messages);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds1000")
    void batch_rejectsAnyFlippedBitWithTheDocumentedError(long seed) {
        Random random = new Random(seed);
        List<ChatMessage> messages = Generated.messages(random, USER, 4);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, messages)) {
            byte[] envelope = sealed.envelope();
            // Half the flips land in the header, where the regions are; half anywhere.
            int index = random.nextBoolean()
                    ? random.nextInt(BatchEnvelope.HEADER_LENGTH)
                    : random.nextInt(envelope.length);
            envelope[index] ^= (byte) (1 << random.nextInt(8));
            Class<? extends EnvelopeException> expected = expectedForFlip(index, envelope);
            assertThatThrownBy(() -> BatchEnvelope.open(envelope, USER, USER.userId(), batch, OriginPolicy.PROVEN_ONLY))
                    .as("byte %d of %d", index, envelope.length)
                    .isExactlyInstanceOf(expected);
        }
    }

    /**
     * The documented error for a flip at {@code index} of a v2 batch (docs/FORMAT.md, "Errors"): the owner
     * checks the origin tag right after the ids, so every authenticated byte past them fails it.
     */
    static Class<? extends EnvelopeException> expectedForFlip(int index, byte[] flipped) {
        if (index < 3) return MalformedEnvelopeException.class; // magic
        if (index == 3) return UnsupportedFormatVersionException.class; // 2 flips to 0, 3, 6, 10, ... never 1
        if (index < 36) return ContextMismatchException.class; // user id, batch id
        if (index < 40) {
            long count = ByteBuffer.wrap(flipped, 36, 4).getInt() & 0xffffffffL;
            return count > BatchEnvelope.MAX_MESSAGES
                    ? MalformedEnvelopeException.class
                    : AuthenticationFailedException.class;
        }
        if (index < 42) return MalformedEnvelopeException.class; // wrapped-key length
        if (index < 131) return AuthenticationFailedException.class; // wrapped key: the origin tag covers it
        if (index < 135) {
            long declared = ByteBuffer.wrap(flipped, 131, 4).getInt() & 0xffffffffL;
            long present = flipped.length - 135 - OriginKey.TAG_LENGTH;
            if (declared < 28) return MalformedEnvelopeException.class;
            return declared > present ? TruncatedEnvelopeException.class : MalformedEnvelopeException.class;
        }
        return AuthenticationFailedException.class; // nonce, ciphertext, tag, origin tag
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void batch_rejectsAnyCutAsATruncation(long seed) {
        Random random = new Random(seed);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, Generated.messages(random, USER, 3))) {
            byte[] shorter = Arrays.copyOf(sealed.envelope(), random.nextInt(sealed.envelope().length));
            Verdict<OpenedBatch> verdict = VERIFIER.openBatch(shorter, batch);
            assertThat(verdict).isInstanceOf(Verdict.Rejected.class);
            assertThatThrownBy(() -> BatchEnvelope.readHeader(shorter))
                    .isInstanceOf(
                            shorter.length == 0 ? EmptyEnvelopeException.class : TruncatedEnvelopeException.class);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void resultRecord_rejectsAnyFlippedBit(long seed) {
        Random random = new Random(seed);
        BatchId batch = BatchId.random();
        JobId job = JobId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, Generated.messages(random, USER, 2));
                DataKey resultKey = DataKey.generate()) {
            JobDocument document = JobEnvelope.create(
                    job, USER, sealed, MODEL, WORKER.current().publicKey());
            byte[] record = ResultKeys.sign(resultKey, document, sealed.digest(), WORKER.signingKey());
            int index = random.nextInt(record.length);
            record[index] ^= (byte) (1 << random.nextInt(8));
            Verdict.Reason expected = index == 0
                    ? Verdict.Reason.DAMAGED
                    : index >= 122 && index < 130 ? Verdict.Reason.UNKNOWN_KEY : Verdict.Reason.FORGED;
            assertThat(VERIFIER.verifyResult(record, job, batch, MODEL))
                    .isInstanceOfSatisfying(
                            Verdict.Rejected.class, r -> assertThat(r.reason()).isEqualTo(expected));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds300")
    void jobDocument_anyAlteredCharacterIsRejectedOrChangesNothingBound(long seed) {
        Random random = new Random(seed);
        BatchId batch = BatchId.random();
        JobId job = JobId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, Generated.messages(random, USER, 2))) {
            JobDocument original = JobEnvelope.create(
                    job, USER, sealed, MODEL, WORKER.current().publicKey());
            String json = original.toJson();
            int index = random.nextInt(json.length());
            char altered = (char) (json.charAt(index) ^ (1 + random.nextInt(127)));
            String tampered = json.substring(0, index) + altered + json.substring(index + 1);
            JobDocument parsed;
            try {
                parsed = JobDocument.parse(tampered);
            } catch (EnvelopeException rejected) {
                return; // documented
            }
            try (DataKey unwrapped = JobEnvelope.unwrapBatchKey(parsed, WORKER)) {
                // It unwrapped: nothing bound into the wrap changed. A changed job tag is caught by the client.
                assertThat(unwrapped.copyBytes()).isEqualTo(sealed.batchKey().copyBytes());
                assertThat(parsed.jobId()).isEqualTo(job);
                assertThat(parsed.objectKey()).isEqualTo(original.objectKey());
                assertThat(parsed.model()).isEqualTo(MODEL);
                if (!Arrays.equals(parsed.jobTag(), original.jobTag())) {
                    try (DataKey resultKey = DataKey.generate()) {
                        byte[] record = ResultKeys.sign(resultKey, parsed, sealed.digest(), WORKER.signingKey());
                        assertThat(VERIFIER.verifyResult(record, job, batch, MODEL))
                                .isInstanceOf(Verdict.Rejected.class);
                    }
                }
            } catch (EnvelopeException rejected) {
                // rejected at unwrap: documented too
            }
        }
    }
}
