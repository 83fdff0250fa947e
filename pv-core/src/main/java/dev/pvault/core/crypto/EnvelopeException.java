package dev.pvault.core.crypto;

import dev.pvault.core.InternalException;

/**
 * An envelope (sealed batch, wrapped key, job document, sealed vector, key file) could not be opened.
 *
 * <p>Each failure kind has its own subtype, listed in {@code docs/FORMAT.md}; callers decide on the type
 * (the worker treats every one as a permanent, "poison" failure). Messages name ids, key ids, format
 * versions and sizes, never content.
 */
public abstract sealed class EnvelopeException extends InternalException
        permits EmptyEnvelopeException,
                TruncatedEnvelopeException,
                UnsupportedFormatVersionException,
                MalformedEnvelopeException,
                WrongKeyException,
                ContextMismatchException,
                AuthenticationFailedException,
                UnverifiedOriginException {
    private static final long serialVersionUID = 1L;

    protected EnvelopeException(String message) {
        super(message);
    }

    protected EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
