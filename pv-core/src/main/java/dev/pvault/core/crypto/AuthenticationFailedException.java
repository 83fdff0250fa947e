package dev.pvault.core.crypto;

/** A tag did not verify: a byte was altered, or a bound context (job id, user id, object key, message id, model, user public key) differs from the one sealed. */
public final class AuthenticationFailedException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
