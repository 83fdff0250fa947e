package dev.pvault.core.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.subtle.AesGcmJce;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A 256-bit AES-GCM data key: one per sealed batch (the batch key) and one per job (the result key).
 *
 * <p>Sealing writes {@code nonce (12) || ciphertext || tag (16)}, with a fresh nonce from the CSPRNG for
 * every seal. {@link #close()} zeroes this object's copy of the key (best effort: the JCE cipher holds its
 * own until collected).
 */
public final class DataKey implements AutoCloseable {
    public static final int LENGTH = 32;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;

    private final byte[] key;
    private Aead aead;
    private boolean destroyed;

    private DataKey(byte[] key) {
        this.key = key;
    }

    public static DataKey generate() {
        return new DataKey(SecureRandoms.bytes(LENGTH));
    }

    /** Takes a copy of {@code key}; the caller may zero its own array afterwards. */
    static DataKey of(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new MalformedEnvelopeException(
                    "a data key is " + LENGTH + " bytes, got " + (key == null ? "none" : key.length));
        }
        return new DataKey(key.clone());
    }

    /** {@code nonce || ciphertext || tag} of {@code plaintext}, authenticated together with {@code aad}. */
    byte[] seal(byte[] plaintext, byte[] aad) {
        try {
            return aead().encrypt(plaintext, aad);
        } catch (GeneralSecurityException e) {
            throw new InternalException("AES-GCM seal failed", e);
        }
    }

    /**
     * Opens {@code nonce || ciphertext || tag}; throws {@link GeneralSecurityException} when the tag does not
     * verify, which callers turn into an {@link AuthenticationFailedException} that says what was opened.
     */
    byte[] open(byte[] sealed, byte[] aad) throws GeneralSecurityException {
        return aead().decrypt(sealed, aad);
    }

    byte[] copyBytes() {
        checkAlive();
        return key.clone();
    }

    private synchronized Aead aead() throws GeneralSecurityException {
        checkAlive();
        if (aead == null) {
            aead = new AesGcmJce(key);
        }
        return aead;
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("data key used after close()");
        }
    }

    @Override
    public synchronized void close() {
        Arrays.fill(key, (byte) 0);
        aead = null;
        destroyed = true;
    }

    @Override
    public String toString() {
        return "DataKey[redacted]";
    }
}
