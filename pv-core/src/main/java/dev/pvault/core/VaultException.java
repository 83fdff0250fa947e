package dev.pvault.core;

/**
 * The one unchecked exception root of personal-vault.
 *
 * <p>Messages carry diagnostics (ids, key ids, format versions, sizes) and never payload: no message
 * text, key material or vector component may appear in a message of this type or any subtype.
 */
public class VaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
