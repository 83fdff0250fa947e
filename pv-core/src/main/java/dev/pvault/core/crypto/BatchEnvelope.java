package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.UserId;
import dev.pvault.core.model.Uuids;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Seals and opens a batch of messages (docs/FORMAT.md, "Sealed batch"):
 *
 * <pre>
 * "PVB" | version u8 = 1 | user id (16) | batch id (16) | message count u32 | wrapped-key length u16
 *       | batch key wrapped to the user (89) | body length u32 | nonce (12) | AES-256-GCM ciphertext | tag (16)
 * </pre>
 *
 * The associated data of the body is the whole header, from the magic to the body length, so no header
 * byte can change unnoticed; the body length makes a cut anywhere a truncation, not a failed tag. The owner opens with the user key; a worker opens with the batch
 * key its job carries.
 */
public final class BatchEnvelope {
    public static final int VERSION = 1;
    static final byte[] MAGIC = "PVB".getBytes(StandardCharsets.US_ASCII);
    /** A guard against absurd allocations from a hostile header, far above any real batch. */
    public static final int MAX_MESSAGES = 1_000_000;

    private BatchEnvelope() {}

    /** Seals {@code messages}, wrapping a fresh batch key to {@code userKey}. */
    public static SealedBatch seal(UserId user, BatchId batch, List<ChatMessage> messages, RecipientPublicKey userKey) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(batch, "batch");
        DataKey batchKey = DataKey.generate();
        byte[] body = BatchBodyCodec.encode(messages);
        try {
            byte[] wrapped = WrappedKeys.wrap(batchKey, userKey, WrapContexts.batchKeyToUser(user, batch));
            ByteArrayOutputStream header = new ByteArrayOutputStream(3 + 1 + 16 + 16 + 4 + 2 + wrapped.length);
            header.writeBytes(MAGIC);
            header.write(VERSION);
            header.writeBytes(user.bytes());
            header.writeBytes(batch.bytes());
            header.writeBytes(ByteBuffer.allocate(4).putInt(messages.size()).array());
            header.writeBytes(
                    ByteBuffer.allocate(2).putShort((short) wrapped.length).array());
            header.writeBytes(wrapped);
            int bodyLength = DataKey.NONCE_LENGTH + body.length + DataKey.TAG_LENGTH;
            header.writeBytes(ByteBuffer.allocate(4).putInt(bodyLength).array());
            byte[] headerBytes = header.toByteArray();
            byte[] sealedBody = batchKey.seal(body, headerBytes);
            byte[] envelope = Arrays.copyOf(headerBytes, headerBytes.length + sealedBody.length);
            System.arraycopy(sealedBody, 0, envelope, headerBytes.length, sealedBody.length);
            BatchHeader parsed = new BatchHeader(VERSION, user, batch, messages.size(), headerBytes.length);
            return new SealedBatch(parsed, envelope, batchKey);
        } catch (RuntimeException e) {
            batchKey.close();
            throw e;
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** Reads and checks the clear header; nothing is decrypted. */
    public static BatchHeader readHeader(byte[] envelope) {
        return parse(envelope).header();
    }

    /** The owner's way in: unwraps the batch key with the user key, then opens the body. */
    public static List<ChatMessage> open(
            byte[] envelope, RecipientKeyPair userKey, UserId expectedUser, BatchId expectedBatch) {
        Parsed parsed = parse(envelope);
        checkIds(parsed.header(), expectedUser, expectedBatch);
        String what = describe(parsed.header());
        byte[] context = WrapContexts.batchKeyToUser(
                parsed.header().userId(), parsed.header().batchId());
        try (DataKey batchKey = WrappedKeys.unwrap(parsed.wrappedKey(), List.of(userKey), context, what)) {
            return openBody(envelope, parsed, batchKey);
        }
    }

    /** The worker's way in: the batch key came from the job, unwrapped with the worker key. */
    public static List<ChatMessage> openWithBatchKey(
            byte[] envelope, DataKey batchKey, UserId expectedUser, BatchId expectedBatch) {
        Parsed parsed = parse(envelope);
        checkIds(parsed.header(), expectedUser, expectedBatch);
        return openBody(envelope, parsed, batchKey);
    }

    private static List<ChatMessage> openBody(byte[] envelope, Parsed parsed, DataKey batchKey) {
        BatchHeader header = parsed.header();
        String what = describe(header);
        byte[] aad = Arrays.copyOf(envelope, header.headerLength());
        byte[] sealedBody = Arrays.copyOfRange(envelope, header.headerLength(), envelope.length);
        byte[] body = null;
        try {
            body = batchKey.open(sealedBody, aad);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(what + ": body of " + sealedBody.length
                    + " bytes did not authenticate (altered header or body, or another batch's key)");
        }
        try {
            List<ChatMessage> messages = BatchBodyCodec.decode(body, what);
            if (messages.size() != header.messageCount()) {
                throw new MalformedEnvelopeException(
                        what + ": header says " + header.messageCount() + " messages, body holds " + messages.size());
            }
            return messages;
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    private static void checkIds(BatchHeader header, UserId expectedUser, BatchId expectedBatch) {
        if (!header.userId().equals(expectedUser)) {
            throw new ContextMismatchException(
                    describe(header) + ": belongs to user " + header.userId() + ", expected user " + expectedUser);
        }
        if (!header.batchId().equals(expectedBatch)) {
            throw new ContextMismatchException(
                    describe(header) + ": is batch " + header.batchId() + ", expected batch " + expectedBatch);
        }
    }

    private record Parsed(BatchHeader header, byte[] wrappedKey) {}

    private static Parsed parse(byte[] envelope) {
        if (envelope == null || envelope.length == 0) {
            throw new EmptyEnvelopeException("sealed batch is empty (0 bytes)");
        }
        EnvelopeReader reader = new EnvelopeReader(envelope, "sealed batch (" + envelope.length + " bytes)");
        if (!Arrays.equals(reader.take(MAGIC.length, "magic"), MAGIC)) {
            throw new MalformedEnvelopeException(
                    "not a sealed batch: the first bytes are not \"PVB\" (" + envelope.length + " bytes)");
        }
        int version = reader.u8("format version");
        if (version != VERSION) {
            throw new UnsupportedFormatVersionException(
                    "sealed batch has format version " + version + ", this build reads version " + VERSION);
        }
        UserId user = new UserId(Uuids.fromBytes(reader.take(16, "user id"), 0));
        BatchId batch = new BatchId(Uuids.fromBytes(reader.take(16, "batch id"), 0));
        long count = reader.u32("message count");
        String what =
                "batch " + batch + " of user " + user + " (format v" + version + ", " + envelope.length + " bytes)";
        if (count > MAX_MESSAGES) {
            throw new MalformedEnvelopeException(what + ": declares " + count + " messages, more than " + MAX_MESSAGES);
        }
        int wrappedLength = reader.u16("wrapped-key length");
        if (wrappedLength != WrappedKeys.LENGTH) {
            throw new MalformedEnvelopeException(what + ": wrapped key is declared " + wrappedLength
                    + " bytes, format v1 has " + WrappedKeys.LENGTH);
        }
        byte[] wrapped = reader.take(wrappedLength, "wrapped batch key");
        long bodyLength = reader.u32("body length");
        if (bodyLength < DataKey.NONCE_LENGTH + DataKey.TAG_LENGTH) {
            throw new MalformedEnvelopeException(
                    what + ": body length " + bodyLength + " is shorter than nonce and tag");
        }
        if (bodyLength > reader.remaining()) {
            throw new TruncatedEnvelopeException(
                    what + ": body is declared " + bodyLength + " bytes, " + reader.remaining() + " are present");
        }
        if (bodyLength < reader.remaining()) {
            throw new MalformedEnvelopeException(what + ": " + (reader.remaining() - bodyLength)
                    + " bytes follow the declared body of " + bodyLength + " bytes");
        }
        BatchHeader header = new BatchHeader(version, user, batch, (int) count, reader.position());
        return new Parsed(header, wrapped);
    }

    private static String describe(BatchHeader header) {
        return "batch " + header.batchId() + " of user " + header.userId() + " (format v" + header.version() + ")";
    }
}
