package dev.pvault.client.index;

import dev.pvault.core.InternalException;

/**
 * A sealed index file is missing, truncated, altered, from another index, or of an unknown format. The index
 * cannot be trusted: {@link SearchIndex#open} reports it as {@link IndexOpening.Damaged} and the caller rebuilds.
 * Messages name files and sizes, never content.
 */
public final class IndexDamagedException extends InternalException {
    private static final long serialVersionUID = 1L;

    IndexDamagedException(String message) {
        super(message);
    }

    IndexDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
