package dev.pvault.service;

import dev.pvault.core.api.ObjectTransfer;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.OversizeBlobException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presigned transfers against an in-memory blob store, for fast tests of the service and the client: the
 * presigner hands out {@code memory:} URLs holding a one-time signature, and the transfer honours them as S3
 * honours its own: a PUT only of the signed key and length, before expiry; a GET only of the signed key.
 */
public final class InMemoryObjects implements Presigner, ObjectTransfer {
    private record Grant(String method, String key, long length, java.time.Instant expires) {}

    private final BlobStore blobs;
    private final InstantSource clock;
    private final Duration ttl;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    public InMemoryObjects(BlobStore blobs, InstantSource clock, Duration ttl) {
        this.blobs = blobs;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public PresignedRequest upload(UserId owner, String objectKey, long contentLength) {
        return grant("PUT", objectKey, contentLength);
    }

    @Override
    public PresignedRequest download(UserId owner, String objectKey) {
        return grant("GET", objectKey, -1);
    }

    private PresignedRequest grant(String method, String key, long length) {
        String signature = UUID.randomUUID().toString();
        Grant grant = new Grant(method, key, length, clock.instant().plus(ttl));
        grants.put(signature, grant);
        return new PresignedRequest(
                method, URI.create("memory:" + key + "?signature=" + signature), key, Map.of(), grant.expires());
    }

    @Override
    public void put(PresignedRequest request, byte[] bytes) {
        Grant grant = check(request, "PUT");
        if (grant.length() != bytes.length) {
            throw new IllegalStateException("403: the signed length is " + grant.length() + ", not " + bytes.length);
        }
        blobs.put(grant.key(), bytes);
    }

    @Override
    public Optional<byte[]> get(PresignedRequest request, long maxBytes) {
        Grant grant = check(request, "GET");
        try {
            return blobs.get(grant.key(), maxBytes);
        } catch (OversizeBlobException e) {
            throw e;
        }
    }

    private Grant check(PresignedRequest request, String method) {
        String url = request.url().toString();
        String signature = url.substring(url.indexOf("signature=") + "signature=".length());
        Grant grant = grants.get(signature);
        if (grant == null
                || !grant.method().equals(method)
                || !url.startsWith("memory:" + grant.key() + "?")
                || clock.instant().isAfter(grant.expires())) {
            throw new IllegalStateException("403: the presigned request does not match or has expired");
        }
        return grant;
    }
}
