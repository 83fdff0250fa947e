package dev.pvault.core;

/**
 * Something the vault relies on failed or refused: a database, a queue, the object store, the file system,
 * a port. Nothing the user asked for was wrong; trying again, or mending that service, helps. The CLI
 * prints the message and exits 1; the worker hands a job that meets one back to its queue when the cause
 * may pass ({@link dev.pvault.core.worker.RetryableException}).
 */
public non-sealed class UnavailableException extends VaultException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
