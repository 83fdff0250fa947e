package dev.pvault.client.http;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.api.ObjectTransfer;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.worker.OversizeBlobException;
import dev.pvault.core.worker.RetryableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Presigned uploads and downloads over the JDK's HTTP client, straight to the object store (S3, or s3proxy on
 * loopback). Sends the signed headers as given; the URL is a credential while it lasts and is never logged or
 * put in an error (the object key names it).
 */
public final class HttpObjectTransfer implements ObjectTransfer {
    /** Headers the JDK's client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final HttpClient http;
    private final Duration timeout;

    public HttpObjectTransfer(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void put(PresignedRequest request, byte[] bytes) {
        HttpResponse<byte[]> response =
                send(request, HttpRequest.BodyPublishers.ofByteArray(bytes), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw failure("upload of " + request.objectKey() + " (" + bytes.length + " bytes)", response.statusCode());
        }
    }

    @Override
    public Optional<byte[]> get(PresignedRequest request, long maxBytes) {
        HttpResponse<InputStream> response =
                send(request, HttpRequest.BodyPublishers.noBody(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() / 100 != 2) {
                throw failure("download of " + request.objectKey(), response.statusCode());
            }
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length > maxBytes) {
                throw new OversizeBlobException(request.objectKey(), length, maxBytes);
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new OversizeBlobException(request.objectKey(), bytes.length, maxBytes);
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new RetryableException(
                    "download of " + request.objectKey() + " broke off ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private <T> HttpResponse<T> send(
            PresignedRequest request, HttpRequest.BodyPublisher body, HttpResponse.BodyHandler<T> handler) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(request.url()).timeout(timeout).method(request.method(), body);
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        try {
            return http.send(builder.build(), handler);
        } catch (IOException e) {
            throw new RetryableException(
                    request.method() + " of " + request.objectKey() + " failed ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted during the " + request.method() + " of " + request.objectKey());
        }
    }

    private static RuntimeException failure(String what, int status) {
        if (status == 403) {
            // An expired or altered signature, or a length other than the one signed.
            return new InternalException("the object store refused the " + what + " (403: the presigned request"
                    + " expired or does not match)");
        }
        return status >= 500 || status == 429
                ? new RetryableException("the object store answered " + status + " to the " + what)
                : new InternalException("the object store answered " + status + " to the " + what);
    }
}
