package dev.pvault.core.crypto;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.subtle.X25519;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * An HPKE key pair: the private X25519 scalar (32 bytes) and its {@link RecipientPublicKey}.
 *
 * <p>{@link #close()} zeroes this object's copy of the private key. That is best effort on a JVM: Tink
 * and the JCE keep copies of their own that only the garbage collector reclaims.
 */
public final class RecipientKeyPair implements AutoCloseable {
    public static final int PRIVATE_KEY_LENGTH = 32;

    private final RecipientPublicKey publicKey;
    private final byte[] privateKey;
    private volatile HybridDecrypt decrypter;

    private RecipientKeyPair(RecipientPublicKey publicKey, byte[] privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** A fresh key pair from the CSPRNG. Never call this during Lambda init (SnapStart would clone it). */
    public static RecipientKeyPair generate() {
        byte[] privateKey = X25519.generatePrivateKey();
        try {
            return new RecipientKeyPair(RecipientPublicKey.of(X25519.publicFromPrivate(privateKey)), privateKey);
        } catch (InvalidKeyException e) {
            throw new InternalException("X25519 rejected a freshly generated private key", e);
        }
    }

    /**
     * Rebuilds a key pair from stored bytes; checks that the private key yields {@code expectedPublic} (a
     * mismatch means the store is corrupt or mixed up, and sealing to that public key would be lost).
     */
    public static RecipientKeyPair of(byte[] privateKey, RecipientPublicKey expectedPublic) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new MalformedEnvelopeException("an X25519 private key is " + PRIVATE_KEY_LENGTH + " bytes, got "
                    + (privateKey == null ? "none" : privateKey.length));
        }
        byte[] derived;
        try {
            derived = X25519.publicFromPrivate(privateKey);
        } catch (InvalidKeyException e) {
            throw new MalformedEnvelopeException("not a valid X25519 private key for key id " + expectedPublic.keyId());
        }
        if (!MessageDigest.isEqual(derived, expectedPublic.bytes())) {
            throw new MalformedEnvelopeException(
                    "private key does not belong to public key id " + expectedPublic.keyId() + " (it belongs to "
                            + RecipientPublicKey.of(derived).keyId() + ")");
        }
        return new RecipientKeyPair(expectedPublic, privateKey.clone());
    }

    public RecipientPublicKey publicKey() {
        return publicKey;
    }

    public KeyId keyId() {
        return publicKey.keyId();
    }

    /** A copy of the private scalar, for sealing into a key file or a secret. The caller zeroes it. */
    public byte[] exportPrivateKey() {
        return privateKey.clone();
    }

    HybridDecrypt decrypter() throws GeneralSecurityException {
        HybridDecrypt current = decrypter;
        if (current == null) {
            current = Hpke.decrypter(this.privateKey, publicKey);
            decrypter = current;
        }
        return current;
    }

    @Override
    public void close() {
        Arrays.fill(privateKey, (byte) 0);
        decrypter = null;
    }

    @Override
    public String toString() {
        return "RecipientKeyPair[keyId=" + keyId() + ", private key redacted]";
    }
}
