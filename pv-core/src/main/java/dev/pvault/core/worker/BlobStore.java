package dev.pvault.core.worker;

import java.util.List;
import java.util.Optional;

/**
 * Holds sealed batches by object key ({@code v1/{userId}/batches/{batchId}.pvb}). S3 in the cloud, s3proxy
 * on loopback locally. Everything stored here is sealed; the store never sees a key.
 *
 * <p>Failures an operator can expect to pass (throttling, timeouts, a 5xx) are thrown as {@link
 * RetryableException}; anything else as a {@link dev.pvault.core.VaultException}. Every adapter passes the same
 * contract test ({@code BlobStoreContract}).
 */
public interface BlobStore {

    /** Stores {@code bytes} under {@code key}, replacing what was there. */
    void put(String key, byte[] bytes);

    /**
     * The object under {@code key}, or empty when there is none.
     *
     * @throws OversizeBlobException when the object is larger than {@code maxBytes} (nothing is downloaded)
     */
    Optional<byte[]> get(String key, long maxBytes);

    /** Whether an object is stored under {@code key} (nothing is downloaded). */
    boolean exists(String key);

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key);

    /** The keys that start with {@code prefix}, in lexical order. */
    List<String> list(String prefix);
}
