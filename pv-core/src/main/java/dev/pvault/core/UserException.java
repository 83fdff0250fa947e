package dev.pvault.core;

/**
 * What was asked or given is wrong: an option, an input file, a passphrase, a vault that does not exist or
 * is in use, a configuration value. The message says what to change; the CLI prints it and exits 1.
 */
public non-sealed class UserException extends VaultException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
