package dev.pvault.core.worker;

import dev.pvault.core.InternalException;

/** A stored object is larger than the caller allows; a job that points at it is poison. */
public final class OversizeBlobException extends InternalException {
    private static final long serialVersionUID = 1L;

    public OversizeBlobException(String key, long size, long maxBytes) {
        super("object " + key + " is " + size + " bytes, more than the " + maxBytes + " allowed");
    }
}
