package dev.pvault.core.crypto;

/** The input ends before the layout it declares: fewer bytes than its header, lengths or tag need. */
public final class TruncatedEnvelopeException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public TruncatedEnvelopeException(String message) {
        super(message);
    }

    public TruncatedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
