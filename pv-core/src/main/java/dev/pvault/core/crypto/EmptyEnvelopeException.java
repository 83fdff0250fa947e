package dev.pvault.core.crypto;

/** The input was empty (zero bytes, or an empty field where an envelope belongs). */
public final class EmptyEnvelopeException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public EmptyEnvelopeException(String message) {
        super(message);
    }

    public EmptyEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
