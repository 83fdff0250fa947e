package dev.pvault.core.crypto;

import java.util.Arrays;
import java.util.Base64;

/** A 32-byte public key and the {@link KeyId} derived from it: the common part of HPKE and signing keys. */
abstract sealed class RawPublicKey permits RecipientPublicKey, SigningPublicKey {
    private final byte[] raw;
    private final KeyId keyId;

    RawPublicKey(byte[] raw) {
        this.raw = raw.clone();
        this.keyId = KeyId.ofPublicKey(this.raw);
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

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && Arrays.equals(raw, ((RawPublicKey) other).raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[keyId=" + keyId + "]";
    }
}
