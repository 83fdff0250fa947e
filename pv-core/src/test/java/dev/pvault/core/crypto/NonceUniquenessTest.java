package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AES-GCM fails catastrophically if a nonce repeats under one key. A job's result key seals every vector
 * of the job, so this seals a million vectors under one key and checks that no nonce comes back.
 */
class NonceUniquenessTest {
    @Test
    void aMillionSealsUnderOneKey_neverRepeatANonce() {
        int seals = 1_000_000;
        Set<ByteBuffer> nonces = new HashSet<>(2 * seals);
        UserId user = UserId.random();
        MessageId message = MessageId.of(new byte[16]);
        float[] vector = {1f};
        try (DataKey key = DataKey.generate()) {
            for (int i = 0; i < seals; i++) {
                byte[] sealed = VectorEnvelope.seal(vector, user, message, "m", key);
                nonces.add(ByteBuffer.wrap(Arrays.copyOfRange(sealed, 3, 3 + DataKey.NONCE_LENGTH)));
            }
        }
        assertThat(nonces).hasSize(seals);
    }
}
