package dev.pvault.core.crypto;

/** The key file did not open with the given passphrase (or the file was altered). */
public final class WrongPassphraseException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }

    public WrongPassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}
