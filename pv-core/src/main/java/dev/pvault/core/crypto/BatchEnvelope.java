package dev.pvault.core.crypto;

import dev.pvault.core.UserException;
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
 * Seals and opens a batch of messages (docs/FORMAT.md, "Sealed batch"). Format v2, which is written:
 *
 * <pre>
 * "PVB" | version u8 = 2 | user id (16) | batch id (16) | message count u32 | wrapped-key length u16
 *       | batch key wrapped to the user (89) | body length u32 | nonce (12) | AES-256-GCM ciphertext | tag (16)
 *       | origin tag (32) = HMAC-SHA256(origin key, label || every byte before it)
 * </pre>
 *
 * The body's associated data is the whole header, from the magic to the body length, so no header byte can
 * change unnoticed; the body length makes a cut anywhere a truncation, not a failed tag. The origin tag is
 * made with the user's {@link OriginKey}, which nobody else holds: a batch made with the user's public key
 * alone (which HPKE base mode lets anyone do) fails it. The plaintext is {@code u32 JSON length || JSON ||
 * zeros}, padded so that the whole object is a power of two of at least {@value #MIN_ENVELOPE_BYTES} bytes.
 *
 * <p>Format v1 (no origin tag, no padding) still opens, for vaults written before v2. The owner opens with
 * its {@link UserKeys}; a worker opens with the batch key its job carries and cannot check the origin tag
 * (it has no reason to: see {@link OriginKey}).
 */
public final class BatchEnvelope {
    /** The version this build writes. */
    public static final int VERSION = 2;

    static final int VERSION_1 = 1;
    static final byte[] MAGIC = "PVB".getBytes(StandardCharsets.US_ASCII);
    static final String ORIGIN_LABEL = "pvault/v2/batch-origin";
    /** A guard against absurd allocations from a hostile header, far above any real batch. */
    public static final int MAX_MESSAGES = 1_000_000;
    /**
     * Sizes are padded to powers of two from here: a batch of a few messages looks like one of a hundred.
     * 16 KiB holds about 100 typical chat messages; it costs at most 16 KiB per batch in the blob store.
     */
    public static final int MIN_ENVELOPE_BYTES = 16 * 1024;
    /** The largest padded batch, the worker's default download limit (JobProcessor.Settings). */
    public static final int MAX_ENVELOPE_BYTES = 64 << 20;

    static final int HEADER_LENGTH = 3 + 1 + 16 + 16 + 4 + 2 + WrappedKeys.LENGTH + 4;
    static final int LENGTH_PREFIX = 4;
    /** Header, nonce, tag and origin tag around the padded plaintext of a v2 batch. */
    static final int V2_OVERHEAD = HEADER_LENGTH + DataKey.NONCE_LENGTH + DataKey.TAG_LENGTH + OriginKey.TAG_LENGTH;

    private BatchEnvelope() {}

    /**
     * Seals {@code messages} as format v2: a fresh batch key wrapped to the owner's public key, the body
     * padded, the whole envelope tagged with the owner's origin key. The messages may come from any number
     * of chats (each carries its own); putting several chats in one batch hides each chat's size.
     */
    public static SealedBatch seal(UserKeys owner, BatchId batch, List<ChatMessage> messages) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(batch, "batch");
        byte[] json = BatchBodyCodec.encode(messages);
        byte[] plaintext = null;
        DataKey batchKey = DataKey.generate();
        try {
            int envelopeLength = paddedLength(V2_OVERHEAD + LENGTH_PREFIX + (long) json.length, messages.size());
            plaintext = new byte[envelopeLength - V2_OVERHEAD];
            ByteBuffer.wrap(plaintext).putInt(json.length).put(json); // the rest stays zero: the padding
            byte[] header =
                    header(VERSION, owner.userId(), batch, messages.size(), batchKey, owner.publicKey(), plaintext);
            byte[] sealedBody = batchKey.seal(plaintext, header);
            byte[] unsigned = concat(header, sealedBody);
            byte[] envelope = concat(unsigned, owner.originKey().tag(originInput(unsigned)));
            return new SealedBatch(
                    new BatchHeader(VERSION, owner.userId(), batch, messages.size(), header.length),
                    envelope,
                    batchKey);
        } catch (RuntimeException e) {
            batchKey.close();
            throw e;
        } finally {
            Arrays.fill(json, (byte) 0);
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /**
     * Seals {@code messages} as format v1, which carries no proof of origin: anyone with the user's public
     * key can make one. Kept only while the client moves to {@link #seal(UserKeys, BatchId, List)}.
     */
    @Deprecated(forRemoval = true)
    public static SealedBatch seal(UserId user, BatchId batch, List<ChatMessage> messages, RecipientPublicKey userKey) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(batch, "batch");
        DataKey batchKey = DataKey.generate();
        byte[] body = BatchBodyCodec.encode(messages);
        try {
            byte[] header = header(VERSION_1, user, batch, messages.size(), batchKey, userKey, body);
            byte[] envelope = concat(header, batchKey.seal(body, header));
            return new SealedBatch(
                    new BatchHeader(VERSION_1, user, batch, messages.size(), header.length), envelope, batchKey);
        } catch (RuntimeException e) {
            batchKey.close();
            throw e;
        } finally {
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The length of a v2 envelope whose unpadded form is {@code minimal} bytes: the next power of two. */
    static int paddedLength(long minimal, int messageCount) {
        if (minimal > MAX_ENVELOPE_BYTES) {
            throw new UserException("a batch of " + messageCount + " messages needs " + minimal
                    + " bytes sealed, more than the " + MAX_ENVELOPE_BYTES + " a worker reads: split it");
        }
        long length = MIN_ENVELOPE_BYTES;
        while (length < minimal) {
            length <<= 1;
        }
        return (int) length;
    }

    private static byte[] header(
            int version,
            UserId user,
            BatchId batch,
            int count,
            DataKey batchKey,
            RecipientPublicKey userKey,
            byte[] plaintext) {
        byte[] wrapped = WrappedKeys.wrap(batchKey, userKey, WrapContexts.batchKeyToUser(user, batch));
        ByteArrayOutputStream header = new ByteArrayOutputStream(HEADER_LENGTH);
        header.writeBytes(MAGIC);
        header.write(version);
        header.writeBytes(user.bytes());
        header.writeBytes(batch.bytes());
        header.writeBytes(ByteBuffer.allocate(4).putInt(count).array());
        header.writeBytes(
                ByteBuffer.allocate(2).putShort((short) wrapped.length).array());
        header.writeBytes(wrapped);
        int bodyLength = DataKey.NONCE_LENGTH + plaintext.length + DataKey.TAG_LENGTH;
        header.writeBytes(ByteBuffer.allocate(4).putInt(bodyLength).array());
        return header.toByteArray();
    }

    /** {@code label("pvault/v2/batch-origin") || every envelope byte before the origin tag}. */
    static byte[] originInput(byte[] unsigned) {
        return WrapContexts.label(ORIGIN_LABEL).put(unsigned).bytes();
    }

    /** Reads and checks the clear header; nothing is decrypted or verified. */
    public static BatchHeader readHeader(byte[] envelope) {
        return parse(envelope).header();
    }

    /**
     * The owner's way in: checks the origin tag (v2), unwraps the batch key with the user key, opens the
     * body. A v1 batch opens only under {@link OriginPolicy#ACCEPT_UNPROVEN_V1}, else {@link
     * UnverifiedOriginException}. {@link OriginVerifier#openBatch} gives the same as an outcome.
     */
    public static List<ChatMessage> open(
            byte[] envelope, UserKeys owner, UserId expectedUser, BatchId expectedBatch, OriginPolicy policy) {
        Parsed parsed = parse(envelope);
        checkIds(parsed.header(), expectedUser, expectedBatch);
        String what = describe(parsed.header());
        if (parsed.header().version() == VERSION_1) {
            if (policy != OriginPolicy.ACCEPT_UNPROVEN_V1) {
                throw new UnverifiedOriginException(what + ": format v1 carries no proof of origin");
            }
        } else {
            int tagAt = envelope.length - OriginKey.TAG_LENGTH;
            byte[] tag = Arrays.copyOfRange(envelope, tagAt, envelope.length);
            if (!owner.originKey().verifies(originInput(Arrays.copyOf(envelope, tagAt)), tag)) {
                throw new AuthenticationFailedException(
                        what + ": origin tag did not verify (not sealed by this" + " user's key, or altered)");
            }
        }
        return unwrapAndOpen(envelope, parsed, owner.keyPair(), what);
    }

    /** The format-v1 owner's way in; refuses v2, whose origin this call cannot check. */
    @Deprecated(forRemoval = true)
    public static List<ChatMessage> open(
            byte[] envelope, RecipientKeyPair userKey, UserId expectedUser, BatchId expectedBatch) {
        Parsed parsed = parse(envelope);
        checkIds(parsed.header(), expectedUser, expectedBatch);
        String what = describe(parsed.header());
        if (parsed.header().version() != VERSION_1) {
            throw new UnsupportedFormatVersionException(
                    what + ": open format v2 with the user's keys (its origin tag needs the origin key)");
        }
        return unwrapAndOpen(envelope, parsed, userKey, what);
    }

    private static List<ChatMessage> unwrapAndOpen(byte[] envelope, Parsed parsed, RecipientKeyPair key, String what) {
        byte[] context = WrapContexts.batchKeyToUser(
                parsed.header().userId(), parsed.header().batchId());
        try (DataKey batchKey = WrappedKeys.unwrap(parsed.wrappedKey(), List.of(key), context, what)) {
            return openBody(envelope, parsed, batchKey);
        }
    }

    /**
     * The worker's way in (v1 or v2): the batch key came from the job, unwrapped with the worker key. The
     * origin tag is not checked here (only the user holds its key).
     */
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
        byte[] sealedBody = Arrays.copyOfRange(envelope, header.headerLength(), parsed.bodyEnd());
        byte[] plaintext;
        try {
            plaintext = batchKey.open(sealedBody, aad);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(what + ": body of " + sealedBody.length
                    + " bytes did not authenticate (altered header or body, or another batch's key)");
        }
        byte[] json = plaintext;
        try {
            if (header.version() != VERSION_1) {
                json = unpad(plaintext, what);
            }
            List<ChatMessage> messages = BatchBodyCodec.decode(json, what);
            if (messages.size() != header.messageCount()) {
                throw new MalformedEnvelopeException(
                        what + ": header says " + header.messageCount() + " messages, body holds " + messages.size());
            }
            return messages;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
            Arrays.fill(json, (byte) 0);
        }
    }

    /** {@code u32 length || JSON || zeros} to the JSON; anything else is malformed. */
    private static byte[] unpad(byte[] plaintext, String what) {
        if (plaintext.length < LENGTH_PREFIX) {
            throw new MalformedEnvelopeException(what + ": body of " + plaintext.length + " bytes has no length");
        }
        long length = ByteBuffer.wrap(plaintext).getInt() & 0xffffffffL;
        if (length > plaintext.length - LENGTH_PREFIX) {
            throw new MalformedEnvelopeException(
                    what + ": body declares " + length + " bytes of JSON in " + (plaintext.length - LENGTH_PREFIX));
        }
        int end = LENGTH_PREFIX + (int) length;
        for (int i = end; i < plaintext.length; i++) {
            if (plaintext[i] != 0) {
                throw new MalformedEnvelopeException(what + ": padding byte " + (i - end) + " is not zero");
            }
        }
        return Arrays.copyOfRange(plaintext, LENGTH_PREFIX, end);
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

    /** The parsed header, the wrapped key, and where the GCM body ends (v2: before the origin tag). */
    private record Parsed(BatchHeader header, byte[] wrappedKey, int bodyEnd) {}

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
        if (version != VERSION && version != VERSION_1) {
            throw new UnsupportedFormatVersionException(
                    "sealed batch has format version " + version + ", this build reads versions 1 and 2");
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
                    + " bytes, format v" + version + " has " + WrappedKeys.LENGTH);
        }
        byte[] wrapped = reader.take(wrappedLength, "wrapped batch key");
        long bodyLength = reader.u32("body length");
        if (bodyLength < DataKey.NONCE_LENGTH + DataKey.TAG_LENGTH) {
            throw new MalformedEnvelopeException(
                    what + ": body length " + bodyLength + " is shorter than nonce and tag");
        }
        long trailer = version == VERSION_1 ? 0 : OriginKey.TAG_LENGTH;
        long present = reader.remaining() - trailer;
        if (bodyLength > present) {
            throw new TruncatedEnvelopeException(what + ": body is declared " + bodyLength + " bytes"
                    + (trailer > 0 ? " before a " + trailer + "-byte origin tag, " : ", ") + reader.remaining()
                    + " are present");
        }
        if (bodyLength < present) {
            throw new MalformedEnvelopeException(what + ": " + (present - bodyLength)
                    + " bytes follow the declared body of " + bodyLength + " bytes"
                    + (trailer > 0 ? " and its origin tag" : ""));
        }
        BatchHeader header = new BatchHeader(version, user, batch, (int) count, reader.position());
        return new Parsed(header, wrapped, reader.position() + (int) bodyLength);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String describe(BatchHeader header) {
        return "batch " + header.batchId() + " of user " + header.userId() + " (format v" + header.version() + ")";
    }
}
