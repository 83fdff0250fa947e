package dev.pvault.core.crypto;

import dev.pvault.core.UserException;

/**
 * The key file did not open with the given passphrase (or the file was altered). A user error, not an
 * envelope failure: the person at the keyboard can put it right.
 */
public final class WrongPassphraseException extends UserException {
    private static final long serialVersionUID = 1L;

    public WrongPassphraseException(String message) {
        super(message);
    }

    public WrongPassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}
