package dev.pvault.core.api;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A request the client makes to the object store itself, signed by the service for a short time: a PUT of
 * one sealed batch (bound to its object key and content length) or a GET of one. {@code headers} are sent
 * exactly as given. The URL is a credential while it lasts, so it is never logged.
 */
public record PresignedRequest(
        String method, URI url, String objectKey, Map<String, String> headers, Instant expiresAt) {
    public PresignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(expiresAt, "expiresAt");
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "PresignedRequest[" + method + " " + objectKey + ", signature redacted, expires " + expiresAt + "]";
    }
}
