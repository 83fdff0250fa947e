package dev.pvault.core;

/**
 * The one unchecked exception root of personal-vault, sealed into three kinds by who can act on it:
 *
 * <ul>
 *   <li>{@link UserException}: what was asked or given is wrong (an option, a file, a passphrase, a vault
 *       that does not exist or is in use); the message says how to put it right. The CLI exits 1.
 *   <li>{@link UnavailableException}: something the vault relies on failed or refused (a database, a
 *       queue, the file system, a port); trying again, or mending that service, helps. The CLI exits 1.
 *   <li>{@link InternalException}: not the user's doing: a bug, a damaged build, or stored data that is
 *       inconsistent, damaged or forged. The CLI exits 2.
 * </ul>
 *
 * <p>Messages carry diagnostics (ids, key ids, format versions, sizes) and never payload: no message
 * text, key material or vector component may appear in a message of this type or any subtype.
 */
public abstract sealed class VaultException extends RuntimeException
        permits UserException, UnavailableException, InternalException {
    private static final long serialVersionUID = 1L;

    protected VaultException(String message) {
        super(message);
    }

    protected VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
