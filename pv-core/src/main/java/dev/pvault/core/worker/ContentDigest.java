package dev.pvault.core.worker;

import dev.pvault.core.crypto.KeyId;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A keyed digest of the text a vector was made from, stored beside the sealed vector so that a later job
 * can tell "same message again" from "same id, different content" without anyone holding plaintext.
 * {@code keyId} names the worker key the digest key was derived from (see {@code ContentDigests}).
 */
public final class ContentDigest {
    public static final int LENGTH = 16;

    private final KeyId keyId;
    private final byte[] digest;

    public ContentDigest(KeyId keyId, byte[] digest) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        if (digest == null || digest.length != LENGTH) {
            throw new IllegalArgumentException("a content digest is " + LENGTH + " bytes");
        }
        this.digest = digest.clone();
    }

    public KeyId keyId() {
        return keyId;
    }

    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContentDigest that
                && keyId.equals(that.keyId)
                && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + HexFormat.of().formatHex(digest).hashCode();
    }

    /** Shows the key id only: a digest of a short text could be tested against guesses by a key holder. */
    @Override
    public String toString() {
        return "ContentDigest[keyId=" + keyId + "]";
    }
}
