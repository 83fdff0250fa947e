package dev.pvault.core.crypto;

/** The envelope's own ids (user, batch, job, object key) differ from the ids the caller expected. */
public final class ContextMismatchException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public ContextMismatchException(String message) {
        super(message);
    }

    public ContextMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
