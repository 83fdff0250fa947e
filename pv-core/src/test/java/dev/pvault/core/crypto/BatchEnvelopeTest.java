package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.UserId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("removal") // format v1 still opens: these check it
class BatchEnvelopeTest {
    private final RecipientKeyPair userKey = RecipientKeyPair.generate();
    private final UserId user = UserId.random();
    private final BatchId batch = BatchId.random();
    private final List<ChatMessage> messages =
            Messages.of("Lunch at noon?", "Sure — the usual place 🍜", "مرحبا", "line one\nline two", "");
    private final SealedBatch sealed = BatchEnvelope.seal(user, batch, messages, userKey.publicKey());

    @AfterEach
    void close() {
        sealed.close();
    }

    @Test
    void open_returnsTheSealedMessages() {
        assertThat(BatchEnvelope.open(sealed.envelope(), userKey, user, batch)).isEqualTo(messages);
    }

    @Test
    void openWithBatchKey_returnsTheSealedMessages() {
        assertThat(BatchEnvelope.openWithBatchKey(sealed.envelope(), sealed.batchKey(), user, batch))
                .isEqualTo(messages);
    }

    @Test
    void readHeader_givesIdsAndCountWithoutKeys() {
        BatchHeader header = BatchEnvelope.readHeader(sealed.envelope());
        assertThat(header.userId()).isEqualTo(user);
        assertThat(header.batchId()).isEqualTo(batch);
        assertThat(header.messageCount()).isEqualTo(messages.size());
        assertThat(header.headerLength()).isEqualTo(135);
    }

    @Test
    void envelope_holdsNoPlaintext() {
        String asLatin1 = new String(sealed.envelope(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String asUtf8 = new String(sealed.envelope(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(asLatin1).doesNotContain("Lunch").doesNotContain("Team chat").doesNotContain("Ana");
        assertThat(asUtf8).doesNotContain("مرحبا").doesNotContain("usual place");
    }

    @Test
    void open_rejectsEmptyInput() {
        assertThatThrownBy(() -> BatchEnvelope.open(new byte[0], userKey, user, batch))
                .isInstanceOf(EmptyEnvelopeException.class);
        assertThatThrownBy(() -> BatchEnvelope.open(null, userKey, user, batch))
                .isInstanceOf(EmptyEnvelopeException.class);
    }

    @Test
    void open_rejectsEveryTruncation() {
        byte[] envelope = sealed.envelope();
        for (int length = 1; length < envelope.length; length++) {
            byte[] cut = Arrays.copyOf(envelope, length);
            assertThatThrownBy(() -> BatchEnvelope.open(cut, userKey, user, batch))
                    .as("cut at %d of %d bytes", length, envelope.length)
                    .isInstanceOf(TruncatedEnvelopeException.class);
        }
    }

    @Test
    void open_rejectsTrailingBytes() {
        byte[] longer = Arrays.copyOf(sealed.envelope(), sealed.envelope().length + 1);
        assertThatThrownBy(() -> BatchEnvelope.open(longer, userKey, user, batch))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("follow the declared body");
    }

    @Test
    void open_rejectsUnknownFormatVersion() {
        byte[] envelope = sealed.envelope();
        envelope[3] = 3;
        assertThatThrownBy(() -> BatchEnvelope.open(envelope, userKey, user, batch))
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("format version 3");
    }

    @Test
    void open_rejectsAnotherFileType() {
        byte[] envelope = sealed.envelope();
        envelope[0] = 'X';
        assertThatThrownBy(() -> BatchEnvelope.open(envelope, userKey, user, batch))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContaining("not a sealed batch");
    }

    @Test
    void open_rejectsTheWrongUserKey() {
        RecipientKeyPair stranger = RecipientKeyPair.generate();
        assertThatThrownBy(() -> BatchEnvelope.open(sealed.envelope(), stranger, user, batch))
                .isInstanceOf(WrongKeyException.class)
                .hasMessageContaining(userKey.keyId().hex())
                .hasMessageContaining(stranger.keyId().hex());
    }

    @Test
    void open_rejectsABatchOfAnotherUser() {
        UserId other = UserId.random();
        assertThatThrownBy(() -> BatchEnvelope.open(sealed.envelope(), userKey, other, batch))
                .isInstanceOf(ContextMismatchException.class)
                .hasMessageContaining(user.toString())
                .hasMessageContaining(other.toString());
    }

    @Test
    void open_rejectsAnotherBatch() {
        BatchId other = BatchId.random();
        assertThatThrownBy(() -> BatchEnvelope.openWithBatchKey(sealed.envelope(), sealed.batchKey(), user, other))
                .isInstanceOf(ContextMismatchException.class);
    }

    @Test
    void open_rejectsAHeaderWhoseIdsWereRewrittenToMatch() {
        // An attacker copies someone's batch and rewrites the header to pose as another batch: the AAD and
        // the user wrap context both bind the ids, so it fails.
        BatchId other = BatchId.random();
        byte[] envelope = sealed.envelope();
        System.arraycopy(other.bytes(), 0, envelope, 20, 16);
        assertThatThrownBy(() -> BatchEnvelope.open(envelope, userKey, user, other))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> BatchEnvelope.openWithBatchKey(envelope, sealed.batchKey(), user, other))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void openWithBatchKey_rejectsAnotherBatchesKey() {
        try (DataKey other = DataKey.generate()) {
            assertThatThrownBy(() -> BatchEnvelope.openWithBatchKey(sealed.envelope(), other, user, batch))
                    .isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void seal_roundTripsAOneMebibyteMessage() {
        String huge = "ab€😀".repeat(1024 * 1024 / 10);
        List<ChatMessage> big = Messages.of(huge, "small");
        try (SealedBatch bigBatch = BatchEnvelope.seal(user, batch, big, userKey.publicKey())) {
            assertThat(bigBatch.envelope().length).isGreaterThan(1024 * 1024);
            assertThat(BatchEnvelope.open(bigBatch.envelope(), userKey, user, batch))
                    .isEqualTo(big);
        }
    }

    @Test
    void seal_replacesUnpairedSurrogatesTheSameWayIdsDo() {
        List<ChatMessage> odd = Messages.of("broken \uD83D pair", "\uDE00 low first");
        try (SealedBatch oddBatch = BatchEnvelope.seal(user, batch, odd, userKey.publicKey())) {
            List<ChatMessage> opened = BatchEnvelope.open(oddBatch.envelope(), userKey, user, batch);
            assertThat(opened).isEqualTo(odd);
            assertThat(opened.get(0).text()).isEqualTo("broken \uFFFD pair");
        }
    }

    @Test
    void seal_givesEachBatchItsOwnKeyAndNonce() {
        try (SealedBatch again = BatchEnvelope.seal(user, batch, messages, userKey.publicKey())) {
            assertThat(again.batchKey().copyBytes())
                    .isNotEqualTo(sealed.batchKey().copyBytes());
            assertThat(again.envelope()).isNotEqualTo(sealed.envelope());
        }
    }
}
