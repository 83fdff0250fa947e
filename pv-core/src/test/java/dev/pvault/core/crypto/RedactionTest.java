package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.UserId;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No plaintext, key or vector in any toString() or exception message. */
@SuppressWarnings("removal") // format v1 still opens: these check it
class RedactionTest {
    private static final String SECRET_TEXT = "my bank PIN is 4921";

    @Test
    void chatMessage_toStringHidesChatSenderAndText() {
        ChatMessage message = Messages.of(SECRET_TEXT).getFirst();
        assertThat(message.toString())
                .doesNotContain("4921")
                .doesNotContain("Team chat")
                .doesNotContain("Ana")
                .contains(message.id().hex());
    }

    @Test
    void keys_toStringShowsKeyIdsOnly() {
        UserKeys keys = UserKeys.generate(UserId.random());
        byte[] privateKey = keys.keyPair().exportPrivateKey();
        for (Object o : List.of(keys, keys.keyPair(), keys.messageIdKey(), DataKey.generate())) {
            assertThat(o.toString())
                    .doesNotContain(HexFormat.of().formatHex(privateKey))
                    .doesNotContain(Base64.getEncoder().encodeToString(privateKey));
        }
        assertThat(keys.toString()).contains(keys.keyPair().keyId().hex());
    }

    @Test
    void embeddings_toStringShowsNoComponents() {
        Embeddings embeddings = new Embeddings("m", 3, List.of(new float[] {0.123456f, 0.5f, 0.25f}));
        assertThat(embeddings.toString()).doesNotContain("0.123456").contains("dimension=3");
    }

    @Test
    void openingErrors_nameIdsAndSizesButNoContent() {
        RecipientKeyPair userKey = RecipientKeyPair.generate();
        UserId user = UserId.random();
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(user, batch, Messages.of(SECRET_TEXT), userKey.publicKey())) {
            byte[] envelope = sealed.envelope();
            envelope[envelope.length - 1] ^= 1;
            assertThatThrownBy(() -> BatchEnvelope.open(envelope, userKey, user, batch))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining(batch.toString())
                    .hasMessageNotContaining("4921")
                    .hasMessageNotContaining("PIN");
        }
    }
}
