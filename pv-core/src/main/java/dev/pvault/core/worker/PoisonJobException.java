package dev.pvault.core.worker;

import dev.pvault.core.InternalException;

/**
 * The job can never succeed as it is (its batch is missing or too large, it asks for another model, its
 * counts disagree with its batch). Envelope failures ({@link dev.pvault.core.crypto.EnvelopeException}) are
 * poison too; this type covers what the envelope format does not.
 */
public final class PoisonJobException extends InternalException {
    private static final long serialVersionUID = 1L;

    public PoisonJobException(String message) {
        super(message);
    }
}
