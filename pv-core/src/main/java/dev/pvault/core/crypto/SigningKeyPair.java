package dev.pvault.core.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * A worker's Ed25519 signing key (Tink): the 32-byte private seed and its {@link SigningPublicKey}. It
 * signs each job's result record (docs/FORMAT.md, "Result record"), so that a client can tell the worker's
 * results from ones made with nothing but the user's public key.
 *
 * <p>Ed25519 because its signatures are deterministic (no per-signature randomness to get wrong), small
 * (64 bytes), and in every platform library a client would use: CryptoKit's {@code Curve25519.Signing},
 * WebCrypto's {@code Ed25519}, BouncyCastle. {@link #close()} zeroes this object's copy of the seed (best
 * effort: Tink keeps its own until collected).
 */
public final class SigningKeyPair implements AutoCloseable {
    public static final int PRIVATE_KEY_LENGTH = 32;

    private final SigningPublicKey publicKey;
    private final byte[] seed;
    private volatile PublicKeySign signer;

    private SigningKeyPair(SigningPublicKey publicKey, byte[] seed) {
        this.publicKey = publicKey;
        this.seed = seed;
    }

    /** A fresh key from the CSPRNG. Never call this during Lambda init (SnapStart would clone it). */
    public static SigningKeyPair generate() {
        byte[] seed = SecureRandoms.bytes(PRIVATE_KEY_LENGTH);
        try {
            return new SigningKeyPair(SigningPublicKey.of(publicFromSeed(seed)), seed);
        } catch (GeneralSecurityException e) {
            throw new InternalException("Ed25519 rejected a fresh seed", e);
        }
    }

    /** Rebuilds a key from its stored seed; checks that the seed yields {@code expectedPublic}. */
    public static SigningKeyPair of(byte[] seed, SigningPublicKey expectedPublic) {
        if (seed == null || seed.length != PRIVATE_KEY_LENGTH) {
            throw new MalformedEnvelopeException("an Ed25519 private key is " + PRIVATE_KEY_LENGTH + " bytes, got "
                    + (seed == null ? "none" : seed.length));
        }
        byte[] derived;
        try {
            derived = publicFromSeed(seed);
        } catch (GeneralSecurityException e) {
            throw new MalformedEnvelopeException(
                    "not a valid Ed25519 private key for key id " + expectedPublic.keyId());
        }
        if (!java.security.MessageDigest.isEqual(derived, expectedPublic.bytes())) {
            throw new MalformedEnvelopeException("signing key does not belong to public key id "
                    + expectedPublic.keyId() + " (it belongs to " + KeyId.ofPublicKey(derived) + ")");
        }
        return new SigningKeyPair(expectedPublic, seed.clone());
    }

    private static byte[] publicFromSeed(byte[] seed) throws GeneralSecurityException {
        return Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
    }

    public SigningPublicKey publicKey() {
        return publicKey;
    }

    public KeyId keyId() {
        return publicKey.keyId();
    }

    /** A copy of the private seed, for the keyring document. The caller zeroes it. */
    public byte[] exportPrivateKey() {
        return seed.clone();
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    byte[] sign(byte[] message) {
        try {
            return signer().sign(message);
        } catch (GeneralSecurityException e) {
            throw new InternalException("Ed25519 signing with key id " + keyId() + " failed", e);
        }
    }

    private PublicKeySign signer() throws GeneralSecurityException {
        PublicKeySign current = signer;
        if (current == null) {
            Ed25519PublicKey tinkPublic = Ed25519PublicKey.create(Bytes.copyFrom(publicKey.bytes()));
            current = Ed25519Sign.create(
                    Ed25519PrivateKey.create(tinkPublic, SecretBytes.copyFrom(seed, InsecureSecretKeyAccess.get())));
            signer = current;
        }
        return current;
    }

    @Override
    public void close() {
        Arrays.fill(seed, (byte) 0);
        signer = null;
    }

    @Override
    public String toString() {
        return "SigningKeyPair[keyId=" + keyId() + ", private key redacted]";
    }
}
