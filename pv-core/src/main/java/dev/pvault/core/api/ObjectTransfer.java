package dev.pvault.core.api;

import java.util.Optional;

/**
 * Carries out a {@link PresignedRequest} against the object store: the client's side of a presigned upload or
 * download (over HTTP in every real use; the tests' in-memory service has its own).
 */
public interface ObjectTransfer {
    /** PUTs {@code bytes} as {@code request} allows (its content length must be {@code bytes.length}). */
    void put(PresignedRequest request, byte[] bytes);

    /**
     * GETs what {@code request} names: empty when the object is not there; an {@link
     * dev.pvault.core.worker.OversizeBlobException} when it is larger than {@code maxBytes}.
     */
    Optional<byte[]> get(PresignedRequest request, long maxBytes);
}
