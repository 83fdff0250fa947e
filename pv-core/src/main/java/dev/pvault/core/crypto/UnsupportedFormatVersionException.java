package dev.pvault.core.crypto;

/** The envelope declares a format version this build does not read. */
public final class UnsupportedFormatVersionException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFormatVersionException(String message) {
        super(message);
    }

    public UnsupportedFormatVersionException(String message, Throwable cause) {
        super(message, cause);
    }
}
