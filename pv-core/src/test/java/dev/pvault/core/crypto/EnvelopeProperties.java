package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.model.Texts;
import dev.pvault.core.model.UserId;
import dev.pvault.core.property.Gen;
import dev.pvault.core.property.Property;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Round trips and tamper rejection over generated input: any message list seals and opens back, and any
 * single flipped bit anywhere in an envelope is rejected with the error its region documents
 * (docs/FORMAT.md, "Errors").
 */
@SuppressWarnings("removal") // format v1 still opens: these check it
class EnvelopeProperties {
    private static final RecipientKeyPair USER_KEY = RecipientKeyPair.generate();
    private static final WorkerKeyring WORKER = WorkerKeyring.generate();
    private static final UserId USER = UserId.random();
    private static final String MODEL = "onnx:all-minilm-l6-v2";

    private static String text(Gen gen) {
        return gen.oneOf(
                () -> gen.string(0, 300, Character.MIN_VALUE, Character.MAX_VALUE), // any UTF-16 unit, lone surrogates
                () -> gen.string(0, 80, '\u0590', '\u06FF'), // Hebrew and Arabic
                () -> gen.of(
                        "", " ", "\n\n", "\u0000", "👍", "👩‍👩‍👧‍👦🏳️‍🌈", "\u200E\u200Fok", "\uD83D", "\uDE00x"),
                () -> gen.string(1, 2_000, "abc €😀\n"));
    }

    private static ChatMessage message(Gen gen) {
        String chat = text(gen);
        String sender = text(gen);
        String text = text(gen);
        LocalDateTime time = Messages.START.plusMinutes(gen.between(0, 5_000_000));
        MessageKind kind = gen.of(MessageKind.class);
        return new ChatMessage(
                Messages.ID_KEY.idFor(chat, time, sender, text, 0), chat, sender, time, null, text, kind);
    }

    private static List<ChatMessage> messages(Gen gen, int minSize) {
        return gen.list(minSize, 12, () -> message(gen));
    }

