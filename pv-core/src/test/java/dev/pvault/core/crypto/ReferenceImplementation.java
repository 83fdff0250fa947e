package dev.pvault.core.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A second implementation of docs/FORMAT.md, written from that page and sharing no code with the
 * production classes: BouncyCastle's RFC 9180 HPKE instead of Tink's, the JCE's AES-GCM, byte layouts
 * built by hand. It draws ephemeral keys and nonces from seeds, so the test vectors it writes are
 * reproducible byte for byte; the production code must open them, and it must open what production seals.
 *
 * <p>This is what an iOS or web client does with CryptoKit or hpke-js.
 */
final class ReferenceImplementation {
    static final HPKE HPKE_SUITE =
            new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);

    private ReferenceImplementation() {}

    // ---- keys ------------------------------------------------------------------------------------------

    record KeyPair(byte[] privateKey, byte[] publicKey) {
        byte[] keyId() {
            return Arrays.copyOf(sha256(publicKey), 8);
        }

        AsymmetricCipherKeyPair bc() {
            return HPKE_SUITE.deserializePrivateKey(privateKey, publicKey);
        }
    }

    /** RFC 9180 DeriveKeyPair: the same seed gives the same X25519 key pair in any implementation. */
    static KeyPair deriveKeyPair(String seed) {
        AsymmetricCipherKeyPair pair = HPKE_SUITE.deriveKeyPair(seed.getBytes(StandardCharsets.UTF_8));
        return new KeyPair(
                HPKE_SUITE.serializePrivateKey(pair.getPrivate()), HPKE_SUITE.serializePublicKey(pair.getPublic()));
    }

    static byte[] seededBytes(String seed, int length) {
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int offset = 0, counter = 0; offset < length; offset += block.length, counter++) {
            block = sha256((seed + "#" + counter).getBytes(StandardCharsets.UTF_8));
            System.arraycopy(block, 0, out, offset, Math.min(block.length, length - offset));
        }
        return out;
    }

    // ---- wrapped key -----------------------------------------------------------------------------------

    /** version 0x01 || recipient key id (8) || enc (32) || ct (32) || tag (16). */
    static byte[] wrapKey(byte[] dataKey, KeyPair recipient, byte[] info, String ephemeralSeed) {
        try {
            // SetupBaseS with a seeded ephemeral key pair (RFC 9180 section 5.1.1), then a single Seal: the
            // same as the one-shot SealBase, but reproducible.
            AsymmetricCipherKeyPair ephemeral =
                    HPKE_SUITE.deriveKeyPair(ephemeralSeed.getBytes(StandardCharsets.UTF_8));
            HPKEContextWithEncapsulation context =
                    HPKE_SUITE.setupBaseS(recipient.bc().getPublic(), info, ephemeral);
            byte[] sealed = context.seal(new byte[0], dataKey);
            return concat(new byte[] {1}, recipient.keyId(), context.getEncapsulation(), sealed);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] unwrapKey(byte[] wrapped, KeyPair recipient, byte[] info) throws InvalidCipherTextException {
        if (wrapped.length != 89 || wrapped[0] != 1) {
            throw new IllegalArgumentException("not a v1 wrapped key");
        }
        if (!Arrays.equals(Arrays.copyOfRange(wrapped, 1, 9), recipient.keyId())) {
            throw new IllegalArgumentException("wrapped to another key id");
        }
        byte[] enc = Arrays.copyOfRange(wrapped, 9, 41);
        byte[] ct = Arrays.copyOfRange(wrapped, 41, 89);
        return HPKE_SUITE.open(enc, recipient.bc(), info, new byte[0], ct, null, null, null);
    }

    // ---- contexts ----------------------------------------------------------------------------------------

    static byte[] label(String label) {
        return concat(label.getBytes(StandardCharsets.US_ASCII), new byte[] {0});
    }

    static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    static byte[] u16String(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return concat(ByteBuffer.allocate(2).putShort((short) utf8.length).array(), utf8);
    }

    static byte[] batchKeyToUserInfo(UUID user, UUID batch) {
        return concat(label("pvault/v1/batch-key/user"), uuid(user), uuid(batch));
    }

    static byte[] batchKeyToWorkerInfo(UUID job, UUID user, String objectKey, String model, byte[] userPublicKey) {
        return concat(
                label("pvault/v1/batch-key/worker"),
                uuid(job),
                uuid(user),
                u16String(objectKey),
                u16String(model),
                sha256(userPublicKey));
    }

    static byte[] resultKeyToUserInfo(UUID user, UUID job) {
        return concat(label("pvault/v1/result-key/user"), uuid(user), uuid(job));
    }

    static byte[] vectorAad(int dimension, UUID user, byte[] messageId, String model) {
        return concat(
                label("pvault/v1/vector"),
                new byte[] {1, (byte) (dimension >>> 8), (byte) dimension},
                uuid(user),
                messageId,
                u16String(model));
    }

    // ---- AES-GCM -------------------------------------------------------------------------------------

    static byte[] gcmSeal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad);
            return concat(nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] gcmOpen(byte[] key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, Arrays.copyOf(sealed, 12)));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, 12, sealed.length - 12);
    }

    // ---- envelopes -------------------------------------------------------------------------------------

    /** "PVB" 01 | user | batch | count u32 | 00 59 | wrapped key | body length u32 | nonce | ct | tag. */
    static byte[] sealBatch(
            UUID user, UUID batch, int count, byte[] bodyJson, byte[] batchKey, byte[] wrappedToUser, byte[] nonce) {
        byte[] header = concat(
                "PVB".getBytes(StandardCharsets.US_ASCII),
                new byte[] {1},
                uuid(user),
                uuid(batch),
                ByteBuffer.allocate(4).putInt(count).array(),
                ByteBuffer.allocate(2).putShort((short) wrappedToUser.length).array(),
                wrappedToUser,
                ByteBuffer.allocate(4).putInt(12 + bodyJson.length + 16).array());
        return concat(header, gcmSeal(batchKey, nonce, bodyJson, header));
    }

    /** Opens a batch with the user's key pair; returns the body JSON. */
    static byte[] openBatch(byte[] envelope, KeyPair userKey)
            throws GeneralSecurityException, InvalidCipherTextException {
        ByteBuffer in = ByteBuffer.wrap(envelope);
        byte[] magic = new byte[3];
        in.get(magic);
        if (!Arrays.equals(magic, "PVB".getBytes(StandardCharsets.US_ASCII)) || in.get() != 1) {
            throw new IllegalArgumentException("not a v1 batch");
        }
        UUID user = new UUID(in.getLong(), in.getLong());
        UUID batch = new UUID(in.getLong(), in.getLong());
        in.getInt();
        byte[] wrapped = new byte[in.getShort()];
        in.get(wrapped);
        int bodyLength = in.getInt();
        if (bodyLength != in.remaining()) {
            throw new IllegalArgumentException("body length mismatch");
        }
        byte[] header = Arrays.copyOf(envelope, in.position());
        byte[] key = unwrapKey(wrapped, userKey, batchKeyToUserInfo(user, batch));
        return gcmOpen(key, Arrays.copyOfRange(envelope, in.position(), envelope.length), header);
    }

    static byte[] sealVector(
            float[] vector, byte[] resultKey, byte[] nonce, UUID user, byte[] messageId, String model) {
        ByteBuffer plain = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float component : vector) {
            plain.putFloat(component);
        }
        byte[] header = {1, (byte) (vector.length >>> 8), (byte) vector.length};
        return concat(
                header, gcmSeal(resultKey, nonce, plain.array(), vectorAad(vector.length, user, messageId, model)));
    }

    static float[] openVector(byte[] sealed, byte[] resultKey, UUID user, byte[] messageId, String model)
            throws GeneralSecurityException {
        int dimension = ((sealed[1] & 0xff) << 8) | (sealed[2] & 0xff);
        byte[] plain = gcmOpen(
                resultKey, Arrays.copyOfRange(sealed, 3, sealed.length), vectorAad(dimension, user, messageId, model));
        float[] vector = new float[dimension];
        ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** HMAC-SHA256(key, label || 00 || u32-prefixed chat, time, sender, text || u32 position)[0..16). */
    static byte[] messageId(byte[] key, String chat, String time, String sender, String text, int position) {
        byte[] input = concat(
                label("pvault/v1/message-id"),
                u32String(chat),
                u32String(time),
                u32String(sender),
                u32String(text),
                ByteBuffer.allocate(4).putInt(position).array());
        return Arrays.copyOf(hmac(key, input), 16);
    }

    private static byte[] u32String(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return concat(ByteBuffer.allocate(4).putInt(utf8.length).array(), utf8);
    }

    // ---- format v2 -------------------------------------------------------------------------------------

    /** HKDF-SHA256(ikm = message-id key, salt = "", info = "pvault/v2/origin-key", 32 bytes), with BouncyCastle. */
    static byte[] originKey(byte[] messageIdKey) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(
                messageIdKey, new byte[0], "pvault/v2/origin-key".getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The smallest power of two of at least 16 KiB that holds {@code minimal} bytes. */
    static int bucket(int minimal) {
        int length = 16 * 1024;
        while (length < minimal) {
            length <<= 1;
        }
        return length;
    }

    /**
     * "PVB" 02 | user | batch | count u32 | 00 59 | wrapped key | body length u32 | nonce | ct | tag | origin
     * tag, the plaintext being u32 JSON length | JSON | zeros, the whole a power of two of at least 16 KiB.
     */
    static byte[] sealBatchV2(
            UUID user,
            UUID batch,
            int count,
            byte[] bodyJson,
            byte[] batchKey,
            byte[] wrappedToUser,
            byte[] nonce,
            byte[] originKey) {
        int overhead = 135 + 12 + 16 + 32;
        int total = bucket(overhead + 4 + bodyJson.length);
        byte[] plaintext = new byte[total - overhead];
        ByteBuffer.wrap(plaintext).putInt(bodyJson.length).put(bodyJson);
        byte[] header = concat(
                "PVB".getBytes(StandardCharsets.US_ASCII),
                new byte[] {2},
                uuid(user),
                uuid(batch),
                ByteBuffer.allocate(4).putInt(count).array(),
                ByteBuffer.allocate(2).putShort((short) wrappedToUser.length).array(),
                wrappedToUser,
                ByteBuffer.allocate(4).putInt(12 + plaintext.length + 16).array());
        byte[] unsigned = concat(header, gcmSeal(batchKey, nonce, plaintext, header));
        return concat(unsigned, hmac(originKey, concat(label("pvault/v2/batch-origin"), unsigned)));
    }

    /** Checks the origin tag, opens a v2 batch with the user's key pair, strips the padding: the body JSON. */
    static byte[] openBatchV2(byte[] envelope, KeyPair userKey, byte[] originKey)
            throws GeneralSecurityException, InvalidCipherTextException {
        if (envelope.length < 135 + 28 + 32 || envelope[3] != 2) {
            throw new IllegalArgumentException("not a v2 batch");
        }
        byte[] unsigned = Arrays.copyOf(envelope, envelope.length - 32);
        byte[] tag = Arrays.copyOfRange(envelope, envelope.length - 32, envelope.length);
        if (!MessageDigest.isEqual(tag, hmac(originKey, concat(label("pvault/v2/batch-origin"), unsigned)))) {
            throw new IllegalArgumentException("origin tag does not verify");
        }
        ByteBuffer in = ByteBuffer.wrap(envelope);
        in.position(4);
        UUID user = new UUID(in.getLong(), in.getLong());
        UUID batch = new UUID(in.getLong(), in.getLong());
        in.getInt();
        byte[] wrapped = new byte[in.getShort()];
        in.get(wrapped);
        int bodyLength = in.getInt();
        if (bodyLength != unsigned.length - in.position()) {
            throw new IllegalArgumentException("body length mismatch");
        }
        byte[] header = Arrays.copyOf(envelope, in.position());
        byte[] key = unwrapKey(wrapped, userKey, batchKeyToUserInfo(user, batch));
        byte[] plaintext = gcmOpen(key, Arrays.copyOfRange(unsigned, in.position(), unsigned.length), header);
        int jsonLength = ByteBuffer.wrap(plaintext).getInt();
        for (int i = 4 + jsonLength; i < plaintext.length; i++) {
            if (plaintext[i] != 0) {
                throw new IllegalArgumentException("padding is not zero");
            }
        }
        return Arrays.copyOfRange(plaintext, 4, 4 + jsonLength);
    }

    /** HMAC-SHA256(origin key, label || job id || user id || str16(object key) || str16(model) || batch digest). */
    static byte[] jobTag(byte[] originKey, UUID job, UUID user, String objectKey, String model, byte[] batchDigest) {
        return hmac(
                originKey,
                concat(
                        label("pvault/v2/job-origin"),
                        uuid(job),
                        uuid(user),
                        u16String(objectKey),
                        u16String(model),
                        batchDigest));
    }

    /** What the worker signs: label || job || user || str16(object key) || str16(model) || D || tag || R || id. */
    static byte[] resultStatement(
            UUID job,
            UUID user,
            String objectKey,
            String model,
            byte[] batchDigest,
            byte[] jobTag,
            byte[] wrappedResultKey,
            byte[] signerKeyId) {
        return concat(
                label("pvault/v2/job-result"),
                uuid(job),
                uuid(user),
                u16String(objectKey),
                u16String(model),
                batchDigest,
                jobTag,
                wrappedResultKey,
                signerKeyId);
    }

    static byte[] ed25519Public(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    static byte[] ed25519Sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** 02 | wrapped result key (89) | batch digest (32) | signer key id (8) | signature (64). */
    static byte[] resultRecord(byte[] wrappedResultKey, byte[] batchDigest, byte[] signerKeyId, byte[] signature) {
        return concat(new byte[] {2}, wrappedResultKey, batchDigest, signerKeyId, signature);
    }

    // ---- bytes -------------------------------------------------------------------------------------------

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
