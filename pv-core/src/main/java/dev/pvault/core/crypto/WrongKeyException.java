package dev.pvault.core.crypto;

/** The envelope is sealed to a key id that the opener does not hold (another user's or worker's key). */
public final class WrongKeyException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public WrongKeyException(String message) {
        super(message);
    }

    public WrongKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
