package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VectorEnvelopeTest {
    private static final String MODEL = "onnx:all-minilm-l6-v2";
    private final UserId user = UserId.random();
    private final MessageId message = MessageId.of(SecureRandoms.bytes(16));
    private final DataKey resultKey = DataKey.generate();
    private final float[] vector = {0.1f, -0.2f, 0.3f, Float.MIN_VALUE, -0f, 1e-30f};
    private final byte[] sealed = VectorEnvelope.seal(vector, user, message, MODEL, resultKey);

    @AfterEach
    void close() {
        resultKey.close();
    }

    @Test
    void open_returnsTheExactComponents() {
        assertThat(VectorEnvelope.open(sealed, user, message, MODEL, resultKey)).containsExactly(vector);
        assertThat(sealed).hasSize(3 + 12 + 4 * vector.length + 16);
    }

    @Test
    void open_rejectsAVectorMovedToAnotherMessage() {
        MessageId other = MessageId.of(SecureRandoms.bytes(16));
        assertThatThrownBy(() -> VectorEnvelope.open(sealed, user, other, MODEL, resultKey))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining(other.hex());
    }

    @Test
    void open_rejectsAnotherUserOrModel() {
        assertThatThrownBy(() -> VectorEnvelope.open(sealed, UserId.random(), message, MODEL, resultKey))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> VectorEnvelope.open(sealed, user, message, "onnx:bge-small-en-v1.5-q", resultKey))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void open_rejectsEmptyTruncatedLongerAndUnknownVersions() {
        assertThatThrownBy(() -> VectorEnvelope.open(new byte[0], user, message, MODEL, resultKey))
                .isInstanceOf(EmptyEnvelopeException.class);
        for (int length = 1; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> VectorEnvelope.open(cut, user, message, MODEL, resultKey))
                    .isInstanceOf(TruncatedEnvelopeException.class);
        }
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 4);
        assertThatThrownBy(() -> VectorEnvelope.open(longer, user, message, MODEL, resultKey))
                .isInstanceOf(MalformedEnvelopeException.class);
        byte[] v2 = sealed.clone();
        v2[0] = 2;
        assertThatThrownBy(() -> VectorEnvelope.open(v2, user, message, MODEL, resultKey))
                .isInstanceOf(UnsupportedFormatVersionException.class);
    }

    @Test
    void open_rejectsAnotherJobsResultKey() {
        try (DataKey other = DataKey.generate()) {
            assertThatThrownBy(() -> VectorEnvelope.open(sealed, user, message, MODEL, other))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void resultKey_opensOnlyForItsUserAndJob() {
        RecipientKeyPair userKey = RecipientKeyPair.generate();
        JobId job = JobId.random();
        byte[] wrapped = ResultKeys.wrapToUser(resultKey, user, job, userKey.publicKey());
        try (DataKey opened = ResultKeys.unwrap(wrapped, user, job, userKey)) {
            assertThat(VectorEnvelope.open(sealed, user, message, MODEL, opened))
                    .containsExactly(vector);
        }
        assertThatThrownBy(() -> ResultKeys.unwrap(wrapped, user, JobId.random(), userKey))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> ResultKeys.unwrap(wrapped, UserId.random(), job, userKey))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> ResultKeys.unwrap(wrapped, user, job, RecipientKeyPair.generate()))
                .isInstanceOf(WrongKeyException.class);
        assertThatThrownBy(() -> ResultKeys.unwrap(Arrays.copyOf(wrapped, 50), user, job, userKey))
                .isInstanceOf(TruncatedEnvelopeException.class);
        assertThatThrownBy(() -> ResultKeys.unwrap(new byte[0], user, job, userKey))
                .isInstanceOf(EmptyEnvelopeException.class);
    }

    @Test
    void seal_rejectsEmptyAndOversizeVectors() {
        assertThatThrownBy(() -> VectorEnvelope.seal(new float[0], user, message, MODEL, resultKey))
                .isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() -> VectorEnvelope.seal(
                        new float[VectorEnvelope.MAX_DIMENSION + 1], user, message, MODEL, resultKey))
                .isInstanceOf(MalformedEnvelopeException.class);
    }

    @Test
    void closedKey_refusesToWork() {
        DataKey key = DataKey.generate();
        key.close();
        assertThatThrownBy(() -> VectorEnvelope.seal(vector, user, message, MODEL, key))
                .isInstanceOf(IllegalStateException.class);
    }
}
