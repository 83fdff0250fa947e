package dev.pvault.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SDK clients the worker uses: sync, on the URL-connection HTTP client named explicitly (with
 * several implementations on a class path the SDK would pick one silently), with an endpoint override for
 * loopback servers. Building a client opens no connection.
 */
final class AwsClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);

    private AwsClients() {}

    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /**
     * S3. With an endpoint override (s3proxy) it also turns off what s3proxy does not speak with SDK ≥ 2.30:
     * flexible checksums (only when required), chunked encoding, virtual-host addressing.
     */
    static S3Client s3(Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder().httpClient(httpClient()).credentialsProvider(credentials);
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(uri -> builder.endpointOverride(uri)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build()));
        return builder.build();
    }

    static SqsClient sqs(Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        var builder = SqsClient.builder().httpClient(httpClient()).credentialsProvider(credentials);
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static SecretsManagerClient secrets(
            Optional<String> region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        var builder = SecretsManagerClient.builder().httpClient(httpClient()).credentialsProvider(credentials);
        region.map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
