package dev.pvault.core.crypto;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.util.Bytes;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A worker's Ed25519 public key (RFC 8032, pure Ed25519): 32 raw bytes and the {@link KeyId} derived from
 * them. Published beside the worker's HPKE key in {@link WorkerPublicKeys}; a client pins it and checks the
 * signature on every job result with it.
 */
public final class SigningPublicKey {
    public static final int LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private final byte[] raw;
    private final KeyId keyId;

    private SigningPublicKey(byte[] raw) {
        this.raw = raw;
        this.keyId = KeyId.ofPublicKey(raw);
    }

    public static SigningPublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new MalformedEnvelopeException(
                    "an Ed25519 public key is " + LENGTH + " bytes, got " + (raw == null ? "none" : raw.length));
        }
        return new SigningPublicKey(raw.clone());
    }

    public static SigningPublicKey ofBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("a signing public key must be base64");
        }
    }

    public KeyId keyId() {
        return keyId;
    }

    public byte[] bytes() {
        return raw.clone();
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(raw);
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    boolean verifies(byte[] message, byte[] signature) {
        PublicKeyVerify verify;
        try {
            verify = Ed25519Verify.create(Ed25519PublicKey.create(Bytes.copyFrom(raw)));
        } catch (GeneralSecurityException e) {
            throw new InternalException("Tink rejected Ed25519 public key " + keyId, e);
        }
        try {
            verify.verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningPublicKey that && Arrays.equals(raw, that.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "SigningPublicKey[keyId=" + keyId + "]";
    }
}
