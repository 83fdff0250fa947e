package dev.pvault.service;

import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.model.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigns batch transfers with the AWS SDK's {@link S3Presigner} (SigV4 query authentication): against S3,
 * or an S3-compatible server on loopback ({@code endpoint}, path-style). A PUT is bound to its object key,
 * its content length (a signed header: another length fails the signature) and {@link #ttl}.
 *
 * <p>The credentials that sign are chosen per owner ({@code credentialsFor}): with one set for every caller
 * (a loopback server) the service's code alone keeps callers to their prefixes; with session credentials
 * scoped to {@code v1/{owner}/} (see deploy/aws) the object store enforces it too.
 */
public final class S3BatchPresigner implements Presigner, AutoCloseable {
    /** Headers every HTTP client sets itself (and Java's refuses to be given); the rest are sent as signed. */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");

    private final String bucket;
    private final Optional<String> region;
    private final Optional<URI> endpoint;
    private final Function<UserId, AwsCredentialsProvider> credentialsFor;
    private final Duration ttl;
    private final S3Presigner shared;

    private S3BatchPresigner(
            String bucket,
            Optional<String> region,
            Optional<URI> endpoint,
            Function<UserId, AwsCredentialsProvider> credentialsFor,
            Duration ttl,
            AwsCredentialsProvider sharedCredentials) {
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.region = Objects.requireNonNull(region, "region");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentialsFor = credentialsFor;
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.shared = sharedCredentials == null ? null : presigner(sharedCredentials);
    }

    /** Signs every caller's requests with {@code credentials} (a loopback server, or a role reaching v1/ only). */
    public static S3BatchPresigner of(
            String bucket,
            Optional<String> region,
            Optional<URI> endpoint,
            AwsCredentialsProvider credentials,
            Duration ttl) {
        return new S3BatchPresigner(bucket, region, endpoint, null, ttl, credentials);
    }

    /** Signs each caller's requests with credentials of their own ({@code credentialsFor}). */
    public static S3BatchPresigner perCaller(
            String bucket,
            Optional<String> region,
            Optional<URI> endpoint,
            Function<UserId, AwsCredentialsProvider> credentialsFor,
            Duration ttl) {
        return new S3BatchPresigner(bucket, region, endpoint, Objects.requireNonNull(credentialsFor), ttl, null);
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public PresignedRequest upload(UserId owner, String objectKey, long contentLength) {
        return sign(
                owner,
                presigner -> presigner.presignPutObject(request -> request.signatureDuration(ttl)
                        .putObjectRequest(
                                put -> put.bucket(bucket).key(objectKey).contentLength(contentLength))),
                "PUT",
                objectKey);
    }

    @Override
    public PresignedRequest download(UserId owner, String objectKey) {
        return sign(
                owner,
                presigner -> presigner.presignGetObject(request -> request.signatureDuration(ttl)
                        .getObjectRequest(get -> get.bucket(bucket).key(objectKey))),
                "GET",
                objectKey);
    }

    private PresignedRequest sign(
            UserId owner,
            Function<S3Presigner, software.amazon.awssdk.awscore.presigner.PresignedRequest> presign,
            String method,
            String objectKey) {
        software.amazon.awssdk.awscore.presigner.PresignedRequest signed;
        if (shared != null) {
            signed = presign.apply(shared);
        } else {
            try (S3Presigner own = presigner(credentialsFor.apply(owner))) {
                signed = presign.apply(own);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> header : signed.signedHeaders().entrySet()) {
            if (!SET_BY_THE_CLIENT.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), String.join(",", header.getValue()));
            }
        }
        try {
            return new PresignedRequest(method, signed.url().toURI(), objectKey, headers, signed.expiration());
        } catch (java.net.URISyntaxException e) {
            throw new dev.pvault.core.InternalException("the SDK presigned a URL that is not a URI", e);
        }
    }

    private S3Presigner presigner(AwsCredentialsProvider credentials) {
        S3Presigner.Builder builder = S3Presigner.builder().credentialsProvider(credentials);
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(uri -> builder.endpointOverride(uri)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }

    @Override
    public String toString() {
        return "S3BatchPresigner[" + bucket + ", ttl=" + ttl + "]";
    }
}
