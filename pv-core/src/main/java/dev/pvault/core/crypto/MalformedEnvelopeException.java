package dev.pvault.core.crypto;

/** The bytes are not an envelope of the expected kind: wrong magic, impossible lengths, invalid fields. */
public final class MalformedEnvelopeException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
