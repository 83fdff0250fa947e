package dev.pvault.aws;

import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.OversizeBlobException;
import dev.pvault.core.worker.RetryableException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Sealed batches in one S3 bucket (s3proxy locally). The objects are sealed; the bucket holds nothing readable. */
public final class S3BlobStore implements BlobStore, AutoCloseable {
    private final S3Client s3;
    private final String bucket;
    private final boolean ownsClient;

    /** A store on a client the caller owns. */
    public S3BlobStore(S3Client s3, String bucket) {
        this(s3, bucket, false);
    }

    private S3BlobStore(S3Client s3, String bucket, boolean ownsClient) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.ownsClient = ownsClient;
    }

    /**
     * A store with its own client (closed with the store). {@code endpoint} points it at an S3-compatible
     * server such as s3proxy; empty means AWS.
     */
    public static S3BlobStore connect(
            String bucket, Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        return new S3BlobStore(AwsClients.s3(region, endpoint, credentials), bucket, true);
    }

    @Override
    public void put(String key, byte[] bytes) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 put of " + key + " (" + bytes.length + " bytes) to " + bucket, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key, long maxBytes) {
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                // Stop the transfer instead of draining what we will not read.
                in.abort();
                throw new OversizeBlobException(key, length, maxBytes);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                in.abort();
                throw new OversizeBlobException(key, bytes.length, maxBytes);
            }
            return Optional.of(bytes);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 get of " + key + " from " + bucket, e);
        } catch (IOException e) {
            throw new RetryableException(
                    "S3 get of " + key + " from " + bucket + " failed while reading: "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false; // HEAD answers carry no body, so S3 cannot say NoSuchKey there
            }
            throw AwsErrors.translate("S3 head of " + key + " in " + bucket, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 head of " + key + " in " + bucket, e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 delete of " + key + " from " + bucket, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            ListObjectsV2Request request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build();
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                page.contents().stream().map(S3Object::key).forEach(keys::add);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 list of " + prefix + " in " + bucket, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }

    @Override
    public String toString() {
        return "S3BlobStore[" + bucket + "]";
    }
}
