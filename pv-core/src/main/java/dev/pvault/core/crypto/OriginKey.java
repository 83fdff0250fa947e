package dev.pvault.core.crypto;

import com.google.crypto.tink.subtle.Hkdf;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/*
 * Why a symmetric key proves the origin of a batch.
 *
 * HPKE base mode authenticates nothing about the sender: anyone holding the user's public key (every job
 * document carries it) can wrap a batch key to the user and seal a batch that opens. What tells the user's
 * own batches apart is a secret only the user holds. The user is both the only writer and the only reader
 * of its batches (the worker never needs to check where a batch came from: it is trusted for the job it
 * runs, and a forged job only ever yields results the client rejects), so nobody else has to verify the
 * proof and a MAC is enough; a signature would add a key pair to the key file and prove the same thing to
 * an audience that does not exist. The key is derived, not stored, so every existing key file has one:
 *
 *   origin key = HKDF-SHA256(ikm = message-id key, salt = "", info = "pvault/v2/origin-key", 32 bytes)
 *
 * The message-id key is used as a MAC key elsewhere (message ids) and here only as HKDF input keying
 * material, whose extract step keys HMAC with zeros: the two uses share no HMAC key.
 */
/**
 * The user's origin key (docs/FORMAT.md, "Origin key"): HMAC-SHA256 tags that only the user can make, on
 * its sealed batches and on the job documents it sends. Derived from the message-id key on unlock.
 */
public final class OriginKey implements AutoCloseable {
    public static final int LENGTH = 32;
    public static final int TAG_LENGTH = 32;
    static final String INFO = "pvault/v2/origin-key";

    private final byte[] key;
    private final Mac mac;

    private OriginKey(byte[] key) {
        this.key = key;
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new InternalException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static OriginKey derive(MessageIdKey messageIdKey) {
        byte[] ikm = messageIdKey.exportBytes();
        try {
            return new OriginKey(Hkdf.computeHkdf(
                    "HMACSHA256", ikm, new byte[0], INFO.getBytes(java.nio.charset.StandardCharsets.US_ASCII), LENGTH));
        } catch (GeneralSecurityException e) {
            throw new InternalException("HKDF-SHA256 is not available in this JVM", e);
        } finally {
            Arrays.fill(ikm, (byte) 0);
        }
    }

    /** HMAC-SHA256 of {@code message} (32 bytes). Callers start the message with a label of their own. */
    synchronized byte[] tag(byte[] message) {
        return mac.doFinal(message);
    }

    /** Whether {@code tag} is this key's tag of {@code message}, compared in constant time. */
    boolean verifies(byte[] message, byte[] tag) {
        return MessageDigest.isEqual(tag(message), tag);
    }

    /** For the test vectors only. */
    byte[] exportBytes() {
        return key.clone();
    }

    @Override
    public synchronized void close() {
        Arrays.fill(key, (byte) 0);
        mac.reset();
    }

    @Override
    public String toString() {
        return "OriginKey[redacted]";
    }
}
