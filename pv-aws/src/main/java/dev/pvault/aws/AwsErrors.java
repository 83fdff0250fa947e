package dev.pvault.aws;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.VaultException;
import dev.pvault.core.worker.RetryableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into the vault's: retryable when waiting may help, with status and code, no payload. */
final class AwsErrors {
    private AwsErrors() {}

    static VaultException translate(String operation, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null
                    ? "?"
                    : service.awsErrorDetails().errorCode();
            String message = operation + " failed: HTTP " + status + " " + code;
            boolean transientFailure = status >= 500 || status == 429 || service.isThrottlingException();
            return transientFailure ? new RetryableException(message, e) : new UnavailableException(message, e);
        }
        if (e instanceof SdkClientException) {
            // No response: connection refused or reset, timeout. The network or the service may come back.
            return new RetryableException(operation + " failed: " + e.getClass().getSimpleName() + rootCause(e), e);
        }
        return new UnavailableException(operation + " failed: " + e.getClass().getSimpleName(), e);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root.getClass().getSimpleName() + ")";
    }
}