    @Property(tries = 1000)
    void batch_roundTripsAnyMessages(Gen gen) {
        List<ChatMessage> messages = messages(gen, 0);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, messages, USER_KEY.publicKey())) {
            List<ChatMessage> opened = BatchEnvelope.open(sealed.envelope(), USER_KEY, USER, batch);
            assertThat(opened).isEqualTo(messages);
            for (ChatMessage m : opened) {
                assertThat(Texts.wellFormed(m.text())).isEqualTo(m.text());
            }
        }
    }

    @Property(tries = 2000)
    void batch_rejectsAnyFlippedBit(Gen gen) {
        List<ChatMessage> messages = messages(gen, 1);
        int where = gen.between(0, Integer.MAX_VALUE);
        int bit = gen.between(0, 7);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, messages, USER_KEY.publicKey())) {
            byte[] envelope = sealed.envelope();
            int index = where % envelope.length;
            envelope[index] ^= (byte) (1 << bit);
            Class<? extends EnvelopeException> expected = expectedForBatchFlip(index, envelope);
            assertThatThrownBy(() -> BatchEnvelope.open(envelope, USER_KEY, USER, batch))
                    .as("flipped bit %d of byte %d of %d", bit, index, envelope.length)
                    .isExactlyInstanceOf(expected);
            // The worker's path sees the same bytes: it must reject them too.
            assertThatThrownBy(() -> BatchEnvelope.openWithBatchKey(envelope, sealed.batchKey(), USER, batch))
                    .isInstanceOf(EnvelopeException.class);
        }
    }

    /** The documented error for a flip at {@code index} (docs/FORMAT.md, "Sealed batch"). */
    static Class<? extends EnvelopeException> expectedForBatchFlip(int index, byte[] flipped) {
        if (index < 3) return MalformedEnvelopeException.class; // magic
        if (index == 3) return UnsupportedFormatVersionException.class;
        if (index < 36) return ContextMismatchException.class; // user id, batch id
        if (index < 40) {
            long count = java.nio.ByteBuffer.wrap(flipped, 36, 4).getInt() & 0xffffffffL;
            return count > BatchEnvelope.MAX_MESSAGES
                    ? MalformedEnvelopeException.class
                    : AuthenticationFailedException.class;
        }
        if (index < 42) return MalformedEnvelopeException.class; // wrapped-key length
        if (index == 42) return UnsupportedFormatVersionException.class; // wrapped-key version
        if (index < 51) return WrongKeyException.class; // recipient key id
        if (index < 131) return AuthenticationFailedException.class; // enc, wrapped key, its tag
        if (index < 135) {
            long declared = java.nio.ByteBuffer.wrap(flipped, 131, 4).getInt() & 0xffffffffL;
            long present = flipped.length - 135;
            if (declared < 28) return MalformedEnvelopeException.class;
            return declared > present ? TruncatedEnvelopeException.class : MalformedEnvelopeException.class;
        }
        return AuthenticationFailedException.class; // nonce, ciphertext, tag
    }

    @Property(tries = 300)
    void batch_rejectsAnyTruncation(Gen gen) {
        List<ChatMessage> messages = messages(gen, 0);
        int cut = gen.between(1, Integer.MAX_VALUE);
        BatchId batch = BatchId.random();
        try (SealedBatch sealed = BatchEnvelope.seal(USER, batch, messages, USER_KEY.publicKey())) {
            byte[] envelope = sealed.envelope();
            byte[] shorter = Arrays.copyOf(envelope, cut % envelope.length);
            assertThatThrownBy(() -> BatchEnvelope.open(shorter, USER_KEY, USER, batch))
                    .isInstanceOf(
                            shorter.length == 0 ? EmptyEnvelopeException.class : TruncatedEnvelopeException.class);
        }
    }

    @Property(tries = 1000)
    void vector_roundTripsAndRejectsAnyFlippedBit(Gen gen) {
        List<Float> components = gen.list(1, 1536, gen::anyFiniteFloat);
        int where = gen.between(0, Integer.MAX_VALUE);
        int bit = gen.between(0, 7);
        float[] vector = new float[components.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = components.get(i);
        }
        MessageId id = MessageId.of(SecureRandoms.bytes(16));
        try (DataKey key = DataKey.generate()) {
            byte[] sealed = VectorEnvelope.seal(vector, USER, id, MODEL, key);
            assertThat(VectorEnvelope.open(sealed, USER, id, MODEL, key)).containsExactly(vector);

            int index = where % sealed.length;
            sealed[index] ^= (byte) (1 << bit);
            Class<? extends EnvelopeException> expected = expectedForVectorFlip(index, sealed, vector.length);
            assertThatThrownBy(() -> VectorEnvelope.open(sealed, USER, id, MODEL, key))
                    .as("flipped bit %d of byte %d", bit, index)
                    .isExactlyInstanceOf(expected);
        }
    }

    /** The documented error for a flip at {@code index} (docs/FORMAT.md, "Sealed vector"). */
    static Class<? extends EnvelopeException> expectedForVectorFlip(int index, byte[] flipped, int dimension) {
        if (index == 0) return UnsupportedFormatVersionException.class;
        if (index >= 3) return AuthenticationFailedException.class; // nonce, ciphertext, tag
        int declared = ((flipped[1] & 0xff) << 8) | (flipped[2] & 0xff);
        if (declared == 0 || declared > VectorEnvelope.MAX_DIMENSION) return MalformedEnvelopeException.class;
        return declared > dimension ? TruncatedEnvelopeException.class : MalformedEnvelopeException.class;
    }

    @Property(tries = 1000)
    void wrappedKey_rejectsAnyFlippedBit(Gen gen) {
        int index = gen.between(0, WrappedKeys.LENGTH - 1);
        int bit = gen.between(0, 7);
        JobId job = JobId.random();
        try (DataKey key = DataKey.generate()) {
            byte[] wrapped = ResultKeys.wrapToUser(key, USER, job, USER_KEY.publicKey());
            wrapped[index] ^= (byte) (1 << bit);
            Class<? extends EnvelopeException> expected = index == 0
                    ? UnsupportedFormatVersionException.class
                    : index <= KeyId.LENGTH ? WrongKeyException.class : AuthenticationFailedException.class;
            assertThatThrownBy(() -> ResultKeys.unwrap(wrapped, USER, job, USER_KEY))
                    .isExactlyInstanceOf(expected);
        }
    }

    @Property(tries = 500)
    void job_rejectsAnyAlteredCharacterOfItsDocument(Gen gen) {
        int where = gen.between(0, Integer.MAX_VALUE);
        int xor = gen.between(1, 127);
        JobId job = JobId.random();
        BatchId batch = BatchId.random();
        try (DataKey batchKey = DataKey.generate()) {
            String json = JobEnvelope.create(
                            job, USER, batch, 3, MODEL, WORKER.current().publicKey(), USER_KEY.publicKey(), batchKey)
                    .toJson();
            int index = where % json.length();
            char altered = (char) (json.charAt(index) ^ xor);
            String tampered = json.substring(0, index) + altered + json.substring(index + 1);
            JobDocument document;
            try {
                document = JobDocument.parse(tampered);
            } catch (EnvelopeException rejected) {
                return; // the documented outcome for most edits; any other exception type fails the property
            }
            // An edit that still parses must fail to unwrap, unless it changed nothing that is bound (for
            // example the case of a letter in "version"'s neighbourhood that JSON ignores), and then it opens
            // to the very same key and ids.
            try (DataKey unwrapped = JobEnvelope.unwrapBatchKey(document, WORKER)) {
                assertThat(unwrapped.copyBytes()).isEqualTo(batchKey.copyBytes());
                assertThat(document.jobId()).isEqualTo(job);
                assertThat(document.userId()).isEqualTo(USER);
                assertThat(document.model()).isEqualTo(MODEL);
                assertThat(document.userPublicKey()).isEqualTo(USER_KEY.publicKey());
                assertThat(document.objectKey()).isEqualTo(new BatchObjectKey(USER, batch).key());
            } catch (EnvelopeException rejected) {
                // rejected at unwrap: also documented
            }
        }
    }

    @Property(tries = 200)
    void messageIds_dependOnEveryField(Gen gen) {
        String chat = text(gen);
        String sender = text(gen);
        String text = text(gen);
        LocalDateTime time = LocalDateTime.parse("2023-12-31T23:59:00");
        MessageId id = Messages.ID_KEY.idFor(chat, time, sender, text, 0);
        assertThat(Messages.ID_KEY.idFor(chat, time, sender, text, 0)).isEqualTo(id);
        assertThat(Messages.ID_KEY.idFor(chat + "x", time, sender, text, 0)).isNotEqualTo(id);
        assertThat(Messages.ID_KEY.idFor(chat, time.plusMinutes(1), sender, text, 0))
                .isNotEqualTo(id);
        assertThat(Messages.ID_KEY.idFor(chat, time, sender + "x", text, 0)).isNotEqualTo(id);
        assertThat(Messages.ID_KEY.idFor(chat, time, sender, text + "x", 0)).isNotEqualTo(id);
        assertThat(Messages.ID_KEY.idFor(chat, time, sender, text, 1)).isNotEqualTo(id);
    }
}
