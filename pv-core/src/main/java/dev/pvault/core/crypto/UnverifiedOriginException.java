package dev.pvault.core.crypto;

/**
 * The envelope carries no proof of origin (format v1 predates it) and the caller's {@link OriginPolicy}
 * requires one: it may be the user's own, or a forgery made with the user's public key; nothing tells.
 */
public final class UnverifiedOriginException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public UnverifiedOriginException(String message) {
        super(message);
    }
}
