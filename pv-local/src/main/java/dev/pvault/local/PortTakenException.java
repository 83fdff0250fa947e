package dev.pvault.local;

import dev.pvault.core.UnavailableException;

/** A server could not bind its loopback port because another program holds it. */
final class PortTakenException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String server, int port, Throwable cause) {
        super(server + " could not listen on 127.0.0.1:" + port + ": another program uses that port", cause);
    }

    /** Whether {@code failure}, or one of its causes, is a failure to bind a port that is in use. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.BindException) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && message.contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
