package dev.pvault.client.index;

import com.google.crypto.tink.subtle.Hkdf;
import dev.pvault.core.InternalException;
import dev.pvault.core.crypto.UserKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The key that seals a user's search index at rest, derived from the user's keys ({@link UserKeys#searchIndexKey()}),
 * so only the user can open the index and nothing about it is stored. Each sealed file gets its own key from this one
 * (HKDF with the file's random salt and name), see {@link SealedFile}.
 *
 * <p>{@link #close()} zeroes this object's copy (best effort: the JCE keeps copies until collected).
 */
public final class IndexKey implements AutoCloseable {
    static final int LENGTH = 32;
    private final byte[] key;
    private volatile boolean closed;

    private IndexKey(byte[] key) {
        this.key = key;
    }

    /** The index key of {@code keys}' owner. */
    public static IndexKey of(UserKeys keys) {
        return new IndexKey(keys.searchIndexKey());
    }

    /** Takes a copy of 32 key bytes; for tests and tools that hold no {@link UserKeys}. */
    public static IndexKey ofBytes(byte[] key) {
        if (key == null || key.length != LENGTH) {
            throw new InternalException(
                    "an index key is " + LENGTH + " bytes, got " + (key == null ? "none" : key.length));
        }
        return new IndexKey(key.clone());
    }

    /** The key of one sealed file: HKDF-SHA256(index key, salt, label || file name). The caller zeroes it. */
    byte[] fileKey(byte[] salt, String fileName) {
        if (closed) {
            throw new IllegalStateException("index key used after close()");
        }
        byte[] info = ("pvault/v1/index-file\0" + fileName).getBytes(StandardCharsets.UTF_8);
        try {
            return Hkdf.computeHkdf("HMACSHA256", key, salt, info, LENGTH);
        } catch (GeneralSecurityException e) {
            throw new InternalException("HKDF-SHA256 is not available in this JVM", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "IndexKey[redacted]";
    }
}
