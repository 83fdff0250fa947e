package dev.pvault.service;

import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.model.UserId;

/**
 * Signs short-lived object-store requests that a client makes itself, so that sealed batches go from the
 * device to the store (and back) without passing through the service. {@code owner} is the caller whose
 * prefix the key is under: an implementation may sign with credentials that reach that prefix only.
 */
public interface Presigner {
    /** A PUT of exactly {@code contentLength} bytes to {@code objectKey}. */
    PresignedRequest upload(UserId owner, String objectKey, long contentLength);

    /** A GET of {@code objectKey}. */
    PresignedRequest download(UserId owner, String objectKey);
}
