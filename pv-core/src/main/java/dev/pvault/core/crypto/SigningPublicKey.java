package dev.pvault.core.crypto;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.util.Bytes;
import dev.pvault.core.InternalException;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * A worker's Ed25519 public key (RFC 8032, pure Ed25519): 32 raw bytes and the {@link KeyId} derived from
 * them. Published beside the worker's HPKE key in {@link WorkerPublicKeys}; a client pins it and checks the
 * signature on every job result with it.
 */
public final class SigningPublicKey extends RawPublicKey {
    public static final int LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    private SigningPublicKey(byte[] raw) {
        super(raw);
    }

    public static SigningPublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new MalformedEnvelopeException(
                    "an Ed25519 public key is " + LENGTH + " bytes, got " + (raw == null ? "none" : raw.length));
        }
        return new SigningPublicKey(raw);
    }

    public static SigningPublicKey ofBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelopeException("a signing public key must be base64");
        }
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    boolean verifies(byte[] message, byte[] signature) {
        PublicKeyVerify verify;
        try {
            verify = Ed25519Verify.create(Ed25519PublicKey.create(Bytes.copyFrom(bytes())));
        } catch (GeneralSecurityException e) {
            throw new InternalException("Tink rejected Ed25519 public key " + keyId(), e);
        }
        try {
            verify.verify(signature, message);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
