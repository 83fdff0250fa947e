package dev.pvault.core;

/**
 * Not the user's doing: a bug, a damaged build (a bundled file missing or altered), or stored data that is
 * inconsistent, damaged or forged. The CLI prints the message (still content-free) and exits 2.
 */
public non-sealed class InternalException extends VaultException {
    private static final long serialVersionUID = 1L;

    public InternalException(String message) {
        super(message);
    }

    public InternalException(String message, Throwable cause) {
        super(message, cause);
    }
}
