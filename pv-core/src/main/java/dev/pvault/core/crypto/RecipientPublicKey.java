package dev.pvault.core.crypto;

import dev.pvault.core.UserException;
import java.util.Base64;

/**
 * The public half of an HPKE key pair (RFC 9180, DHKEM(X25519, HKDF-SHA256)): 32 raw bytes and the
 * {@link KeyId} derived from them. Users and workers each have one; anything wrapped to it opens only with
 * the matching {@link RecipientKeyPair}.
 */
public final class RecipientPublicKey extends RawPublicKey {
    public static final int LENGTH = 32;

    private RecipientPublicKey(byte[] raw) {
        super(raw);
    }

    public static RecipientPublicKey of(byte[] raw) {
        if (raw == null || raw.length != LENGTH) {
            throw new UserException(
                    "an X25519 public key is " + LENGTH + " bytes, got " + (raw == null ? "none" : raw.length));
        }
        return new RecipientPublicKey(raw);
    }

    public static RecipientPublicKey ofBase64(String base64) {
        try {
            return of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new UserException("a public key must be base64 (" + e.getMessage() + ")");
        }
    }

    /** SHA-256 of the raw key: bound into every job's key-wrap context (see docs/FORMAT.md). */
    public byte[] sha256() {
        return KeyId.sha256(bytes());
    }
}
